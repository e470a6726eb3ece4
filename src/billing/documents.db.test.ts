/** Over HTTP: top-ups with receipts, document numbers, invoice runs and their PDFs, roles. */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../api/http-app.js';
import * as s from '../db/schema.js';
import type { StopTransactionInput } from '../sessions/sessions.service.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import {
  assignTariff,
  billingWorld,
  COMPLETE_PROFILE,
  makeCompanyPayer,
  makePayer,
  startSession,
  testCtx,
} from './billing.fixtures.js';
import { takeDocumentNumber } from './document-numbers.js';

const FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

let server: TestServer;
let world: ReturnType<typeof billingWorld>;
const ctx = testCtx();

beforeAll(async () => {
  server = await startTestServer();
  world = billingWorld(server.database.db);
});
afterAll(async () => {
  world?.billing.close();
  await server?.close();
});

const db = () => server.database.db;

async function pdfText(bytes: ArrayBuffer | Buffer): Promise<string> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
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

async function getPdf(client: ApiClient, documentId: string) {
  const response = await fetch(`${server.baseUrl}/api/v1/documents/${documentId}/pdf`, {
    headers: { cookie: client.cookie! },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: await response.arrayBuffer(),
  };
}

async function institutionWithStaff(profile = true) {
  const institution = await makeInstitution(db(), profile ? COMPLETE_PROFILE : {});
  const { station, chargePoints } = await makeStation(db(), {
    institutionId: institution.id,
    shortNamePrefix: 'P20',
  });
  const staff = async (role: 'institution_admin' | 'accountant' | 'service_technician') => {
    const { email, password } = await makeStaff(db(), role, institution.id);
    return loginClient(server.baseUrl, email, password);
  };
  return {
    institution,
    station,
    chargePoint: chargePoints[0]!,
    admin: await staff('institution_admin'),
    accountant: await staff('accountant'),
    technician: await staff('service_technician'),
  };
}

const ref = (station: { id: string; institutionId: string; chargeBoxId: string }) => ({
  stationId: station.id,
  institutionId: station.institutionId,
  chargeBoxId: station.chargeBoxId,
});

const stop = (
  session: { transactionId: string; startedAt: Date },
  meterStopWh: number,
): StopTransactionInput => ({
  transactionId: session.transactionId,
  meterStopWh,
  stoppedAt: new Date(session.startedAt.getTime() + 62 * 60_000),
  idToken: null,
  reason: 'Local',
  samples: [],
  payload: {},
});

describe('top-ups (Aufladen von Karten)', () => {
  it('books a top-up with a numbered receipt, and a retried request once', async () => {
    const w = await institutionWithStaff();
    const payer = await makePayer(db(), w.institution.id, 'prepaid', { minimumBalanceCents: 500 });
    const year = new Date().getUTCFullYear();
    const body = { amountCents: 2000, note: 'Bar am Empfang', idempotencyKey: 'till-1-0001' };
    const first = await w.accountant.post(`/api/v1/accounts/${payer.account.id}/top-ups`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      balanceCents: 2000,
      entry: { kind: 'topup', amountCents: 2000, note: 'Bar am Empfang' },
      document: { kind: 'receipt', number: `QU-${year}-000001`, grossCents: 2000, vatCents: 0 },
    });
    const again = await w.accountant.post(`/api/v1/accounts/${payer.account.id}/top-ups`, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      replayed: true,
      entry: { id: first.body.entry.id },
      document: { id: first.body.document.id },
    });
    const other = await w.accountant.post(`/api/v1/accounts/${payer.account.id}/top-ups`, {
      ...body,
      amountCents: 3000,
    });
    expect(other.status).toBe(409);

    const balance = await w.accountant.get(`/api/v1/accounts/${payer.account.id}/balance`);
    expect(balance.body).toMatchObject({ balanceCents: 2000, minimumBalanceCents: 500, canStart: true });
    const ledger = await w.accountant.get(`/api/v1/accounts/${payer.account.id}/ledger`);
    expect(ledger.body).toHaveLength(1);
    expect(ledger.body[0]).toMatchObject({ balanceAfterCents: 2000, documentId: first.body.document.id });

    const pdf = await getPdf(w.accountant, first.body.document.id);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = await pdfText(pdf.bytes);
    expect(text).toContain(`QU-${year}-000001`);
    expect(text).toContain('20,00 €');
    expect(text).toContain(COMPLETE_PROFILE.legalName);
    expect(text).toContain(payer.user.name);
    expect(text).toContain('Mehrzweck-Gutschein');
  });

  it('books parallel retries of one top-up once and parallel distinct top-ups each, numbered without gaps', async () => {
    const w = await institutionWithStaff();
    const payer = await makePayer(db(), w.institution.id, 'prepaid');
    const url = `/api/v1/accounts/${payer.account.id}/top-ups`;
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => w.admin.post(url, { amountCents: 1000, idempotencyKey: 'same' })),
    );
    expect(retries.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(retries.map((r) => r.body.entry.id)).size).toBe(1);
    const distinct = await Promise.all(
      Array.from({ length: 6 }, (_, i) => w.admin.post(url, { amountCents: 100 + i })),
    );
    expect(distinct.every((r) => r.status === 201)).toBe(true);
    const balance = await w.admin.get(`/api/v1/accounts/${payer.account.id}/balance`);
    expect(balance.body.balanceCents).toBe(1000 + 6 * 100 + 15);
    const receipts = await w.admin.get(`/api/v1/documents?kind=receipt&accountId=${payer.account.id}`);
    const numbers = receipts.body
      .map((d: { number: string }) => Number(d.number.slice(-6)))
      .sort((a: number, b: number) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses bad top-ups clearly and books nothing', async () => {
    const w = await institutionWithStaff(false);
    const prepaid = await makePayer(db(), w.institution.id, 'prepaid');
    const postpaid = await makePayer(db(), w.institution.id, 'postpaid');
    const noProfile = await w.admin.post(`/api/v1/accounts/${prepaid.account.id}/top-ups`, {
      amountCents: 100,
    });
    expect(noProfile.status).toBe(422);
    expect(noProfile.body.details.missing).toEqual([
      'legalName',
      'street',
      'postalCode',
      'city',
      'vatId or taxNumber',
    ]);
    expect(
      (await w.admin.post(`/api/v1/accounts/${prepaid.account.id}/top-ups`, { amountCents: 0 })).status,
    ).toBe(400);
    expect(
      (await w.admin.post(`/api/v1/accounts/${postpaid.account.id}/refunds`, { amountCents: 100 })).status,
    ).toBe(422);
    expect(
      (await w.admin.post(`/api/v1/accounts/${prepaid.account.id}/corrections`, { amountCents: -100 }))
        .status,
    ).toBe(422);
    const refund = await w.admin.post(`/api/v1/accounts/${prepaid.account.id}/refunds`, { amountCents: 100 });
    expect(refund.status).toBe(201);
    const payout = await w.admin.post(`/api/v1/accounts/${prepaid.account.id}/corrections`, {
      amountCents: -100,
      note: 'Restguthaben ausgezahlt',
    });
    expect(payout.status).toBe(201);
    const ledger = await w.admin.get(`/api/v1/accounts/${prepaid.account.id}/ledger`);
    expect(ledger.body.map((e: { kind: string; amountCents: number }) => [e.kind, e.amountCents])).toEqual([
      ['correction', -100],
      ['refund', 100],
    ]);
    const receipts = await w.admin.get('/api/v1/documents');
    expect(receipts.body).toEqual([]);
  });
});

