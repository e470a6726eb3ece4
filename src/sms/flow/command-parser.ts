/**
 * What a person meant by an SMS to a locker number, as a plain function over the text and the
 * compartment names the number knows (charge_points.short_name). People type names from a label or
 * a QR code in every spelling: "p20 07", "P2007", "P20-07", "p 20/07", "P20-7" all mean P20-07. A
 * name that is only nearly right (one key off, two digits swapped, a digit missing) is never
 * started; the answer asks "did you mean P20-07?" instead, since opening the wrong door is worse
 * than one more SMS.
 */
import type { Language } from '../sms.js';

export type SmsCommand =
  /** HILFE, HELP, "?", an empty SMS. */
  | { kind: 'help' }
  /** A known compartment without a keyword: start, or stop when it is this phone's session. */
  | { kind: 'name'; name: string }
  | { kind: 'start'; name: string }
  /** `name` undefined: STOP alone (this phone's only running session). */
  | { kind: 'stop'; name: string | undefined }
  /** `name` undefined: STATUS alone (this phone's running sessions). */
  | { kind: 'status'; name: string | undefined }
  /**
   * No known compartment in the text. `typed`: what looked like a name (has a digit), if anything;
   * `suggestions`: known names a likely typo is close to, best first.
   */
  | { kind: 'unknown'; intent: Intent; typed: string | undefined; suggestions: string[] };

export type Intent = 'name' | 'start' | 'stop' | 'status';

export interface ParsedSms {
  command: SmsCommand;
  language: Language;
}

/** Only so much of a message is read: a name and a keyword are at its start, and parsing stays cheap. */
export const MAX_PARSED_CHARS = 320;
const MAX_TOKENS = 40;
/** A name is rarely written in more than four pieces ("p 20 - 07"). */
const MAX_SPAN = 4;
/** Longer spans are not compared for typos (names are short; this keeps long texts cheap). */
const MAX_FUZZY_KEY = 12;
const MAX_SUGGESTIONS = 2;

const KEYWORDS: Record<string, Intent | 'help'> = {
  STOP: 'stop',
  STOPP: 'stop',
  ENDE: 'stop',
  BEENDEN: 'stop',
  END: 'stop',
  FINISH: 'stop',
  STATUS: 'status',
  STAND: 'status',
  START: 'start',
  STARTEN: 'start',
  LADEN: 'start',
  HILFE: 'help',
  HELP: 'help',
  INFO: 'help',
  '?': 'help',
};

/** Words that show the person wrote English (keywords that are the same in both languages do not count). */
const ENGLISH = new Set([
  'HELP',
  'END',
  'FINISH',
  'PLEASE',
  'PLS',
  'THE',
  'IS',
  'MY',
  'HOW',
  'WHAT',
  'WHERE',
  'HELLO',
  'HI',
  'THANKS',
  'THANK',
  'YOU',
  'OPEN',
  'DOOR',
  'LOCKER',
  'CHARGE',
  'CHARGING',
  'CAN',
  'WANT',
  'I',
  'IT',
  'NOT',
  'DOES',
  'WORK',
  'WITH',
  'AND',
]);

const GERMAN = new Set([
  'HILFE',
  'STOPP',
  'ENDE',
  'BEENDEN',
  'STARTEN',
  'LADEN',
  'STAND',
  'BITTE',
  'HALLO',
  'DAS',
  'DER',
  'DIE',
  'IST',
  'ICH',
  'MEIN',
  'MEINE',
  'FACH',
  'DANKE',
  'WIE',
  'WAS',
  'WO',
  'TÜR',
  'AUF',
  'NICHT',
  'UND',
  'MIT',
  'GEHT',
  'KANN',
]);

