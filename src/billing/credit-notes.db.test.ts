/**
 * Monthly credit notes (Gutschriften) for carrier-billed SMS sessions on a real database: lines,
 * platform fee, VAT and totals, gapless GS numbers, the PDF and the CSV statement, a month run twice,
 * the platform's run over every institution, and tenant scope.
 */
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import * as s from '../db/schema.js';
import { DevCarrierBillingAdapter } from '../carrier-billing/dev-adapter.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { makeBilledSmsSession, makeHalfHourTariff, systemCtx } from '../../test/support/sms-billing.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { COMPLETE_PROFILE } from './billing.fixtures.js';
import { CreditNoteService } from './credit-notes.service.js';

const FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));
const PLATFORM = {
  ...loadConfig({}).platform,
  legalName: 'Fachwerk Plattform GmbH',
  street: 'Plattformweg 2',
  postalCode: '10115',
  city: 'Berlin',
  vatId: 'DE999999999',
  feeBp: 1000,
};

let server: TestServer;
const db = () => server.database.db;

interface Tenant {
  id: string;
  staff: StaffClients;
  station: typeof s.stations.$inferSelect;
  chargePoints: (typeof s.chargePoints.$inferSelect)[];
  next: number;
}
let a: Tenant;
let b: Tenant;
let c: Tenant;
let platform: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ platform: PLATFORM });
  // Charges are settled by hand below (dated into the month), so no worker runs in between.
  await server.fachwerk.services.carrierBilling.stop();
  server.fachwerk.services.carrierBilling.useAdapter(new DevCarrierBillingAdapter());
  a = await tenant(COMPLETE_PROFILE, null);
  b = await tenant(
    { ...COMPLETE_PROFILE, legalName: 'Wohnbau Beispiel eG', vatId: null, taxNumber: '12/345/67890' },
    750,
  );
  c = await tenant({ legalName: 'Ohne Adresse e.V.' }, null);
  const admin = await makeStaff(db(), 'platform_admin', null);
  platform = await loginClient(server.baseUrl, admin.email, admin.password);
});

afterAll(async () => {
  await server.close();
});

async function tenant(
  profile: Partial<typeof s.institutions.$inferInsert>,
  feeBp: number | null,
): Promise<Tenant> {
  const institution = await makeInstitution(db(), { ...profile, platformFeeBp: feeBp });
  await makeHalfHourTariff(db(), institution.id, 50);
  const { station, chargePoints } = await makeStation(db(), {
    institutionId: institution.id,
    kind: 'locker',
    evses: 20,
    shortNamePrefix: 'P20',
  });
  return {
    id: institution.id,
    staff: await staffClients(server, institution.id),
    station,
    chargePoints,
    next: 0,
  };
}

/** An SMS session started at `startedAt`, charged by the worker and dated as settled at `settledAt`. */
async function charged(t: Tenant, startedAt: string, minutes: number, settledAt: string, phone?: string) {
  const cp = t.chargePoints[t.next++ % t.chargePoints.length]!;
  const billed = await makeBilledSmsSession(server, {
    institutionId: t.id,
    stationId: t.station.id,
    chargePointId: cp.id,
    evseId: cp.evseId,
    startedAt: new Date(startedAt),
    minutes,
    ...(phone === undefined ? {} : { phone }),
  });
  while ((await server.fachwerk.services.carrierBilling.runOnce()) > 0);
  await db()
    .update(s.carrierCharges)
    .set({ settledAt: new Date(settledAt) })
    .where(eq(s.carrierCharges.id, billed.charge!.id));
  return billed;
}