describe('document numbers', () => {
  it('are gapless per institution, series and year, also with concurrent issuers and a rollback', async () => {
    const institution = await makeInstitution(db());
    const issuedAt = new Date('2026-06-01T10:00:00Z');
    const attempts = Array.from({ length: 8 }, (_, i) =>
      db()
        .transaction(async (tx) => {
          const number = await takeDocumentNumber(tx, institution.id, 'invoice', issuedAt);
          if (i === 2) throw new Error('issuing failed');
          await tx.insert(s.documents).values({
            institutionId: institution.id,
            kind: 'invoice',
            number,
            issuedAt,
            issuer: {},
            recipient: {},
            netCents: 0,
            vatCents: 0,
            grossCents: 0,
            pdf: Buffer.from('%PDF-1.4\n%%EOF\n'),
            createdBy: 'test',
          });
          return number;
        })
        .then(
          (number) => number,
          () => 'rolled back',
        ),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r === 'rolled back')).toHaveLength(1);
    const stored = await db()
      .select({ number: s.documents.number })
      .from(s.documents)
      .where(eq(s.documents.institutionId, institution.id));
    expect(stored.map((d) => d.number).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `RE-2026-00000${i + 1}`),
    );
    // Another series and another year start at 1.
    expect(await db().transaction((tx) => takeDocumentNumber(tx, institution.id, 'receipt', issuedAt))).toBe(
      'QU-2026-000001',
    );
    expect(
      await db().transaction((tx) =>
        takeDocumentNumber(tx, institution.id, 'invoice', new Date('2026-12-31T23:30:00Z')),
      ),
    ).toBe('RE-2027-000001');
  });
});