/** Upper case, letters and digits only: "p 20/07" → "P2007". */
export function compactKey(text: string): string {
  return text.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Letters and digit groups with leading zeros dropped, so "P20-7" and "P20-07" meet ("P|20|7");
 * "P2007" stays one group and meets "P20-07" through compactKey instead.
 */
export function groupKey(text: string): string {
  const groups = text.toUpperCase().match(/\p{L}+|\p{N}+/gu) ?? [];
  return groups.map((g) => (/^\p{N}+$/u.test(g) ? g.replace(/^0+(?=\d)/, '') : g)).join('|');
}

/** Edit distance with adjacent transpositions (optimal string alignment): "P2070" is 1 from "P2007". */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Letters typed for digits that look alike: "P2O-O7" is P20-07 with two slips, not four. */
const lookalikes = (key: string) => key.replace(/O/g, '0').replace(/[IL]/g, '1');

/**
 * How far off a typed key may be to be suggested: one slip (a wrong, missing, extra or swapped
 * character) for names up to six characters, two for longer ones. More would suggest P20-01 for
 * P20-99, which helps nobody.
 */
const tolerance = (key: string) => (key.length <= 6 ? 1 : 2);

/** The names a number knows, indexed for lookups in every spelling. */
export class CompartmentNames {
  private readonly byCompact = new Map<string, string[]>();
  private readonly byGroups = new Map<string, string[]>();
  readonly names: readonly string[];

  constructor(names: readonly string[]) {
    this.names = names;
    for (const name of names) {
      push(this.byCompact, compactKey(name), name);
      push(this.byGroups, groupKey(name), name);
    }
  }

  /** The one name this spelling means, if exactly one. */
  resolve(typed: string): string | undefined {
    const exact = this.names.find((n) => n.toUpperCase() === typed.trim().toUpperCase());
    if (exact !== undefined) return exact;
    const compact = this.byCompact.get(compactKey(typed));
    if (compact?.length === 1) return compact[0];
    const groups = this.byGroups.get(groupKey(typed));
    if (groups?.length === 1) return groups[0];
    return undefined;
  }

  /** Names a typo is likely to have meant, closest first (never the typed spelling itself). */
  suggest(typed: string): string[] {
    const key = compactKey(typed);
    if (key.length < 2 || key.length > MAX_FUZZY_KEY) return [];
    // Two names with the same compact key ("P20-07", "P2-007"): the spelling alone cannot tell them apart.
    const same = this.byCompact.get(key);
    if (same !== undefined && same.length > 1) return same.slice(0, MAX_SUGGESTIONS);
    const limit = tolerance(key);
    const scored: Array<{ name: string; distance: number }> = [];
    for (const name of this.names) {
      const candidate = compactKey(name);
      if (Math.abs(candidate.length - key.length) > limit) continue;
      const distance = Math.min(
        editDistance(key, candidate),
        editDistance(lookalikes(key), lookalikes(candidate)),
      );
      if (distance <= limit) scored.push({ name, distance });
    }
    scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
    const best = scored[0]?.distance;
    return scored
      .filter((s) => s.distance === best)
      .slice(0, MAX_SUGGESTIONS)
      .map((s) => s.name);
  }
}

function push(map: Map<string, string[]>, key: string, name: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [name]);
  else list.push(name);
}

/** Words split on blanks and sentence punctuation; "-", "/" and "." stay, they are part of names. */
function tokenize(text: string): string[] {
  return text
    .slice(0, MAX_PARSED_CHARS)
    .split(/[\s,;:!]+/u)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .slice(0, MAX_TOKENS);
}

/** "?" alone is a keyword; "P20-07?" is a name with a question mark. */
function keywordOf(token: string): Intent | 'help' | undefined {
  if (token === '?') return 'help';
  return KEYWORDS[compactKey(token)];
}

export function detectLanguage(tokens: readonly string[]): Language {
  let english = 0;
  let german = 0;
  for (const token of tokens) {
    const word = compactKey(token);
    if (ENGLISH.has(word)) english += word === 'HELP' ? 2 : 1;
    if (GERMAN.has(word)) german += 1;
  }
  return english > german ? 'en' : 'de';
}

const hasDigit = (text: string) => /\p{N}/u.test(text);

/**
 * Reads one SMS. The first keyword decides the intent (STOP, STATUS, START, HILFE); a known name
 * anywhere in the text (in up to four pieces) is the compartment. German unless the text is English.
 */
export function parseSms(text: string, names: CompartmentNames): ParsedSms {
  const tokens = tokenize(text);
  const language = detectLanguage(tokens);
  let intent: Intent | 'help' | undefined;
  const rest: number[] = [];
  tokens.forEach((token, index) => {
    const keyword = keywordOf(token);
    if (keyword === undefined) rest.push(index);
    else intent ??= keyword;
  });

  const found = findName(tokens, rest, names);
  const command = ((): SmsCommand => {
    if (found.name !== undefined) {
      if (intent === 'help') return { kind: 'help' };
      if (intent === undefined) return { kind: 'name', name: found.name };
      return { kind: intent, name: found.name };
    }
    if (intent === 'help' || (intent === undefined && found.typed === undefined)) return { kind: 'help' };
    if ((intent === 'stop' || intent === 'status') && found.typed === undefined)
      return { kind: intent, name: undefined };
    return {
      kind: 'unknown',
      intent: intent ?? 'name',
      typed: found.typed,
      suggestions: found.suggestions,
    };
  })();
  return { command, language };
}

interface Found {
  name: string | undefined;
  typed: string | undefined;
  suggestions: string[];
}

/** Tries every run of up to four consecutive non-keyword tokens, longest first, left to right. */
function findName(tokens: readonly string[], indexes: readonly number[], names: CompartmentNames): Found {
  const spans: string[] = [];
  for (let size = Math.min(MAX_SPAN, indexes.length); size >= 1; size--) {
    for (let start = 0; start + size <= indexes.length; start++) {
      const run = indexes.slice(start, start + size);
      // Only consecutive tokens form a name ("P20 bitte 07" is not P20-07).
      if (run[run.length - 1]! - run[0]! !== size - 1) continue;
      spans.push(run.map((i) => tokens[i]).join(' '));
    }
  }
  for (const span of spans) {
    const name = names.resolve(span);
    if (name !== undefined) return { name, typed: span, suggestions: [] };
  }
  // No known name: the longest run that looks like one (a digit in it, no ordinary words) was typed.
  const nameLike = spans.filter(
    (span) => hasDigit(span) && span.split(' ').every((t) => hasDigit(t) || compactKey(t).length <= 2),
  );
  for (const span of nameLike) {
    const suggestions = names.suggest(span);
    if (suggestions.length > 0) return { name: undefined, typed: span, suggestions };
  }
  return { name: undefined, typed: nameLike[0], suggestions: [] };
}
