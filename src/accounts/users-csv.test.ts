import { describe, expect, it } from 'vitest';
import {
  berlinMidnight,
  checkUserRow,
  parseCsv,
  parseExpiry,
  readUserCsv,
  writeUserCsv,
  type UserCsvEntry,
  type UserCsvRecord,
} from './users-csv.js';
import { planImport, type ImportLookups } from './users-import-plan.js';

const HEADER = 'name,email,group,company,strategy,card_uid,card_label';

function entries(csv: string): { entries: UserCsvEntry[]; problems: { line: number; reason: string }[] } {
  const { rows, problems } = readUserCsv(csv);
  const result: UserCsvEntry[] = [];
  for (const row of rows) {
    const checked = checkUserRow(row);
    problems.push(...checked.problems);
    if (checked.entry) result.push(checked.entry);
  }
  return { entries: result, problems };
}

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and knows where each row starts', () => {
    const { records, problems } = parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n\nlast,1', ',');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', '1'] },
    ]);
  });

  it('reports broken quoting by line and goes on with the next row', () => {
    const text = 'h1,h2\n"Bro"ken,b\nok,1\nun"quoted,c\n"never closed,x\nafter,2\n';
    const { records, problems } = parseCsv(text, ',');
    expect(records.map((r) => r.fields[0])).toEqual(['h1', 'ok', 'after']);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 5]);
    expect(problems[0]!.reason).toContain('text after a closing quote');
    expect(problems[1]!.reason).toContain('quote inside an unquoted field');
    expect(problems[2]!.reason).toContain('never closed');
  });
});

describe('readUserCsv', () => {
  it('accepts a BOM and ";" as Excel in Germany writes it, keeping umlauts', () => {
    const { rows, problems, delimiter } = readUserCsv(
      '\uFEFFname;email;city\r\nJürgen Öztürk;j@example.de;Köln\r\n',
    );
    expect(problems).toEqual([]);
    expect(delimiter).toBe(';');
    expect(rows).toEqual([{ line: 2, name: 'Jürgen Öztürk', email: 'j@example.de', city: 'Köln' }]);
  });

  it('reports a wrong column count and an unusable header', () => {
    expect(readUserCsv('name,email\nAnna\nBen,b@x.de,extra\n').problems).toEqual([
      { line: 2, reason: 'wrong column count: 1 fields, the header has 2' },
      { line: 3, reason: 'wrong column count: 3 fields, the header has 2' },
    ]);
    expect(readUserCsv('nom,email\nAnna,a@x.de\n').problems.map((p) => p.reason)).toEqual([
      expect.stringContaining('unknown column "nom"'),
      'the header has no column "name"',
    ]);
    expect(readUserCsv('').problems).toEqual([{ line: 1, reason: 'the file is empty' }]);
  });
});

describe('checkUserRow', () => {
  it.each([
    [{ name: '' }, 'name', 'name is missing'],
    [{ name: 'A', email: 'not-an-address' }, 'email', 'is not an e-mail address'],
    [{ name: 'A', phone: 'call me' }, 'phone', 'is not a phone number'],
    [{ name: 'A', locale: 'fr' }, 'locale', 'de or en'],
    [{ name: 'A', status: 'gone' }, 'status', 'active or blocked'],
    [{ name: 'A', card_uid: '04A1B2' }, 'card_uid', '4, 7 or 10 bytes'],
    [{ name: 'A', card_uid: '04A1B2C3', card_type: 'Magstripe' }, 'card_type', 'card type is one of'],
    [{ name: 'A', card_uid: '04A1B2C3', card_status: 'lost' }, 'card_status', 'accepted or blocked'],
    [{ name: 'A', card_uid: '04A1B2C3', card_expires: '31.12.2027' }, 'card_expires', 'neither a date'],
    [{ name: 'A', card_label: 'orphan' }, 'card_label', 'without card_uid'],
  ])('refuses %j on %s', (fields, column, reason) => {
    const { problems, entry } = checkUserRow({ line: 7, ...fields });
    expect(entry).toBeUndefined();
    expect(problems).toEqual([{ line: 7, column, reason: expect.stringContaining(reason) }]);
  });

  it('normalises e-mail, phone and card UID, and keeps absent columns undefined', () => {
    const { entry } = checkUserRow({
      line: 2,
      name: 'Anna',
      email: ' Anna@Example.DE ',
      phone: '0049 170 / 123-4567',
      card_uid: '04:a1:b2:c3',
      card_expires: '2027-12-31',
    });
    expect(entry).toMatchObject({
      email: 'anna@example.de',
      phone: '+491701234567',
      city: undefined,
      card: { value: '04A1B2C3', type: 'ISO14443', status: 'accepted', label: null },
    });
    // Valid through 31 December in Berlin: expires at midnight CET.
    expect(entry!.card!.expiresAt!.toISOString()).toBe('2027-12-31T23:00:00.000Z');
  });
});

