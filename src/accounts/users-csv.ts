/**
 * The CSV file of users and cards (docs/accounts.md): reading it into checked rows, with every bad
 * row reported by its line number, and writing it. Pure: no database, no clock.
 *
 * The reader is our own small RFC 4180 parser rather than csv-parse: a broken quote must cost only
 * its own row, reported with the line it starts on, while csv-parse's recovery after a quoting error
 * swallows the following rows.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuthTokenStatus, AuthTokenType, UserStatus } from '../db/schema.js';
import { AUTH_TOKEN_TYPES, normalizeTokenValue } from '../tokens/token-value.js';

export const USER_CSV_COLUMNS = [
  'name',
  'email',
  'phone',
  'locale',
  'street',
  'postal_code',
  'city',
  'country',
  'status',
  'group',
  'company',
  'strategy',
  'card_uid',
  'card_type',
  'card_label',
  'card_status',
  'card_expires',
] as const;

export type UserCsvColumn = (typeof USER_CSV_COLUMNS)[number];

export interface CsvProblem {
  /** The file's line the row starts on; the header is line 1. */
  line: number;
  column?: UserCsvColumn;
  reason: string;
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvDelimiter = ',' | ';';

/** `;` when the header line has more semicolons than commas (Excel in a German locale writes `;`). */
export function detectDelimiter(text: string): CsvDelimiter {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * RFC 4180 records with the line each starts on. A record with broken quoting is reported and
 * skipped; reading goes on at the next line (for a quote never closed: the line after its start).
 * Empty lines are skipped.
 */
export function parseCsv(
  text: string,
  delimiter: CsvDelimiter,
): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = 0;
  let line = 1;
  const skipToNextLine = () => {
    const end = text.indexOf('\n', i);
    i = end === -1 ? text.length : end + 1;
    line++;
  };
  while (i < text.length) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let field = '';
    let atFieldStart = true;
    let inQuotes = false;
    let afterQuote = false;
    let broken: string | undefined;
    for (;;) {
      if (i >= text.length) {
        if (inQuotes) broken = 'broken quoting: a quote is opened and never closed';
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            inQuotes = false;
            afterQuote = true;
            i++;
          }
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        afterQuote = false;
        i++;
        continue;
      }
      if (c === '\n') {
        fields.push(field);
        i++;
        line++;
        break;
      }
      if (afterQuote) {
        broken = 'broken quoting: text after a closing quote (write a quote inside a quoted field as "")';
        skipToNextLine();
        break;
      }
      if (c === '"') {
        if (atFieldStart) {
          inQuotes = true;
          atFieldStart = false;
          i++;
          continue;
        }
        broken = 'broken quoting: a quote inside an unquoted field (quote the whole field)';
        skipToNextLine();
        break;
      }
      field += c;
      atFieldStart = false;
      i++;
    }
    if (broken !== undefined) {
      problems.push({ line: startLine, reason: broken });
      if (inQuotes) {
        // The rest of the file was read as one field: start again on the line after the broken one.
        i = startIndex;
        line = startLine;
        skipToNextLine();
      }
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ line: startLine, fields });
  }
  return { records, problems };
}

export type CsvRow = { line: number } & Partial<Record<UserCsvColumn, string>>;

