import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution } from '../../test/support/factories.js';
import { staffClients } from '../../test/support/staff-clients.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import type { ApiClient } from '../../test/http/api-client.js';
import type { LiveEvent } from '../live/live-events.js';

let server: TestServer;
const events: LiveEvent[] = [];
beforeAll(async () => {
  server = await startTestServer();
  server.fachwerk.services.deps.live.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await server?.close();
});

interface World {
  institutionId: string;
  admin: ApiClient;
  technician: ApiClient;
  accountant: ApiClient;
}

async function world(): Promise<World> {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const w = { institutionId: institution.id, ...(await staffClients(server, institution.id)) };
  // The names the files below refer to.
  const prepaid = await w.admin.post('/api/v1/accounting-strategies', { name: 'Prepaid', kind: 'prepaid' });
  await w.admin.post('/api/v1/accounting-strategies', { name: 'Monatsrechnung', kind: 'postpaid' });
  await w.admin.post('/api/v1/user-groups', { name: 'Carsharing A' });
  await w.admin.post('/api/v1/companies', { name: 'Müller & Söhne GmbH', strategyId: prepaid.body.id });
  return w;
}

async function importCsv(client: ApiClient, csv: string, dryRun: boolean, contentType = 'text/csv') {
  const response = await fetch(`${server.baseUrl}/api/v1/users/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { cookie: client.cookie!, 'content-type': contentType },
    body: csv,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer asserted field by field
  const body: any = await response.json();
  return { status: response.status, body };
}

async function exportCsv(client: ApiClient, query = '') {
  const response = await fetch(`${server.baseUrl}/api/v1/users/export${query}`, {
    headers: { cookie: client.cookie! },
  });
  // response.text() would drop a byte order mark.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), text };
}

const GOOD = [
  'name;email;phone;locale;city;group;company;strategy;card_uid;card_type;card_label;card_status;card_expires',
  'Jürgen Weiß;juergen@example.de;+49 170 1234567;de;Köln;Carsharing A;;Prepaid;04:a1:b2:c3;ISO14443;Schlüsselanhänger;accepted;2027-12-31',
  'Jürgen Weiß;juergen@example.de;+49 170 1234567;de;Köln;Carsharing A;;Prepaid;04A1B2C3D4E5F6;ISO14443;"Karte; Büro";blocked;',
  'Özlem Çelik;oezlem@example.de;;en;Düsseldorf;;Müller & Söhne GmbH;;E004010012345678;ISO15693;;accepted;',
  'Ömer ohne Karte;;;de;;;;Monatsrechnung;;;;;',
].join('\r\n');

const BROKEN = [
  'name,email,group,company,strategy,card_uid',
  'Anna,anna@example.de,Carsharing A,,Prepaid,04A1B2C3',
  ',nobody@example.de,,,,',
  'Ben,ben(at)example.de,,,,',
  'Clara,clara@example.de,Carsharing Z,,,',
  'Dora,dora@example.de,,Nobody AG,,',
  'Emil,emil@example.de,,,Gold,',
  'Fritz,fritz@example.de,,,,04A1B2C3',
  'Gerd,gerd@example.de,,,,04A1B2',
  'Hans,hans@example.de,,,',
  '"Ines"x,ines@example.de,,,,',
  'Jan,jan@example.de,,,,0BADCAFE',
].join('\n');

describe('CSV import of users and cards', () => {
  it('reports every bad row in a dry run and writes nothing', async () => {
    const w = await world();
    const { status, body } = await importCsv(w.admin, BROKEN, true);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, valid: false, rows: 11 });
    expect(body.problems.map((p: { line: number; column?: string }) => [p.line, p.column ?? null])).toEqual([
      [3, 'name'],
      [4, 'email'],
      [5, 'group'],
      [6, 'company'],
      [7, 'strategy'],
      [8, 'card_uid'],
      [9, 'card_uid'],
      [10, null],
      [11, null],
    ]);
    const reasons = body.problems.map((p: { reason: string }) => p.reason);
    expect(reasons).toEqual([
      'name is missing',
      '"ben(at)example.de" is not an e-mail address',
      'unknown group "Carsharing Z"',
      'unknown company "Nobody AG"',
      'unknown strategy "Gold"',
      'duplicate card UID 04A1B2C3: already on line 2',
      expect.stringContaining('4, 7 or 10 bytes'),
      'wrong column count: 5 fields, the header has 6',
      expect.stringContaining('broken quoting'),
    ]);
    expect((await w.admin.get('/api/v1/users')).body).toEqual([]);
    expect((await w.admin.get('/api/v1/auth-tokens')).body).toEqual([]);
  });

  it('writes nothing at all when a real import has a bad row', async () => {
    const w = await world();
    const { status, body } = await importCsv(w.admin, BROKEN, false);
    expect(status).toBe(422);
    expect(body.detail).toContain('nothing was imported');
    expect(body.details.problems).toHaveLength(9);
    expect((await w.admin.get('/api/v1/users')).body).toEqual([]);
    // A card another user holds is refused too.
    await w.admin.post('/api/v1/users', { name: 'Owner', email: 'owner@example.de' });
    const owner = (await w.admin.get('/api/v1/users')).body[0];
    await w.admin.post('/api/v1/auth-tokens', { value: '0BADCAFE', userId: owner.id });
    const held = await importCsv(w.admin, 'name,email,card_uid\nJan,jan@example.de,0b:ad:ca:fe\n', false);
    expect(held.status).toBe(422);
    expect(held.body.details.problems).toEqual([
      { line: 2, column: 'card_uid', reason: 'card 0BADCAFE is already held by another user' },
    ]);
    expect((await w.admin.get('/api/v1/users')).body).toHaveLength(1);
  });

  it('imports a ";" file with BOM and umlauts in one go, and tells the local lists', async () => {
    const w = await world();
    const dry = await importCsv(w.admin, `\uFEFF${GOOD}`, true);
    expect(dry.body).toMatchObject({
      valid: true,
      rows: 4,
      users: { created: 3, matched: 0 },
      cards: { created: 3 },
    });
    expect((await w.admin.get('/api/v1/users')).body).toEqual([]);
    const before = events.length;
    const real = await importCsv(w.admin, `\uFEFF${GOOD}`, false, 'text/csv; charset=utf-8');
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({
      dryRun: false,
      valid: true,
      users: { created: 3 },
      cards: { created: 3 },
    });
    expect(events.slice(before)).toContainEqual({ type: 'cards.changed', institutionId: w.institutionId });

    const users = (await w.admin.get('/api/v1/users')).body;
    expect(users.map((u: { name: string }) => u.name)).toEqual([
      'Jürgen Weiß',
      'Ömer ohne Karte',
      'Özlem Çelik',
    ]);
    const juergen = users[0];
    expect(juergen).toMatchObject({
      email: 'juergen@example.de',
      phone: '+491701234567',
      city: 'Köln',
      accountNumber: 'K-000002',
    });
    const cards = (await w.admin.get(`/api/v1/users/${juergen.id}/cards`)).body;
    expect(
      cards.map((c: { value: string; label: string; status: string }) => [c.value, c.label, c.status]),
    ).toEqual([
      ['04A1B2C3', 'Schlüsselanhänger', 'accepted'],
      ['04A1B2C3D4E5F6', 'Karte; Büro', 'blocked'],
    ]);
    expect(cards[0].expiresAt).toBe('2027-12-31T23:00:00.000Z');
    const oezlem = users[2];
    const company = (await w.admin.get('/api/v1/companies')).body[0];
    expect(oezlem).toMatchObject({
      companyId: company.id,
      accountId: null,
      billedAccountId: company.accountId,
      locale: 'en',
    });
    const audit = (await w.admin.get('/api/v1/audit-log?limit=1000')).body;
    expect(audit.filter((a: { action: string }) => a.action === 'users.imported')).toHaveLength(1);
  });

  it('round-trips: import, export, import again changes nothing, and the export reads the same elsewhere', async () => {
    const w = await world();
    expect((await importCsv(w.admin, GOOD, false)).status).toBe(200);
    const first = await exportCsv(w.accountant);
    expect(first.status).toBe(200);
    expect(first.type).toContain('text/csv');
    const lines = first.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'name,email,phone,locale,street,postal_code,city,country,status,group,company,strategy,card_uid,card_type,card_label,card_status,card_expires',
    );
    expect(lines).toHaveLength(5);
    expect(first.text).toContain(',Karte; Büro,blocked,');
    expect(first.text).toContain(
      'Özlem Çelik,oezlem@example.de,,en,,,Düsseldorf,DE,active,,Müller & Söhne GmbH,,E004010012345678',
    );

    const again = await importCsv(w.admin, first.text, false);
    expect(again.body).toMatchObject({
      valid: true,
      users: { created: 0, matched: 3 },
      cards: { created: 0, matched: 3 },
    });
    expect((await exportCsv(w.admin)).text).toBe(first.text);

    const elsewhere = await world();
    expect((await importCsv(elsewhere.admin, first.text, false)).status).toBe(200);
    expect((await exportCsv(elsewhere.admin)).text).toBe(first.text);

    const excel = await exportCsv(w.admin, '?delimiter=%3B&bom=true');
    expect(excel.text.startsWith('\uFEFFname;email;')).toBe(true);
    const fromExcel = await importCsv(w.admin, excel.text, true);
    expect(fromExcel.body).toMatchObject({ valid: true, users: { created: 0, matched: 3 } });
  });

  it('lets only those who manage accounts and cards import', async () => {
    const w = await world();
    expect((await importCsv(w.technician, GOOD, true)).status).toBe(403);
    expect((await importCsv(w.accountant, GOOD, true)).status).toBe(403);
    expect((await exportCsv(w.technician)).status).toBe(200);
    const notCsv = await importCsv(w.admin, '', true);
    expect(notCsv.body.problems).toEqual([{ line: 1, reason: 'the file is empty' }]);
    const other = await world();
    const foreign = await fetch(`${server.baseUrl}/api/v1/users/export?institutionId=${w.institutionId}`, {
      headers: { cookie: other.admin.cookie! },
    });
    expect(foreign.status).toBe(404);
  });
});