describe('expiry dates', () => {
  it('takes a date as valid through that day in Europe/Berlin, summer and winter', () => {
    expect(parseExpiry('2027-06-30')!.toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(berlinMidnight(2027, 3, 28).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(parseExpiry('2027-02-30')).toBeUndefined();
    expect(parseExpiry('2027-01-01T10:00:00+01:00')!.toISOString()).toBe('2027-01-01T09:00:00.000Z');
    expect(parseExpiry('2027-01-01T10:00:00')).toBeUndefined();
  });
});

describe('planImport', () => {
  const lookups = (): ImportLookups => ({
    groups: new Map([['carsharing a', 'g1']]),
    companies: new Map([['acme gmbh', 'c1']]),
    strategies: new Map([['prepaid', 's1']]),
    users: [
      { id: 'u-anna', name: 'Anna', email: 'anna@example.de' },
      { id: 'u-otto', name: 'Otto', email: 'otto@example.de' },
    ],
    cards: new Map([
      ['04A1B2C3', { id: 't1', userId: 'u-anna', companyId: null }],
      ['0BADCAFE', { id: 't2', userId: 'u-otto', companyId: null }],
      ['0C0FFEE0', { id: 't3', userId: null, companyId: 'c1' }],
    ]),
  });

  it('reports every bad row with its line and reason', () => {
    const csv = [
      HEADER,
      'Anna,anna@example.de,Carsharing A,,Prepaid,04A1B2C3,own card',
      'Ben,ben@example.de,Carsharing B,,,04D1D2D3,',
      'Clara,clara@example.de,,Nobody AG,,,',
      'Dora,dora@example.de,,,Gold,,',
      'Emil,emil@example.de,,,,04D1D2D3,',
      'Fritz,fritz@example.de,,,,0BADCAFE,',
      'Gerd,gerd@example.de,,ACME GmbH,Prepaid,,',
      'Hans,hans@example.de,,,,0C0FFEE0,',
      'Anna,anna@example.de,,,Prepaid,04E1E2E3,',
    ].join('\n');
    const read = entries(csv);
    expect(read.problems).toEqual([]);
    const { problems } = planImport(read.entries, lookups());
    expect(problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [3, 'group', 'unknown group "Carsharing B"'],
      [4, 'company', 'unknown company "Nobody AG"'],
      [5, 'strategy', 'unknown strategy "Gold"'],
      [6, 'card_uid', 'duplicate card UID 04D1D2D3: already on line 3'],
      [7, 'card_uid', 'card 0BADCAFE is already held by another user'],
      [8, 'strategy', 'a company member is billed to the company: leave strategy empty'],
      [9, 'card_uid', 'card 0C0FFEE0 is already held by a company'],
      [10, 'group', 'group differs from line 2 for the same user'],
    ]);
  });

  it('matches users by e-mail and by name, and groups a user’s cards', () => {
    const csv = [
      HEADER,
      'Anna,ANNA@example.de,Carsharing A,,Prepaid,04A1B2C3,own card',
      'Anna,anna@example.de,Carsharing A,,Prepaid,04E1E2E3,second card',
      'Karl,,,ACME GmbH,,,',
    ].join('\n');
    const { users, problems } = planImport(entries(csv).entries, lookups());
    expect(problems).toEqual([]);
    expect(users).toHaveLength(2);
    expect(users[0]).toMatchObject({ existingId: 'u-anna', groupId: 'g1', strategyId: 's1' });
    expect(users[0]!.cards.map((c) => [c.value, c.existingId])).toEqual([
      ['04A1B2C3', 't1'],
      ['04E1E2E3', null],
    ]);
    expect(users[1]).toMatchObject({ existingId: null, companyId: 'c1', email: null, cards: [] });
  });
});

describe('writeUserCsv', () => {
  it('writes what readUserCsv reads back, with umlauts, quotes and both delimiters', () => {
    const record: UserCsvRecord = {
      name: 'Jürgen "Jo" Weiß',
      email: 'jw@example.de',
      phone: '',
      locale: 'de',
      street: 'Hauptstraße 1; Hinterhaus',
      postal_code: '50667',
      city: 'Köln',
      country: 'DE',
      status: 'active',
      group: '',
      company: 'Müller, Söhne & Co. KG',
      strategy: '',
      card_uid: '04A1B2C3',
      card_type: 'ISO14443',
      card_label: 'Karte 1',
      card_status: 'accepted',
      card_expires: '',
    };
    for (const delimiter of [',', ';'] as const) {
      const text = writeUserCsv([record], { delimiter, bom: true });
      expect(text.startsWith('\uFEFFname')).toBe(true);
      const { rows, problems } = readUserCsv(text);
      expect(problems).toEqual([]);
      expect(rows).toEqual([{ line: 2, ...record }]);
    }
  });
});
