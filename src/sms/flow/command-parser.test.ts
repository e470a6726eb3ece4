import { describe, expect, it } from 'vitest';
import {
  CompartmentNames,
  compactKey,
  detectLanguage,
  editDistance,
  groupKey,
  parseSms,
  type SmsCommand,
} from './command-parser.js';

const names = new CompartmentNames(['P20-01', 'P20-02', 'P20-07', 'P20-12', 'P7-01', 'P7-02', 'Fach A']);
const parse = (text: string) => parseSms(text, names);

describe('compartment names in any spelling', () => {
  it.each([
    'P20-07',
    'p20-07',
    'p20 07',
    'P2007',
    'p 20/07',
    'P20-7',
    'p20.07',
    '  P20 - 07  ',
    'P20_07',
    'p20-07.',
    'P20-07?',
    '"P20-07"',
  ])('reads %j as P20-07', (text) => {
    expect(parse(text).command).toEqual({ kind: 'name', name: 'P20-07' });
  });

  it('finds the name inside a sentence', () => {
    expect(parse('Hallo, bitte P20-07 starten').command).toEqual({ kind: 'start', name: 'P20-07' });
    expect(parse('please stop p7 01 thanks').command).toEqual({ kind: 'stop', name: 'P7-01' });
  });

  it('reads names without digits', () => {
    expect(parse('fach a').command).toEqual({ kind: 'name', name: 'Fach A' });
  });

  it('does not join words that are not next to each other', () => {
    expect(parse('P20 bitte 07').command.kind).not.toBe('name');
  });
});

describe('commands', () => {
  it.each<[string, SmsCommand]>([
    ['STOP P20-07', { kind: 'stop', name: 'P20-07' }],
    ['stop p2007', { kind: 'stop', name: 'P20-07' }],
    ['Stopp P20-07', { kind: 'stop', name: 'P20-07' }],
    ['ENDE P20 07', { kind: 'stop', name: 'P20-07' }],
    ['P20-07 stop', { kind: 'stop', name: 'P20-07' }],
    ['STATUS P20-07', { kind: 'status', name: 'P20-07' }],
    ['status', { kind: 'status', name: undefined }],
    ['STOP', { kind: 'stop', name: undefined }],
    ['START P20-07', { kind: 'start', name: 'P20-07' }],
    ['starten p20-07', { kind: 'start', name: 'P20-07' }],
    ['HILFE', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['Hilfe P20-07', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['Hallo', { kind: 'help' }],
  ])('%j → %j', (text, command) => {
    expect(parse(text).command).toEqual(command);
  });
});

describe('likely typos get a suggestion, never a start', () => {
  it.each<[string, string[]]>([
    ['P20-70', ['P20-07']], // transposed digits
    ['P2070', ['P20-07']],
    ['P20-0', ['P20-01', 'P20-02']], // a digit missing: both are one away
    ['O20-07', ['P20-07']], // neighbouring key
    ['P20-077', ['P20-07']], // one digit too many
    ['P7-1O', ['P7-01']],
  ])('%j → did you mean %j', (text, suggestions) => {
    expect(parse(text).command).toEqual({
      kind: 'unknown',
      intent: 'name',
      typed: text,
      suggestions,
    });
  });

  it('keeps the intent of a command with a misspelt name', () => {
    expect(parse('STOP P20-70').command).toMatchObject({
      kind: 'unknown',
      intent: 'stop',
      suggestions: ['P20-07'],
    });
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(parse('X99-99').command).toEqual({
      kind: 'unknown',
      intent: 'name',
      typed: 'X99-99',
      suggestions: [],
    });
  });

  it('asks between two names that only differ in separators', () => {
    const twins = new CompartmentNames(['P20-07', 'P2-007']);
    expect(parseSms('P2007', twins).command).toMatchObject({
      kind: 'unknown',
      suggestions: ['P20-07', 'P2-007'],
    });
    expect(parseSms('p20-07', twins).command).toEqual({ kind: 'name', name: 'P20-07' });
  });
});

describe('language', () => {
  it.each<[string, 'de' | 'en']>([
    ['P20-07', 'de'],
    ['STOP P20-07', 'de'],
    ['STATUS P20-07', 'de'],
    ['HILFE', 'de'],
    ['HELP', 'en'],
    ['help me', 'en'],
    ['please stop P20-07', 'en'],
    ['how does it work?', 'en'],
    ['Bitte stop P20-07', 'de'],
    ['what is this', 'en'],
    ['Hallo, wie geht das?', 'de'],
    ['', 'de'],
  ])('%j is %s', (text, language) => {
    expect(parse(text).language).toBe(language);
  });

  it('counts words, not letters', () => {
    expect(detectLanguage(['THE', 'IS', 'DAS'])).toBe('en');
    expect(detectLanguage(['HALLO', 'BITTE', 'PLEASE'])).toBe('de');
  });
});

describe('bad input', () => {
  it.each([
    ['emoji', '🔋🔌⚡️'],
    ['emoji around a name', '🔋 P20-07 🙏'],
    ['control characters', '\u0000\u0007P20-07\u001b'],
    ['only punctuation', '-./,;:!'],
    ['digits only', '123456'],
    ['a very long text', 'bla '.repeat(1_000)],
    ['a very long word', 'x'.repeat(5_000)],
    ['right-to-left text', 'مرحبا'],
    ['a phone number', '+49 171 1234567'],
  ])('answers %s with a known command kind and does not throw', (_what, text) => {
    const { command, language } = parse(text);
    expect(['help', 'name', 'unknown', 'start', 'stop', 'status']).toContain(command.kind);
    expect(['de', 'en']).toContain(language);
  });

  it('finds the name around emoji and control characters', () => {
    expect(parse('🔋 P20-07 🙏').command).toEqual({ kind: 'name', name: 'P20-07' });
    expect(parse('\u0007P20-07\u001b').command).toEqual({ kind: 'name', name: 'P20-07' });
  });

  it('reads only the start of a very long text, quickly', () => {
    const started = performance.now();
    const text = `STOP P20-07 ${'lorem ipsum 12 '.repeat(2_000)}`;
    expect(parse(text).command).toEqual({ kind: 'stop', name: 'P20-07' });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('does not find a name placed after the part that is read', () => {
    expect(parse(`${'a '.repeat(400)}P20-07`).command.kind).not.toBe('name');
  });

  it('knows no names at all (a number without compartments)', () => {
    const none = new CompartmentNames([]);
    expect(parseSms('P20-07', none).command).toEqual({
      kind: 'unknown',
      intent: 'name',
      typed: 'P20-07',
      suggestions: [],
    });
  });
});

describe('pieces', () => {
  it.each([
    ['P20-07', 'P2007', 'P|20|7'],
    ['p 20/07', 'P2007', 'P|20|7'],
    ['P2007', 'P2007', 'P|2007'],
    ['Fach 00', 'FACH00', 'FACH|0'],
  ])('keys of %j', (text, compact, groups) => {
    expect(compactKey(text)).toBe(compact);
    expect(groupKey(text)).toBe(groups);
  });

  it.each([
    ['P2007', 'P2007', 0],
    ['P2007', 'P2070', 1],
    ['P2007', 'P207', 1],
    ['P2007', 'P20077', 1],
    ['P2007', 'Q2008', 2],
    ['', 'ABC', 3],
  ])('distance %s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