describe('monthly invoices', () => {
  it('issues one invoice per postpaid account with the §14 UStG fields, and nothing twice', async () => {
    const w = await institutionWithStaff();
    await assignTariff(db(), w.institution.id, w.station.id);
    const driver = await makePayer(db(), w.institution.id, 'postpaid');
    const english = await makePayer(db(), w.institution.id, 'postpaid', { locale: 'en' });
    const company = await makeCompanyPayer(db(), w.institution.id, 'postpaid');
    const prepaid = await makePayer(db(), w.institution.id, 'prepaid');
    const march = (day: number, hour = 10) => new Date(Date.UTC(2025, 2, day, hour));
    const stopAt = async (tokenId: string, startedAt: Date, wh: number) => {
      const session = await startSession(db(), w.station, w.chargePoint.id, {
        tokenId,
        startedAt,
        meterStartWh: 0,
      });
      await world.sessions.stopTransaction(ctx, ref(w.station), stop(session, wh));
      return session;
    };
    await stopAt(driver.card.id, march(3), 5000); // 150 + 150 = 300
    await stopAt(driver.card.id, march(20), 1000); // 150 + 30 = 180
    await stopAt(english.card.id, march(5), 0); // 150
    await stopAt(company.card.id, march(31, 20), 2000); // 31 March 22:00–23:02 Berlin (CEST): still March; 210
    await stopAt(prepaid.card.id, march(4), 1000); // prepaid: not invoiced
    await stopAt(driver.card.id, new Date(Date.UTC(2025, 3, 2)), 1000); // April: not yet

    const run = await w.accountant.post('/api/v1/invoices/run', { month: '2025-03' });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.created).toHaveLength(3);
    expect(run.body.skipped).toEqual([]);
    const byAccount = new Map(run.body.created.map((d: { accountId: string }) => [d.accountId, d]));
    expect(byAccount.get(driver.account.id)).toMatchObject({ grossCents: 480, netCents: 403, vatCents: 77 });
    expect(byAccount.get(company.account.id)).toMatchObject({ grossCents: 210 });
    const year = new Date().getUTCFullYear();
    expect(run.body.created.map((d: { number: string }) => d.number).sort()).toEqual([
      `RE-${year}-000001`,
      `RE-${year}-000002`,
      `RE-${year}-000003`,
    ]);

    const rerun = await w.accountant.post('/api/v1/invoices/run', { month: '2025-03' });
    expect(rerun.body.created).toEqual([]);
    expect(rerun.body.existing.map((d: { id: string }) => d.id).sort()).toEqual(
      run.body.created.map((d: { id: string }) => d.id).sort(),
    );
    expect(
      (await db().select().from(s.documents).where(eq(s.documents.institutionId, w.institution.id))).length,
    ).toBe(3);

    const invoice = byAccount.get(driver.account.id) as { id: string; number: string; dueAt: string };
    const detail = await w.accountant.get(`/api/v1/documents/${invoice.id}`);
    expect(detail.body.lines).toHaveLength(2);
    const text = await pdfText((await getPdf(w.accountant, invoice.id)).bytes);
    for (const expected of [
      'Rechnung',
      invoice.number,
      COMPLETE_PROFILE.legalName,
      COMPLETE_PROFILE.street,
      `${COMPLETE_PROFILE.postalCode} ${COMPLETE_PROFILE.city}`,
      `USt-IdNr. ${COMPLETE_PROFILE.vatId}`,
      driver.user.name,
      'Lindenweg 5',
      '54321 Beispielhausen',
      'Rechnungsdatum',
      'Leistungszeitraum',
      '01.03.2025 – 31.03.2025',
      'P20-01',
      '1 h 02 min',
      '5,000',
      'Nettobetrag 19 %',
      '4,03 €',
      'Umsatzsteuer 19 %',
      '0,77 €',
      'Gesamtbetrag (brutto)',
      '4,80 €',
      'Zahlbar ohne Abzug innerhalb von 14 Tagen',
      COMPLETE_PROFILE.iban,
    ])
      expect(text, expected).toContain(expected);
    const englishInvoice = byAccount.get(english.account.id) as { id: string };
    const englishText = await pdfText((await getPdf(w.accountant, englishInvoice.id)).bytes);
    expect(englishText).toContain('Period of service');
    expect(englishText).toContain('€1.50');

    // Storno: a new document negating the invoice; only once.
    const cancel = await w.accountant.post(`/api/v1/documents/${invoice.id}/cancellation`, {
      reason: 'Falsche Adresse',
    });
    expect(cancel.status).toBe(201);
    expect(cancel.body).toMatchObject({ kind: 'cancellation', cancelsId: invoice.id, grossCents: -480 });
    expect(cancel.body.number).toBe(`ST-${year}-000001`);
    expect(await pdfText((await getPdf(w.accountant, cancel.body.id)).bytes)).toContain(invoice.number);
    expect(
      (await w.accountant.post(`/api/v1/documents/${invoice.id}/cancellation`, { reason: 'again' })).status,
    ).toBe(409);
  });

  it('refuses a run while the billing profile is incomplete, naming what is missing', async () => {
    const w = await institutionWithStaff(false);
    const response = await w.admin.post('/api/v1/invoices/run', { month: '2025-01' });
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('legalName');
    expect(response.body.details.missing).toContain('vatId or taxNumber');
    const put = await w.admin.put(`/api/v1/institutions/${w.institution.id}/billing-profile`, {
      ...COMPLETE_PROFILE,
      vatId: null,
      taxNumber: '143/123/45678',
      iban: 'DE89 3704 0044 0532 0130 00',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      missing: [],
      iban: 'DE89370400440532013000',
      taxNumber: '143/123/45678',
    });
    expect(
      (await w.admin.put(`/api/v1/institutions/${w.institution.id}/billing-profile`, { iban: 'DE00123' }))
        .status,
    ).toBe(422);
    const ok = await w.admin.post('/api/v1/invoices/run', { month: '2025-01' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: [], existing: [], skipped: [] });
    expect((await w.admin.post('/api/v1/invoices/run', { month: '2999-01' })).status).toBe(422);
  });
});

