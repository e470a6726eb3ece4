/**
 * The demo of `npm start`: seeded once through the ordinary services, with the money side a visitor
 * clicks through (prices, a prepaid balance, last month's charge records and the company's invoice).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { DEMO } from './demo-data.js';
import { seedDemo, type DemoCredentials } from './seed-demo.js';

let server: TestServer;
let dataDir: string;
let credentials: DemoCredentials;
let admin: ApiClient;
let accountant: ApiClient;

const login = (role: string) => {
  const member = credentials.staff.find((s) => s.role === role)!;
  return loginClient(server.baseUrl, member.email, member.password);
};

beforeAll(async () => {
  server = await startTestServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'fachwerk-demo-'));
  const first = await seedDemo(server.fachwerk.services, dataDir, {
    smsInboundToken: 'demo-token-for-the-test-0001',
  });
  expect(first.seeded).toBe(true);
  credentials = first.credentials;
  admin = await login('institution_admin');
  accountant = await login('accountant');
});

afterAll(async () => {
  await server?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('the demo', () => {
  it('is seeded once: a second start finds it and reads the same log-ins', async () => {
    const again = await seedDemo(server.fachwerk.services, dataDir);
    expect(again.seeded).toBe(false);
    expect(again.credentials).toEqual(credentials);
  });

  it("prices the locker's compartments with the locker tariff (3 h 20 min = 3,50 €)", async () => {
    const locker = await admin.get('/api/v1/stations/DEMO-LOCKER-P20');
    expect(locker.status).toBe(200);
    const compartment = locker.body.chargePoints[6].id as string;
    const quote = await admin.get(`/api/v1/charge-points/${compartment}/quote?duration=PT3H20M`);
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({ tariffName: DEMO.tariffs.locker.name, totalCents: 350 });
    const text = await admin.get(`/api/v1/charge-points/${compartment}/price-text?lang=de`);
    expect(text.body.text).toContain('0,50 € je angefangene 30 Minuten');
  });

  it("has last month's sessions as charge records, booked to the prepaid driver and the company", async () => {
    const records = await accountant.get('/api/v1/charge-records?limit=50');
    expect(records.status).toBe(200);
    const rows = records.body as { booking: string; totalCents: number; accountId: string }[];
    expect(rows).toHaveLength(DEMO.history.length);
    const prepaid = rows.filter((r) => r.booking === 'ledger');
    const invoiced = rows.filter((r) => r.booking === 'invoice');
    expect(prepaid).toHaveLength(DEMO.history.filter((h) => h.holder === 'erika').length);
    expect(invoiced).toHaveLength(DEMO.history.filter((h) => h.holder === 'max').length);
    expect(rows.every((r) => r.totalCents > 0)).toBe(true);

    // Erika's balance is her top-up minus exactly her sessions.
    const balance = await accountant.get(`/api/v1/accounts/${prepaid[0]!.accountId}/balance`);
    const debited = prepaid.reduce((sum, r) => sum + r.totalCents, 0);
    expect(balance.body.balanceCents).toBe(DEMO.topUpCents - debited);

    // The company's invoice for last month holds its members' sessions, and a receipt the top-up.
    const documents = (await accountant.get('/api/v1/documents')).body as {
      kind: string;
      grossCents: number;
      id: string;
    }[];
    const invoice = documents.find((d) => d.kind === 'invoice');
    expect(invoice?.grossCents).toBe(invoiced.reduce((sum, r) => sum + r.totalCents, 0));
    expect(documents.find((d) => d.kind === 'receipt')?.grossCents).toBe(DEMO.topUpCents);
    const pdf = await fetch(`${server.baseUrl}/api/v1/documents/${invoice!.id}/pdf`, {
      headers: { cookie: accountant.cookie! },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('accepts the cards the simulated people carry, and refuses the lost one', async () => {
    const tokens = (await admin.get('/api/v1/auth-tokens')).body as { id: string; value: string }[];
    const reasons = Object.fromEntries(
      await Promise.all(
        tokens.map(async (t) => [
          t.value,
          (await admin.get(`/api/v1/auth-tokens/${t.id}/authorization?stationId=DEMO-LOCKER-P20`)).body
            .reason,
        ]),
      ),
    );
    expect(reasons).toEqual({
      '04A1B2C3D4E5F6': 'card_accepted',
      '04B1B2C3D4E5F7': 'card_accepted',
      DEADBEEF: 'card_blocked',
      '04C1C2C3D4E5F8': 'card_accepted',
      '04D1D2D3D4E5F9': 'card_accepted',
    });
  });

  it('gives a prepaid driver and the company admin portal log-ins to their own area', async () => {
    const drivers = credentials.drivers ?? [];
    expect(drivers.map((d) => [d.email, d.role])).toEqual([
      [DEMO.users.erika.email, 'driver'],
      [DEMO.users.petra.email, 'company_admin'],
    ]);
    const erika = await loginClient(server.baseUrl, drivers[0]!.email, drivers[0]!.password);
    const balance = await erika.get('/api/v1/me/balance');
    expect(balance.body).toMatchObject({ billedTo: 'own', strategyKind: 'prepaid' });
    expect(balance.body.balanceCents).toBeGreaterThan(0);
    expect((await erika.get('/api/v1/me/cards')).body.map((c: { value: string }) => c.value)).toContain(
      '04A1B2C3D4E5F6',
    );
    const petra = await loginClient(server.baseUrl, drivers[1]!.email, drivers[1]!.password);
    const cards = (await petra.get('/api/v1/me/company/cards')).body as { value: string; master: boolean }[];
    expect(cards.map((c) => [c.value, c.master])).toEqual([
      ['04B1B2C3D4E5F7', false],
      ['04C1C2C3D4E5F8', true],
      ['04D1D2D3D4E5F9', false],
    ]);
    const bill = (await petra.get('/api/v1/me/company/documents')).body as { kind: string }[];
    expect(bill.map((d) => d.kind)).toEqual(['invoice']);
  });

  it('owns the short code people text, keeps the webhook token, and answers an SMS with price and PIN', async () => {
    expect(credentials.smsInboundToken).toBe('demo-token-for-the-test-0001');
    const numbers = (await admin.get('/api/v1/sms/numbers')).body as { number: string }[];
    expect(numbers.map((n) => n.number)).toEqual(['841122']);
    const help = await admin.post('/api/v1/sms/test-inbound', {
      from: '+4915100000009',
      to: '841122',
      text: 'HILFE',
    });
    expect(help.status).toBe(200);
    await server.fachwerk.services.smsGateway.idle();
    const answers = (await admin.get('/api/v1/sms/messages?direction=outbound')).body as { text: string }[];
    expect(answers.map((m) => m.text)).toContainEqual(expect.stringMatching(/^Laden per SMS: /));
  });
});