async function pdfText(client: ApiClient, documentId: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/v1/documents/${documentId}/pdf`, {
    headers: { cookie: client.cookie! },
  });
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const pdf = await getDocument({
    data: new Uint8Array(await response.arrayBuffer()),
    isEvalSupported: false,
    standardFontDataUrl: FONTS,
  }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts.join('\n').replace(/\s+/g, ' ');
}

/** RFC 4180 with `;`: quoted fields may hold `;`, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('monthly credit notes', () => {
  let creditNoteId: string;
  let octoberCharges: string[];
  let november: string;

  beforeAll(async () => {
    // October 2026 (Berlin): 70 min = 1,50 €, 25 min = 0,50 €, 95 min = 2,00 €.
    const one = await charged(a, '2026-10-01T08:00:00Z', 70, '2026-10-01T09:20:00Z', '4917155501234');
    const two = await charged(a, '2026-10-15T12:00:00Z', 25, '2026-10-15T12:30:00Z');
    const three = await charged(a, '2026-10-31T21:00:00Z', 95, '2026-10-31T22:50:00Z');
    octoberCharges = [one.charge!.id, two.charge!.id, three.charge!.id];
    // Settled on 1 November Berlin time: next month's.
    november = (await charged(a, '2026-10-31T21:30:00Z', 30, '2026-10-31T23:10:00Z')).charge!.id;
  });

  it('issues one credit note with the sessions, the platform fee, and exact totals', async () => {
    const run = await a.staff.accountant.post('/api/v1/credit-notes/run', { month: '2026-10' });
    expect(run.status).toBe(200);
    expect(run.body.created).toHaveLength(1);
    expect(run.body.existing).toEqual([]);
    const note = run.body.created[0];
    expect(note).toMatchObject({
      institutionId: a.id,
      kind: 'credit_note',
      number: 'GS-2026-000001',
      // Sessions 4,00 € gross (3,36 net + 0,64 VAT per record); fee 10 % = 0,40 € (0,34 + 0,06).
      grossCents: 360,
      netCents: 302,
      vatCents: 58,
    });
    creditNoteId = note.id;
    const detail = await a.staff.admin.get(`/api/v1/documents/${creditNoteId}`);
    expect(detail.status).toBe(200);
    const lines = detail.body.lines as {
      position: number;
      chargeRecordId: string | null;
      description: string;
      vatRateBp: number;
      netCents: number;
      vatCents: number;
      grossCents: number;
    }[];
    expect(lines.map((l) => [l.position, l.grossCents, l.netCents, l.vatCents])).toEqual([
      [1, 150, 126, 24],
      [2, 50, 42, 8],
      [3, 200, 168, 32],
      [4, -40, -34, -6],
    ]);
    expect(lines[0]!.description).toMatch(/^Ladevorgang P20-\d\d 01\.10\.2026 10:00 · \+49 171 •+234$/);
    expect(lines[3]).toMatchObject({ chargeRecordId: null, vatRateBp: 1900 });
    expect(lines[3]!.description).toContain('Plattformgebühr 10 %');
    for (const key of ['netCents', 'vatCents', 'grossCents'] as const)
      expect(lines.reduce((sum, l) => sum + l[key], 0)).toBe(note[key]);

    const charges = await db()
      .select()
      .from(s.carrierCharges)
      .where(inArray(s.carrierCharges.id, octoberCharges));
    expect(charges.every((ch) => ch.creditNoteId === creditNoteId)).toBe(true);
    const [late] = await db().select().from(s.carrierCharges).where(eq(s.carrierCharges.id, november));
    expect(late!.creditNoteId).toBeNull();
  });

  it('prints a Gutschrift from the platform to the institution', async () => {
    const text = await pdfText(a.staff.accountant, creditNoteId);
    for (const expected of [
      'Gutschrift GS-2026-000001',
      '§ 14 Abs. 2 Satz 2 UStG',
      'Fachwerk Plattform GmbH',
      'DE999999999',
      COMPLETE_PROFILE.legalName,
      'DE123456789',
      'Leistungszeitraum',
      '01.10.2026 – 31.10.2026',
      'Einzelverbindungsnachweis',
      '+49 171',
      'Plattformgebühr',
      '4,00 €',
      '-0,40 €',
      '3,60 €',
      COMPLETE_PROFILE.iban,
    ])
      expect(text, expected).toContain(expected);
    expect(text).not.toContain('4917155501234');
  });

  it('gives the itemized statement as CSV for German spreadsheets', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/documents/${creditNoteId}/statement.csv`, {
      headers: { cookie: a.staff.accountant.cookie! },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain('GS-2026-000001');
    const bytes = Buffer.from(await response.arrayBuffer());
    // The byte-order mark, so Excel reads UTF-8 (umlauts, the masked digits).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'Pos.',
      'Beginn',
      'Ladefach',
      'Dauer (min)',
      'Telefon',
      'Beschreibung',
      'Netto',
      'USt-Satz (%)',
      'USt',
      'Brutto',
      'Währung',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows[1]!.slice(0, 5)).toEqual([
      '1',
      '01.10.2026 10:00:00',
      expect.stringMatching(/^P20-/),
      '70,0',
      expect.stringMatching(/^\+49 171 •+234$/),
    ]);
    expect(rows[1]!.slice(6)).toEqual(['1,26', '19', '0,24', '1,50', 'EUR']);
    expect(rows[4]!.slice(0, 5)).toEqual(['4', '', '', '', '']);
    expect(rows[4]!.slice(6)).toEqual(['-0,34', '19', '-0,06', '-0,40', 'EUR']);
  });

  it('issues nothing twice when the month runs again', async () => {
    const again = await a.staff.admin.post('/api/v1/credit-notes/run', { month: '2026-10' });
    expect(again.status).toBe(200);
    expect(again.body.created).toEqual([]);
    expect(again.body.existing.map((d: { id: string }) => d.id)).toEqual([creditNoteId]);
    const notes = await db().select().from(s.documents).where(eq(s.documents.institutionId, a.id));
    expect(notes.filter((d) => d.kind === 'credit_note')).toHaveLength(1);
  });

  it("lists credit notes to the institution's accountant and admin, and to nobody else", async () => {
    for (const client of [a.staff.accountant, a.staff.admin]) {
      const list = await client.get('/api/v1/documents?kind=credit_note');
      expect(list.status).toBe(200);
      expect(list.body.map((d: { id: string }) => d.id)).toEqual([creditNoteId]);
    }
    expect((await a.staff.technician.get('/api/v1/documents?kind=credit_note')).status).toBe(403);
    expect((await b.staff.admin.get('/api/v1/documents?kind=credit_note')).body).toEqual([]);
    expect((await b.staff.admin.get(`/api/v1/documents/${creditNoteId}`)).status).toBe(404);
    expect((await b.staff.accountant.get(`/api/v1/documents/${creditNoteId}/statement.csv`)).status).toBe(
      404,
    );
  });

  it('numbers the next credit note gaplessly', async () => {
    await charged(a, '2026-09-10T10:00:00Z', 30, '2026-09-10T10:40:00Z');
    const run = await a.staff.accountant.post('/api/v1/credit-notes/run', { month: '2026-09' });
    expect(
      run.body.created.map((d: { number: string; grossCents: number }) => [d.number, d.grossCents]),
    ).toEqual([
      ['GS-2026-000002', 45], // 0,50 € minus 0,05 € fee
    ]);
  });

  it('runs every institution for the platform: its own fee, its own numbers, incomplete profiles skipped', async () => {
    // B: 4 × 0,50 € + 1,00 € = 3,00 €, fee 7,5 % = 0,225 → 0,23 € (half up).
    for (let i = 0; i < 4; i++)
      await charged(b, `2026-10-0${i + 2}T10:00:00Z`, 20, `2026-10-0${i + 2}T10:30:00Z`);
    await charged(b, '2026-10-20T10:00:00Z', 50, '2026-10-20T11:00:00Z');
    await charged(c, '2026-10-05T10:00:00Z', 20, '2026-10-05T10:30:00Z');
    const run = await platform.post('/api/v1/credit-notes/run', { month: '2026-10' });
    expect(run.status).toBe(200);
    expect(run.body.created.map((d: { institutionId: string }) => d.institutionId)).toEqual([b.id]);
    expect(run.body.created[0]).toMatchObject({ number: 'GS-2026-000001', grossCents: 300 - 23 });
    expect(run.body.skipped).toEqual([{ institutionId: c.id, missing: expect.arrayContaining(['street']) }]);
    expect(run.body.existing.map((d: { id: string }) => d.id)).toContain(creditNoteId);
    const lines = (await b.staff.admin.get(`/api/v1/documents/${run.body.created[0].id}`)).body.lines;
    expect(lines.at(-1)).toMatchObject({ grossCents: -23, netCents: -19, vatCents: -4 });
    expect(lines.at(-1).description).toContain('7,5 %');
    const pdf = await pdfText(b.staff.accountant, run.body.created[0].id);
    expect(pdf).toContain('Gutschrift');
    expect(pdf).toContain('12/345/67890');
  });

  it('refuses what it must', async () => {
    const month = (body: object) => a.staff.accountant.post('/api/v1/credit-notes/run', body);
    expect((await month({ month: '2026-11' })).status).toBe(422); // not over yet
    expect((await month({ month: '2026-13' })).status).toBe(422);
    expect((await month({ month: 'Oktober' })).status).toBe(422);
    expect((await month({ month: '2026-10', institutionId: b.id })).status).toBe(404);
    expect((await a.staff.technician.post('/api/v1/credit-notes/run', { month: '2026-10' })).status).toBe(
      403,
    );
    const deps = server.fachwerk.services.deps;
    const unconfigured = new CreditNoteService({
      ...deps,
      config: { ...deps.config, platform: { ...PLATFORM, street: undefined, vatId: undefined } },
    });
    await expect(
      unconfigured.run(systemCtx(server), { month: '2026-10', institutionId: a.id }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: { missing: ['PLATFORM_STREET', 'PLATFORM_VAT_ID or PLATFORM_TAX_NUMBER'] },
    });
  });
});