describe('charge records over HTTP', () => {
  it('lists, filters and exports records as CSV for German spreadsheets', async () => {
    const w = await institutionWithStaff();
    await assignTariff(db(), w.institution.id, w.station.id);
    const payer = await makePayer(db(), w.institution.id, 'postpaid');
    const session = await startSession(db(), w.station, w.chargePoint.id, { tokenId: payer.card.id });
    await world.sessions.stopTransaction(ctx, ref(w.station), stop(session, 2234));
    const list = await w.accountant.get(
      `/api/v1/charge-records?accountId=${payer.account.id}&booking=invoice`,
    );
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ sessionId: session.id, totalCents: 187, energyWh: 1234 });
    expect((await w.accountant.get(`/api/v1/charge-records?booking=ledger`)).body).toEqual([]);
    const csv = await fetch(`${server.baseUrl}/api/v1/charge-records/export?accountId=${payer.account.id}`, {
      headers: { cookie: w.accountant.cookie! },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]!.split(';')).toContain('Brutto');
    const row = lines[1]!.split(';');
    expect(row).toContain('1,234');
    expect(row).toContain('1,87');
    expect(row).toContain('19');
  });

  it('prices an unpriced session with the real pricing engine once a tariff exists', async () => {
    const w = await institutionWithStaff();
    const payer = await makePayer(db(), w.institution.id, 'prepaid');
    const session = await startSession(db(), w.station, w.chargePoint.id, { tokenId: payer.card.id });
    await server.fachwerk.services.sessions.stopTransaction(ctx, ref(w.station), stop(session, 2000));
    const unpriced = await w.accountant.get('/api/v1/charge-records/unpriced');
    expect(unpriced.body.map((u: { sessionId: string }) => u.sessionId)).toEqual([session.id]);
    expect((await w.accountant.post(`/api/v1/sessions/${session.id}/charge-record`)).status).toBe(422);

    const [tariff] = await db()
      .insert(s.tariffs)
      .values({
        institutionId: w.institution.id,
        name: 'Ladeschrank',
        definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] },
      })
      .returning();
    await db().insert(s.tariffAssignments).values({
      institutionId: w.institution.id,
      targetKind: 'station',
      targetId: w.station.id,
      tariffId: tariff!.id,
    });
    const priced = await w.accountant.post(`/api/v1/sessions/${session.id}/charge-record`);
    expect(priced.status).toBe(201);
    expect(priced.body).toMatchObject({ totalCents: 150, booking: 'ledger', tariffId: tariff!.id });
    const again = await w.accountant.post(`/api/v1/sessions/${session.id}/charge-record`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(priced.body.id);
    expect((await w.accountant.get(`/api/v1/accounts/${payer.account.id}/balance`)).body.balanceCents).toBe(
      -150,
    );
    expect((await w.accountant.get('/api/v1/charge-records/unpriced')).body).toEqual([]);
  });
});