/** Reads the file into rows keyed by column; a wrong header makes every row unreadable. */
export function readUserCsv(input: string): {
  rows: CsvRow[];
  problems: CsvProblem[];
  delimiter: CsvDelimiter;
} {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const { records, problems } = parseCsv(text, delimiter);
  const header = records[0];
  if (header === undefined || header.line !== 1) {
    if (header === undefined && problems.length === 0)
      return { rows: [], problems: [{ line: 1, reason: 'the file is empty' }], delimiter };
    return {
      rows: [],
      problems: [
        { line: 1, reason: `the first line must be the header: ${USER_CSV_COLUMNS.join(',')}` },
        ...problems,
      ],
      delimiter,
    };
  }
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const headerProblems: CsvProblem[] = [];
  columns.forEach((column, index) => {
    if (!(USER_CSV_COLUMNS as readonly string[]).includes(column))
      headerProblems.push({
        line: 1,
        reason: `unknown column "${column}" (known: ${USER_CSV_COLUMNS.join(', ')})`,
      });
    else if (columns.indexOf(column) !== index)
      headerProblems.push({ line: 1, reason: `column "${column}" appears twice` });
  });
  if (!columns.includes('name')) headerProblems.push({ line: 1, reason: 'the header has no column "name"' });
  if (headerProblems.length > 0) return { rows: [], problems: [...headerProblems, ...problems], delimiter };
  const rows: CsvRow[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        reason: `wrong column count: ${record.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const row: CsvRow = { line: record.line };
    columns.forEach((column, index) => {
      row[column as UserCsvColumn] = record.fields[index]!.trim();
    });
    rows.push(row);
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, delimiter };
}

export interface CardInput {
  value: string;
  type: AuthTokenType;
  label: string | null;
  status: AuthTokenStatus;
  expiresAt: Date | null;
}

/** A checked row. User fields are undefined when their column is absent (an import then keeps them). */
export interface UserCsvEntry {
  line: number;
  name: string;
  email: string | null | undefined;
  phone: string | null | undefined;
  locale: 'de' | 'en' | undefined;
  street: string | null | undefined;
  postalCode: string | null | undefined;
  city: string | null | undefined;
  country: string | undefined;
  status: UserStatus | undefined;
  group: string | null | undefined;
  company: string | null | undefined;
  strategy: string | null | undefined;
  card: CardInput | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** E-mail addresses are stored in lower case, so one address is one user. */
export function normalizeEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) && email.length <= 254 ? email : undefined;
}

/** Phone numbers without spaces and separators, "00" as "+": "+49 170 1234567" → "+491701234567". */
export function normalizePhone(raw: string): string | undefined {
  const phone = raw.replace(/[\s()/.-]/g, '').replace(/^00/, '+');
  return /^\+?[0-9]{3,20}$/.test(phone) ? phone : undefined;
}

const berlinParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Midnight at the start of a calendar day in Europe/Berlin. */
export function berlinMidnight(year: number, month: number, day: number): Date {
  const guess = Date.UTC(year, month - 1, day);
  const parts = berlinParts.formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const offset =
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - guess;
  return new Date(guess - offset);
}

/**
 * An expiry: an ISO 8601 timestamp with offset, or a date (the card is valid through that day,
 * Europe/Berlin, so it expires at the next midnight).
 */
export function parseExpiry(raw: string): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (date !== null) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
    return berlinMidnight(y, m, d + 1);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) return undefined;
  const at = new Date(raw);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Checks one row on its own (names of groups, companies and strategies are checked by the import). */
export function checkUserRow(row: CsvRow): { entry?: UserCsvEntry; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const problem = (column: UserCsvColumn, reason: string) =>
    problems.push({ line: row.line, column, reason });
  const text = (column: UserCsvColumn) => {
    const value = row[column];
    return value === undefined ? undefined : value === '' ? null : value;
  };
  const name = row.name ?? '';
  if (name === '') problem('name', 'name is missing');
  else if (name.length > 200) problem('name', 'name is longer than 200 characters');

  let email = text('email');
  if (typeof email === 'string') {
    const normalized = normalizeEmail(email);
    if (normalized === undefined) problem('email', `"${email}" is not an e-mail address`);
    email = normalized;
  }
  let phone = text('phone');
  if (typeof phone === 'string') {
    const normalized = normalizePhone(phone);
    if (normalized === undefined) problem('phone', `"${phone}" is not a phone number`);
    phone = normalized;
  }
  const localeText = text('locale');
  let locale: 'de' | 'en' | undefined;
  if (localeText !== undefined) {
    const value = (localeText ?? 'de').toLowerCase();
    if (value === 'de' || value === 'en') locale = value;
    else problem('locale', `locale is de or en, not "${localeText}"`);
  }
  const countryText = text('country');
  let country: string | undefined;
  if (countryText !== undefined) {
    country = (countryText ?? 'DE').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country))
      problem('country', `country is a two-letter code (DE), not "${countryText}"`);
  }
  const statusText = text('status');
  let status: UserStatus | undefined;
  if (statusText !== undefined) {
    const value = (statusText ?? 'active').toLowerCase();
    if (value === 'active' || value === 'blocked') status = value;
    else problem('status', `status is active or blocked, not "${statusText}"`);
  }

  let card: CardInput | null = null;
  const uid = text('card_uid');
  if (typeof uid === 'string') {
    const typeText = text('card_type') ?? 'ISO14443';
    const type = AUTH_TOKEN_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
    if (type === undefined)
      problem('card_type', `card type is one of ${AUTH_TOKEN_TYPES.join(', ')}, not "${typeText}"`);
    const normalized = normalizeTokenValue(type ?? 'ISO14443', uid);
    if (!normalized.ok) problem('card_uid', `bad card UID "${uid}": ${normalized.problem}`);
    const cardStatusText = (text('card_status') ?? 'accepted').toLowerCase();
    if (cardStatusText !== 'accepted' && cardStatusText !== 'blocked')
      problem('card_status', `card status is accepted or blocked, not "${text('card_status')}"`);
    const expiresText = text('card_expires');
    let expiresAt: Date | null = null;
    if (typeof expiresText === 'string') {
      const parsed = parseExpiry(expiresText);
      if (parsed === undefined)
        problem(
          'card_expires',
          `"${expiresText}" is neither a date (2027-12-31) nor an ISO 8601 time with offset`,
        );
      else expiresAt = parsed;
    }
    const label = text('card_label') ?? null;
    if (label !== null && label.length > 200)
      problem('card_label', 'card label is longer than 200 characters');
    if (normalized.ok && type !== undefined)
      card = { value: normalized.value, type, label, status: cardStatusText as AuthTokenStatus, expiresAt };
  } else {
    for (const column of ['card_type', 'card_label', 'card_status', 'card_expires'] as const) {
      if (typeof text(column) === 'string') problem(column, `${column} without card_uid`);
    }
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    entry: {
      line: row.line,
      name,
      email: email as string | null | undefined,
      phone: phone as string | null | undefined,
      locale,
      street: text('street'),
      postalCode: text('postal_code'),
      city: text('city'),
      country,
      status,
      group: text('group'),
      company: text('company'),
      strategy: text('strategy'),
      card,
    },
  };
}

export type UserCsvRecord = Record<UserCsvColumn, string>;

/** Writes the file: a header, then one row per record, UTF-8 (optionally with a BOM for Excel). */
export function writeUserCsv(
  records: UserCsvRecord[],
  options: { delimiter?: CsvDelimiter; bom?: boolean } = {},
): string {
  const body = stringify(records, {
    header: true,
    columns: [...USER_CSV_COLUMNS],
    delimiter: options.delimiter ?? ',',
    record_delimiter: '\r\n',
  });
  return options.bom === true ? `\uFEFF${body}` : body;
}
