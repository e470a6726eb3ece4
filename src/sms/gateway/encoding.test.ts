import { describe, expect, it } from 'vitest';
import {
  concatHeader,
  decodeGsm7,
  decodeText,
  decodeUcs2,
  encodeGsm7,
  encodeUcs2,
  encodingOf,
  segmentCount,
  splitSms,
  unitLength,
} from './encoding.js';

describe('encoding', () => {
  it.each([
    ['Ladefach P20-07 gestartet', 'gsm7'],
    ['Grüße aus Köln: Äpfel, Öl, Übermaß, ß, é, à, ñ', 'gsm7'],
    ['1,50 € [PIN] {x} ~ ^ | \\', 'gsm7'],
    ['Ładowanie', 'ucs2'],
    ['Laden 🔋', 'ucs2'],
    ['ç is only in the Spanish table', 'ucs2'],
    ['â', 'ucs2'],
  ] as const)('%s needs %s', (text, expected) => {
    expect(encodingOf(text)).toBe(expected);
  });

  it('counts extension characters as two septets', () => {
    expect(unitLength('€')).toBe(2);
    expect(unitLength('a€[]')).toBe(7);
    expect(unitLength('🔋')).toBe(2);
  });

  it.each([
    ['', 1],
    ['x'.repeat(160), 1],
    ['x'.repeat(161), 2],
    ['x'.repeat(306), 2],
    ['x'.repeat(307), 3],
    ['€'.repeat(80), 1],
    ['€'.repeat(81), 2],
    ['ł'.repeat(70), 1],
    ['ł'.repeat(71), 2],
    ['ł'.repeat(134), 2],
    ['ł'.repeat(135), 3],
  ])('a text of %#: %i part(s)', (text, parts) => {
    expect(segmentCount(text)).toBe(parts);
  });

  it('never splits an escape sequence across parts', () => {
    // 152 septets, then € (2 septets) would straddle the 153-septet boundary.
    const text = `${'x'.repeat(152)}€${'y'.repeat(20)}`;
    const { parts, encoding } = splitSms(text);
    expect(encoding).toBe('gsm7');
    expect(parts[0]).toBe('x'.repeat(152));
    expect(parts[1]!.startsWith('€')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('never splits a surrogate pair across parts', () => {
    const text = `${'ł'.repeat(66)}🔋${'ł'.repeat(10)}`;
    const { parts } = splitSms(text);
    expect(parts[0]).toBe('ł'.repeat(66));
    expect(parts[1]!.startsWith('🔋')).toBe(true);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(67);
  });

  it('encodes GSM 7-bit unpacked, with the escape for €, and decodes it back', () => {
    expect([...encodeGsm7('@A€')]).toEqual([0x00, 0x41, 0x1b, 0x65]);
    const text = 'Grüße: 1,50 € [PIN 4711] {ok} ~^|\\ @£$¥ ÄÖÑÜ§¿äöñüà';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
    expect(decodeText(encodeGsm7(text), 0)).toBe(text);
    expect(() => encodeGsm7('ł')).toThrow(RangeError);
  });

  it('encodes UCS-2 big-endian, emoji as a surrogate pair', () => {
    expect([...encodeUcs2('Ał')]).toEqual([0x00, 0x41, 0x01, 0x42]);
    expect(encodeUcs2('🔋')).toHaveLength(4);
    expect(decodeUcs2(encodeUcs2('Ładowanie 🔋'))).toBe('Ładowanie 🔋');
    expect(decodeText(encodeUcs2('ł'), 8)).toBe('ł');
  });

  it('decodes Latin-1 (data_coding 3)', () => {
    expect(decodeText(Buffer.from('Grüße', 'latin1'), 3)).toBe('Grüße');
  });

  it('builds the 8-bit concatenation header', () => {
    expect([...concatHeader(0x1a7, 3, 2)]).toEqual([0x05, 0x00, 0x03, 0xa7, 3, 2]);
  });
});
