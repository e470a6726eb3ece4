import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { apiClient, loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { makePayingCard } from '../../test/support/payers.js';
import { connectStation, type TestStation } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
const clients: TestStation[] = [];
let own: {
  institutionId: string;
  stationId: string;
  otherStationId: string;
  technician: ApiClient;
  accountant: ApiClient;
};
let foreign: { institutionId: string; stationId: string; sessionId: string };
let chargedSessionId: string;
let charged: { chargePointId: string; shortName: string; tokenId: string };

const db = () => server.database.db;
const at = (iso: string) => new Date(iso);

async function insertSession(
  values: Partial<typeof s.sessions.$inferInsert> & { institutionId: string; stationId: string },
) {
  const [row] = await db()
    .insert(s.sessions)
    .values({
      transactionId: `T-${Math.random()}`,
      ocppVersion: 'ocpp1.6',
      startedAt: at('2025-03-01T10:00:00Z'),
      ...values,
    })
    .returning();
  return row!;
}

beforeAll(async () => {
  server = await startTestServer();
  const a = await makeInstitution(db());
  const b = await makeInstitution(db());
  // A bare OCPP client: it answers no local list commands.
  const stationA = await makeStation(db(), { institutionId: a.id, evses: 2, localListEnabled: false });
  const stationA2 = await makeStation(db(), { institutionId: a.id });
  const stationB = await makeStation(db(), { institutionId: b.id });
  const technician = await makeStaff(db(), 'service_technician', a.id);
  const accountant = await makeStaff(db(), 'accountant', a.id);
  own = {
    institutionId: a.id,
    stationId: stationA.station.id,
    otherStationId: stationA2.station.id,
    technician: await loginClient(server.baseUrl, technician.email, technician.password),
    accountant: await loginClient(server.baseUrl, accountant.email, accountant.password),
  };
  await makePayingCard(db(), a.id, 'CAFE0001');

  // One session charged over OCPP, with meter values.
  const client = await connectStation({
    endpoint: server.ocppUrl,
    identity: stationA.station.chargeBoxId,
    password: stationA.password,
    protocols: ['ocpp1.6'],
  });
  clients.push(client);
  await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Locker' });
  const start = (await client.call('StartTransaction', {
    connectorId: 2,
    idTag: 'CAFE0001',
    meterStart: 100,
    timestamp: '2025-03-05T08:00:00Z',
  })) as { transactionId: number };
  await client.call('MeterValues', {
    connectorId: 2,
    transactionId: start.transactionId,
    meterValue: [
      { timestamp: '2025-03-05T08:15:00Z', sampledValue: [{ value: '400', context: 'Sample.Periodic' }] },
      {
        timestamp: '2025-03-05T08:30:00Z',
        sampledValue: [{ value: '0.7', unit: 'kWh', context: 'Sample.Periodic' }],
      },
    ],
  });
  await client.call('StopTransaction', {
    transactionId: start.transactionId,
    meterStop: 800,
    timestamp: '2025-03-05T08:45:00Z',
  });

  const { sessions } = server.fachwerk.services;
  const ownSessions = await sessions.list(
    {
      actor: { kind: 'system', reason: 'test' },
      now: () => new Date(),
      log: server.fachwerk.services.deps.log,
    },
    { stationId: stationA.station.id },
    { limit: 10, offset: 0 },
  );
  chargedSessionId = ownSessions[0]!.id;
  charged = {
    chargePointId: ownSessions[0]!.chargePointId!,
    shortName: ownSessions[0]!.shortName!,
    tokenId: ownSessions[0]!.tokenId!,
  };

  await insertSession({
    institutionId: a.id,
    stationId: stationA2.station.id,
    startedAt: at('2025-02-01T10:00:00Z'),
    status: 'completed',
  });
  await insertSession({
    institutionId: a.id,
    stationId: stationA2.station.id,
    startedAt: at('2025-03-10T10:00:00Z'),
  });
  const foreignSession = await insertSession({
    institutionId: b.id,
    stationId: stationB.station.id,
    startedAt: at('2025-03-02T10:00:00Z'),
  });
  foreign = { institutionId: b.id, stationId: stationB.station.id, sessionId: foreignSession.id };
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

describe('GET /api/v1/sessions', () => {
  it("lists the institution's sessions newest first, never another institution's", async () => {
    const response = await own.technician.get('/api/v1/sessions');
    expect(response.status).toBe(200);
    expect(response.body.map((x: { startedAt: string }) => x.startedAt)).toEqual([
      '2025-03-10T10:00:00.000Z',
      '2025-03-05T08:00:00.000Z',
      '2025-02-01T10:00:00.000Z',
    ]);
    expect(response.body.every((x: { institutionId: string }) => x.institutionId === own.institutionId)).toBe(
      true,
    );
    expect(response.body[1]).toMatchObject({
      id: chargedSessionId,
      status: 'completed',
      evseId: 2,
      energyWh: 700,
      meterStartWh: 100,
      meterStopWh: 800,
      idTag: 'CAFE0001',
      authorizationStatus: 'Accepted',
      authorizationReason: 'card_accepted',
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      shortName: expect.stringMatching(/-02$/),
      ocppVersion: 'ocpp1.6',
    });
  });

  it.each([
    ['stationId', () => `stationId=${own.otherStationId}`, 2],
    ['status', () => 'status=active', 1],
    ['from/to', () => 'from=2025-03-01T00:00:00Z&to=2025-03-06T00:00:00Z', 1],
    ['limit/offset', () => 'limit=1&offset=1', 1],
    ['chargePointId', () => `chargePointId=${charged.chargePointId}`, 1],
    ['short name in any case', () => `shortName=${charged.shortName.toLowerCase()}`, 1],
    ['the beginning of a short name', () => `shortName=${charged.shortName.slice(0, -1)}`, 1],
    ['a short name with a wildcard taken literally', () => 'shortName=%25', 0],
    ['idTag', () => 'idTag=CAFE0001', 1],
    ['an idTag that started nothing', () => 'idTag=CAFE0002', 0],
    ['tokenId', () => `tokenId=${charged.tokenId}`, 1],
    ['short name and status together', () => `shortName=${charged.shortName}&status=active`, 0],
  ])('filters by %s', async (_name, query, n) => {
    const response = await own.accountant.get(`/api/v1/sessions?${query()}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(n);
  });

  it("finds nothing when filtering by another institution's station", async () => {
    const response = await own.technician.get(`/api/v1/sessions?stationId=${foreign.stationId}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
  });

  it('needs a log-in', async () => {
    expect((await apiClient(server.baseUrl).get('/api/v1/sessions')).status).toBe(401);
  });
});

describe('GET /api/v1/sessions/{sessionId}', () => {
  it('shows a session of the institution and hides one of another', async () => {
    expect((await own.technician.get(`/api/v1/sessions/${chargedSessionId}`)).body).toMatchObject({
      energyWh: 700,
    });
    const hidden = await own.technician.get(`/api/v1/sessions/${foreign.sessionId}`);
    expect(hidden.status).toBe(404);
    expect((await own.technician.get('/api/v1/sessions/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('lists its meter values in sampling order', async () => {
    const response = await own.accountant.get(`/api/v1/sessions/${chargedSessionId}/meter-values`);
    expect(response.status).toBe(200);
    expect(response.body.map((m: { value: string; unit: string | null }) => [m.value, m.unit])).toEqual([
      ['400', null],
      ['0.7', 'kWh'],
    ]);
    expect((await own.accountant.get(`/api/v1/sessions/${foreign.sessionId}/meter-values`)).status).toBe(404);
  });
});

describe('GET /api/v1/stations/{stationId}/messages', () => {
  it("lists the station's OCPP exchanges newest first, hidden from other institutions", async () => {
    await server.fachwerk.services.messageLog.flush();
    const response = await own.technician.get(`/api/v1/stations/${own.stationId}/messages?limit=2`);
    expect(response.status).toBe(200);
    expect(
      response.body.map(
        (m: { direction: string; action: string; response: { messageType: number } | null }) => [
          m.direction,
          m.action,
          m.response?.messageType,
        ],
      ),
    ).toEqual([
      ['in', 'StopTransaction', 3],
      ['in', 'MeterValues', 3],
    ]);
    const older = await own.technician.get(
      `/api/v1/stations/${own.stationId}/messages?beforeId=${response.body[1].id}&limit=1`,
    );
    expect(older.body[0]).toMatchObject({
      direction: 'in',
      action: 'StartTransaction',
      response: { messageType: 3 },
    });
    expect(older.body[0].response.payload).toHaveProperty('transactionId');
    expect((await own.technician.get(`/api/v1/stations/${foreign.stationId}/messages`)).status).toBe(404);
  });
});