describe('roles', () => {
  it('answers 403 to a service technician on every money route', async () => {
    const w = await institutionWithStaff();
    const payer = await makePayer(db(), w.institution.id, 'prepaid');
    const session = await startSession(db(), w.station, w.chargePoint.id, { tokenId: payer.card.id });
    const [record] = await db()
      .insert(s.chargeRecords)
      .values({
        institutionId: w.institution.id,
        sessionId: session.id,
        stationId: w.station.id,
        startedAt: session.startedAt,
        stoppedAt: new Date(),
        durationSeconds: 60,
        energyWh: 0,
        lines: [],
        totalCents: 0,
        vatRateBp: 1900,
        netCents: 0,
        vatCents: 0,
        booking: 'none',
        createdBy: 'test',
      })
      .returning();
    const [document] = await db()
      .insert(s.documents)
      .values({
        institutionId: w.institution.id,
        kind: 'invoice',
        number: 'RE-TEST-1',
        issuedAt: new Date(),
        issuer: {},
        recipient: {},
        netCents: 0,
        vatCents: 0,
        grossCents: 0,
        pdf: Buffer.from('%PDF-1.4\n%%EOF\n'),
        createdBy: 'test',
      })
      .returning();
    const ids: Record<string, string> = {
      accountId: payer.account.id,
      chargeRecordId: record!.id,
      documentId: document!.id,
      institutionId: w.institution.id,
      sessionId: session.id,
    };
    const money = registeredRoutes(server.fachwerk.app).filter(
      (route) =>
        (route.schema as { tags?: string[] } | undefined)?.tags?.includes('billing') &&
        route.method !== 'HEAD',
    );
    expect(money.length).toBeGreaterThanOrEqual(16);
    for (const route of money) {
      const url = route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name]!);
      const body = route.method === 'GET' ? undefined : { amountCents: 100, reason: 'x', month: '2025-01' };
      const response = await w.technician.request(route.method, url, body);
      expect(response.status, `${route.method} ${url}`).toBe(403);
    }
    // The accountant reads and manages money.
    expect((await w.accountant.get(`/api/v1/charge-records/${record!.id}`)).status).toBe(200);
    expect((await getPdf(w.accountant, document!.id)).status).toBe(200);
  });
});
