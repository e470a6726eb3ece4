/** Over HTTP: charge-record totals and the filters of records and documents, as the portal asks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { startSession } from './billing.fixtures.js';

let server: TestServer;
let accountant: ApiClient;
let technician: ApiClient;
let otherAccountant: ApiClient;
let stationId: string;

const db = () => server.database.db;

async function record(
  institutionId: string,
  values: {
    totalCents: number;
    netCents: number;
    vatCents: number;
    energyWh: number;
    strategyKind: s.AccountingStrategyKind | null;
    stoppedAt: string;
    kind?: 'session' | 'correction';
    correctsId?: string;
    sessionId?: string;
  },
) {
  const session =
    values.sessionId === undefined
      ? await startSession(db(), { id: stationId, institutionId }, null)
      : { id: values.sessionId };
  const [row] = await db()
    .insert(s.chargeRecords)
    .values({
      institutionId,
      sessionId: session.id,
      kind: values.kind ?? 'session',
      correctsId: values.correctsId ?? null,
      stationId,
      startedAt: new Date('2025-03-01T08:00:00Z'),
      stoppedAt: new Date(values.stoppedAt),
      durationSeconds: 3600,
      energyWh: values.energyWh,
      lines: [],
      totalCents: values.totalCents,
      vatRateBp: 1900,
      netCents: values.netCents,
      vatCents: values.vatCents,
      booking:
        values.strategyKind === 'prepaid' ? 'ledger' : values.strategyKind === 'carrier' ? 'carrier' : 'none',
      strategyKind: values.strategyKind,
      createdBy: 'test',
    })
    .returning();
  return row!;
}

async function document(institutionId: string, number: string, recipientName: string, issuedAt: string) {
  await db()
    .insert(s.documents)
    .values({
      institutionId,
      kind: number.startsWith('RE') ? 'invoice' : 'receipt',
      number,
      issuedAt: new Date(issuedAt),
      issuer: { name: 'Stadtwerke' },
      recipient: { name: recipientName },
      netCents: 100,
      vatCents: 19,
      grossCents: 119,
      pdf: Buffer.from('%PDF-1.4\n%%EOF\n'),
      createdBy: 'test',
    });
}

beforeAll(async () => {
  server = await startTestServer();
  const own = await makeInstitution(db());
  const other = await makeInstitution(db());
  const { station } = await makeStation(db(), { institutionId: own.id });
  stationId = station.id;
  const login = async (role: 'accountant' | 'service_technician', institutionId: string) => {
    const made = await makeStaff(db(), role, institutionId);
    return loginClient(server.baseUrl, made.email, made.password);
  };
  accountant = await login('accountant', own.id);
  technician = await login('service_technician', own.id);
  otherAccountant = await login('accountant', other.id);

  // Amounts chosen so a float sum would drift (0.1 + 0.2): integer cents must stay exact.
  const first = await record(own.id, {
    totalCents: 10,
    netCents: 8,
    vatCents: 2,
    energyWh: 1000,
    strategyKind: 'prepaid',
    stoppedAt: '2025-03-05T10:00:00Z',
  });
  await record(own.id, {
    totalCents: 20,
    netCents: 17,
    vatCents: 3,
    energyWh: 2500,
    strategyKind: 'carrier',
    stoppedAt: '2025-03-20T10:00:00Z',
  });
  await record(own.id, {
    totalCents: 123_456_789,
    netCents: 103_745_201,
    vatCents: 19_711_588,
    energyWh: 7,
    strategyKind: 'prepaid',
    stoppedAt: '2025-04-02T10:00:00Z',
  });
  // A correction of the first record: its money counts, its energy does not (the session's already did).
  await record(own.id, {
    kind: 'correction',
    correctsId: first.id,
    sessionId: first.sessionId,
    totalCents: -5,
    netCents: -4,
    vatCents: -1,
    energyWh: 1000,
    strategyKind: 'prepaid',
    stoppedAt: '2025-03-06T10:00:00Z',
  });

  await document(own.id, 'RE-2025-000001', 'Carsharing Süd GmbH', '2025-02-01T09:00:00Z');
  await document(own.id, 'RE-2025-000002', 'Erika Mustermann', '2025-03-01T09:00:00Z');
  await document(own.id, 'QU-2025-000001', 'Erika Mustermann', '2025-03-15T09:00:00Z');
  await document(other.id, 'RE-2025-000003', 'Erika Mustermann', '2025-03-01T09:00:00Z');
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/v1/charge-records/totals', () => {
  it('sums every matching record exactly in integer cents, corrections included, energy once', async () => {
    const response = await accountant.get('/api/v1/charge-records/totals');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        currency: 'EUR',
        count: 4,
        energyWh: 3507,
        netCents: 103_745_222,
        vatCents: 19_711_592,
        totalCents: 123_456_814,
      },
    ]);
  });

  it.each([
    [
      'a month',
      'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z',
      { count: 3, totalCents: 25, energyWh: 3500 },
    ],
    ['a strategy kind', 'strategyKind=carrier', { count: 1, totalCents: 20, energyWh: 2500 }],
    ['only sessions', 'kind=session&strategyKind=prepaid', { count: 2, totalCents: 123_456_799 }],
  ])('applies the list filters: %s', async (_name, query, expected) => {
    const response = await accountant.get(`/api/v1/charge-records/totals?${query}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject(expected);
  });

  it('answers an empty list when nothing matches, and sees nothing of another institution', async () => {
    expect((await accountant.get('/api/v1/charge-records/totals?strategyKind=free')).body).toEqual([]);
    expect((await otherAccountant.get('/api/v1/charge-records/totals')).body).toEqual([]);
  });

  it('is money: a service technician gets 403', async () => {
    expect((await technician.get('/api/v1/charge-records/totals')).status).toBe(403);
  });
});

describe('GET /api/v1/charge-records?strategyKind', () => {
  it('lists only the records of that accounting strategy', async () => {
    const response = await accountant.get('/api/v1/charge-records?strategyKind=carrier');
    expect(response.status).toBe(200);
    expect(response.body.map((r: { totalCents: number }) => r.totalCents)).toEqual([20]);
    expect((await accountant.get('/api/v1/charge-records?strategyKind=cash')).status).toBe(400);
  });
});

describe('GET /api/v1/documents search and time range', () => {
  const numbers = async (query: string) => {
    const response = await accountant.get(`/api/v1/documents?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.map((d: { number: string }) => d.number);
  };

  it.each([
    ['part of a number', 'q=re-2025', ['RE-2025-000002', 'RE-2025-000001']],
    ["the recipient's name in any case", 'q=erika', ['QU-2025-000001', 'RE-2025-000002']],
    ['a wildcard taken literally', 'q=%25', []],
    ['a time range', 'from=2025-03-01T00:00:00Z&to=2025-03-10T00:00:00Z', ['RE-2025-000002']],
    ['a month and a range together', 'period=2025-03&from=2025-03-10T00:00:00Z', ['QU-2025-000001']],
    ['kind and search together', 'kind=invoice&q=erika', ['RE-2025-000002']],
  ])('finds documents by %s', async (_name, query, expected) => {
    expect(await numbers(query)).toEqual(expected);
  });
});
