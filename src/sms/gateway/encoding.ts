/**
 * SMS text encoding as plain functions: which alphabet a text needs, how many parts it takes, and the
 * bytes an SMPP short_message carries. GSM 03.38 7-bit default alphabet (with its extension table,
 * which holds € and brackets at two septets each), otherwise UCS-2. One part holds 160 septets or 70
 * UCS-2 units; a concatenated part loses 7 septets / 3 units to its user data header (153 / 67).
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** GSM 03.38 default alphabet, index = septet value (0x1B is the escape to the extension table). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 extension table: character → septet after the escape. */
const GSM_EXTENSION: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);

const ESCAPE = 0x1b;
const BASIC_INDEX: ReadonlyMap<string, number> = new Map(
  [...GSM_BASIC].map((char, index) => [char, index] as const).filter(([char]) => char !== '\x1b'),
);
const EXTENSION_CHAR: ReadonlyMap<number, string> = new Map(
  [...GSM_EXTENSION].map(([char, septet]) => [septet, char] as const),
);

export const SINGLE_PART = { gsm7: 160, ucs2: 70 } as const;
export const CONCAT_PART = { gsm7: 153, ucs2: 67 } as const;

/** Septets a character takes in GSM 7-bit: 1, 2 (extension table) or undefined (not in GSM). */
function gsmSeptets(char: string): 1 | 2 | undefined {
  if (BASIC_INDEX.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return undefined;
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (gsmSeptets(char) === undefined) return false;
  return true;
}

export function encodingOf(text: string): SmsEncoding {
  return isGsm7(text) ? 'gsm7' : 'ucs2';
}

/** The length in the encoding's units: septets (GSM) or UTF-16 code units (UCS-2). */
export function unitLength(text: string, encoding: SmsEncoding = encodingOf(text)): number {
  if (encoding === 'ucs2') return text.length;
  let septets = 0;
  for (const char of text) septets += gsmSeptets(char) ?? 1;
  return septets;
}

export interface SplitSms {
  encoding: SmsEncoding;
  /** One entry per SMS part; never splits an escape sequence or a surrogate pair. */
  parts: string[];
}

/** Splits a text into the parts a phone receives (one part when it fits a single SMS). */
export function splitSms(text: string): SplitSms {
  const encoding = encodingOf(text);
  if (unitLength(text, encoding) <= SINGLE_PART[encoding]) return { encoding, parts: [text] };
  const capacity = CONCAT_PART[encoding];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  // Iterating by code point keeps surrogate pairs (emoji) together in one part.
  for (const char of text) {
    const size = encoding === 'gsm7' ? (gsmSeptets(char) ?? 1) : char.length;
    if (used + size > capacity) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += size;
  }
  if (current !== '') parts.push(current);
  return { encoding, parts };
}

/** How many SMS parts a text takes (what the carrier bills). */
export function segmentCount(text: string): number {
  return splitSms(text).parts.length;
}

/** GSM 7-bit, unpacked (one septet per byte), as SMPP data_coding 0 carries it. */
export function encodeGsm7(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const basic = BASIC_INDEX.get(char);
    if (basic !== undefined) bytes.push(basic);
    else {
      const extension = GSM_EXTENSION.get(char);
      if (extension === undefined) throw new RangeError(`"${char}" is not in the GSM 7-bit alphabet`);
      bytes.push(ESCAPE, extension);
    }
  }
  return Buffer.from(bytes);
}

export function decodeGsm7(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const septet = bytes[i]! & 0x7f;
    if (septet === ESCAPE && i + 1 < bytes.length) {
      i++;
      text += EXTENSION_CHAR.get(bytes[i]! & 0x7f) ?? ' ';
    } else text += GSM_BASIC[septet] ?? ' ';
  }
  return text;
}

/** UCS-2 big-endian (UTF-16BE: a surrogate pair passes as two units, as phones expect). */
export function encodeUcs2(text: string): Buffer {
  const buffer = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) buffer.writeUInt16BE(text.charCodeAt(i), i * 2);
  return buffer;
}

export function decodeUcs2(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return text;
}

/** SMPP data_coding: 0 = SMSC default alphabet (GSM 03.38), 8 = UCS-2. */
export const DATA_CODING = { gsm7: 0x00, ucs2: 0x08 } as const;

export function encodeText(text: string, encoding: SmsEncoding): Buffer {
  return encoding === 'gsm7' ? encodeGsm7(text) : encodeUcs2(text);
}

/** Decodes a short_message by its data_coding (0 and 1: GSM/IA5 read as GSM; 3: Latin-1; 8: UCS-2). */
export function decodeText(bytes: Uint8Array, dataCoding: number): string {
  const coding = dataCoding & 0x0f;
  if (coding === 0x08) return decodeUcs2(bytes);
  if (coding === 0x03) return Buffer.from(bytes).toString('latin1');
  return decodeGsm7(bytes);
}

/** The concatenation user data header with an 8-bit reference (3GPP TS 23.040 §9.2.3.24.1). */
export function concatHeader(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, sequence]);
}
