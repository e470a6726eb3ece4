import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import { makeAuthToken, makeInstitution, makeStation } from '../../test/support/factories.js';
import { makePayingCard } from '../../test/support/payers.js';
import { connectStation, type TestStation } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  institutionId = (await makeInstitution(server.database.db)).id;
  await makePayingCard(server.database.db, institutionId, '04A1B2C3');
  await makeAuthToken(server.database.db, institutionId, 'BLOCKED01', { status: 'blocked' });
  await makeAuthToken(server.database.db, institutionId, 'EXPIRED01', {
    expiresAt: new Date(Date.now() - 60_000),
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;

async function bootedStation(evses = 2) {
  const made = await makeStation(db(), { institutionId, evses });
  const client = await connectStation({
    endpoint: server.ocppUrl,
    identity: made.station.chargeBoxId,
    password: made.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
  });
  clients.push(client);
  await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Locker' });
  return { ...made, client };
}

const iso = (ms: number) => new Date(ms).toISOString();

async function sessionsOf(stationId: string) {
  return db().select().from(s.sessions).where(eq(s.sessions.stationId, stationId));
}

async function meterRowsOf(sessionId: string) {
  return db().select().from(s.meterValues).where(eq(s.meterValues.sessionId, sessionId));
}

type StartConf = { transactionId: number; idTagInfo: { status: string } };

describe('Authorize', () => {
  it.each([
    ['04A1B2C3', 'Accepted'],
    ['04a1b2c3', 'Accepted'],
    ['BLOCKED01', 'Blocked'],
    ['EXPIRED01', 'Expired'],
    ['UNKNOWN99', 'Invalid'],
  ])('answers %s with %s', async (idTag, status) => {
    const { client } = await bootedStation();
    expect(await client.call('Authorize', { idTag })).toEqual({ idTagInfo: { status } });
  });
});

describe('a transaction', () => {
  it('goes through start, meter values and stop, stored and kept current at every step', async () => {
    const { client, station, chargePoints } = await bootedStation();
    const events: LiveEvent[] = [];
    const unsubscribe = server.fachwerk.services.deps.live.subscribe((e) => events.push(e));
    const t0 = Date.now() - 60_000;
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: '04A1B2C3',
      meterStart: 1_000,
      timestamp: iso(t0),
    })) as StartConf;
    expect(start.idTagInfo.status).toBe('Accepted');
    expect(Number.isInteger(start.transactionId)).toBe(true);

    // Stored before the answer: no waiting here.
    let [session] = await sessionsOf(station.id);
    expect(session).toMatchObject({
      transactionId: String(start.transactionId),
      status: 'active',
      evseId: 1,
      chargePointId: chargePoints[0]!.id,
      idTag: '04A1B2C3',
      authorizationStatus: 'Accepted',
      meterStartWh: 1_000,
      energyWh: 0,
      offline: false,
    });
    expect(session!.startedAt.getTime()).toBe(t0);

    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [
        {
          timestamp: iso(t0 + 30_000),
          // Without measurand: the energy import register; here in kWh.
          sampledValue: [
            { value: '1.75', unit: 'kWh', context: 'Sample.Periodic' },
            { value: '11.2', measurand: 'Power.Active.Import', unit: 'kW' },
          ],
        },
      ],
    });
    [session] = await sessionsOf(station.id);
    expect(session!.energyWh).toBe(750);
    expect(await meterRowsOf(session!.id)).toHaveLength(2);

    const stop = await client.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: '04A1B2C3',
      meterStop: 2_500,
      timestamp: iso(t0 + 50_000),
      reason: 'EVDisconnected',
      transactionData: [
        { timestamp: iso(t0), sampledValue: [{ value: '1000', context: 'Transaction.Begin' }] },
        { timestamp: iso(t0 + 50_000), sampledValue: [{ value: '2500', context: 'Transaction.End' }] },
      ],
    });
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted' } });
    [session] = await sessionsOf(station.id);
    expect(session).toMatchObject({
      status: 'completed',
      meterStopWh: 2_500,
      energyWh: 1_500,
      stopReason: 'EVDisconnected',
    });
    expect(session!.stoppedAt!.getTime()).toBe(t0 + 50_000);
    expect(await meterRowsOf(session!.id)).toHaveLength(4);
    unsubscribe();
    expect(events.map((e) => e.type)).toEqual(['session.started', 'session.updated', 'session.stopped']);
    expect(events[2]).toMatchObject({ sessionId: session!.id, energyWh: 1_500 });
  });

  it('records a start with a refused token and tells the station', async () => {
    const { client, station } = await bootedStation();
    const start = (await client.call('StartTransaction', {
      connectorId: 2,
      idTag: 'BLOCKED01',
      meterStart: 0,
      timestamp: iso(Date.now()),
    })) as StartConf;
    expect(start.idTagInfo.status).toBe('Blocked');
    const [session] = await sessionsOf(station.id);
    expect(session).toMatchObject({
      authorizationStatus: 'Blocked',
      transactionId: String(start.transactionId),
    });
  });

  it('gives a repeated StartTransaction the same transaction id and stores it once, even when both arrive at once', async () => {
    const { client, station } = await bootedStation();
    const request = {
      connectorId: 1,
      idTag: '04A1B2C3',
      meterStart: 500,
      timestamp: iso(Date.now() - 1_000),
    };
    const [a, b] = (await Promise.all([
      client.call('StartTransaction', request),
      client.call('StartTransaction', request),
    ])) as StartConf[];
    const c = (await client.call('StartTransaction', request)) as StartConf;
    expect(b!.transactionId).toBe(a!.transactionId);
    expect(c.transactionId).toBe(a!.transactionId);
    expect(await sessionsOf(station.id)).toHaveLength(1);
    // Another start on the same connector later is a new transaction.
    const d = (await client.call('StartTransaction', {
      ...request,
      timestamp: iso(Date.now()),
    })) as StartConf;
    expect(d.transactionId).not.toBe(a!.transactionId);
  });

  it('stores a repeated StopTransaction once', async () => {
    const { client, station } = await bootedStation();
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: '04A1B2C3',
      meterStart: 100,
      timestamp: iso(Date.now() - 10_000),
    })) as StartConf;
    const stop = {
      transactionId: start.transactionId,
      meterStop: 400,
      timestamp: iso(Date.now()),
      transactionData: [
        { timestamp: iso(Date.now()), sampledValue: [{ value: '400', context: 'Transaction.End' }] },
      ],
    };
    await Promise.all([client.call('StopTransaction', stop), client.call('StopTransaction', stop)]);
    await client.call('StopTransaction', { ...stop, meterStop: 999 });
    const [session] = await sessionsOf(station.id);
    expect(session).toMatchObject({
      status: 'completed',
      meterStopWh: 400,
      energyWh: 300,
      stopReason: 'Local',
    });
    expect(await meterRowsOf(session!.id)).toHaveLength(1);
  });

  it('answers a StopTransaction of an unknown transaction normally and keeps it as a station event', async () => {
    const { client, station } = await bootedStation();
    const request = {
      transactionId: 987_654_321,
      meterStop: 1234,
      timestamp: iso(Date.now()),
      idTag: '04A1B2C3',
    };
    expect(await client.call('StopTransaction', request)).toEqual({ idTagInfo: { status: 'Accepted' } });
    const kept = await db()
      .select()
      .from(s.stationEvents)
      .where(
        and(eq(s.stationEvents.stationId, station.id), eq(s.stationEvents.kind, 'unknown_transaction_stop')),
      );
    expect(kept).toHaveLength(1);
    expect(kept[0]!.payload).toMatchObject(request);
  });

  it('takes a transaction reported late, after an offline period, with the station timestamps', async () => {
    const { client, station } = await bootedStation();
    const t0 = Date.now() - 3 * 3_600_000;
    const start = (await client.call('StartTransaction', {
      connectorId: 2,
      idTag: '04A1B2C3',
      meterStart: 10_000,
      timestamp: iso(t0),
    })) as StartConf;
    await client.call('MeterValues', {
      connectorId: 2,
      transactionId: start.transactionId,
      meterValue: [
        {
          timestamp: iso(t0 + 1_800_000),
          sampledValue: [{ value: '10400', measurand: 'Energy.Active.Import.Register' }],
        },
      ],
    });
    await client.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: 10_900,
      timestamp: iso(t0 + 3_600_000),
    });
    const [session] = await sessionsOf(station.id);
    expect(session).toMatchObject({ status: 'completed', offline: true, energyWh: 900 });
    expect(session!.startedAt.getTime()).toBe(t0);
    expect(session!.stoppedAt!.getTime()).toBe(t0 + 3_600_000);
  });
});

describe('meter values', () => {
  it('are stored before the answer, however many stations send at once', async () => {
    const stations = await Promise.all(Array.from({ length: 8 }, () => bootedStation(1)));
    await Promise.all(
      stations.map(async ({ client, station }) => {
        for (let i = 0; i < 5; i++) {
          await client.call('MeterValues', {
            connectorId: 1,
            meterValue: [{ timestamp: iso(Date.now()), sampledValue: [{ value: String(1000 + i) }] }],
          });
          const [n] = await db()
            .select({ n: count() })
            .from(s.meterValues)
            .where(eq(s.meterValues.stationId, station.id));
          expect(n!.n).toBe(i + 1);
        }
      }),
    );
  });

  it('of an unknown transaction are kept without a session', async () => {
    const { client, station } = await bootedStation();
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: 55_555_555,
      meterValue: [{ timestamp: iso(Date.now()), sampledValue: [{ value: '1' }] }],
    });
    const rows = await db().select().from(s.meterValues).where(eq(s.meterValues.stationId, station.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sessionId).toBeNull();
  });
});

describe('status notifications', () => {
  it('update the charge point and its history; a late report does not overwrite a newer one', async () => {
    const { client, station, chargePoints } = await bootedStation();
    const now = Date.now();
    await client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: iso(now),
    });
    await client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: iso(now - 60_000),
    });
    await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    const [cp] = await db().select().from(s.chargePoints).where(eq(s.chargePoints.id, chargePoints[0]!.id));
    expect(cp).toMatchObject({ status: 'Charging', errorCode: null });
    const history = await db()
      .select()
      .from(s.statusHistory)
      .where(eq(s.statusHistory.stationId, station.id));
    expect(history.map((h) => [h.evseId, h.status]).sort()).toEqual([
      [0, 'Available'],
      [1, 'Available'],
      [1, 'Charging'],
    ]);
  });

  it('store a status reported again once, keeping the time it holds since', async () => {
    const { client, station, chargePoints } = await bootedStation(1);
    const t0 = Date.now() - 60_000;
    for (const [offset, status] of [
      [0, 'Available'],
      [10_000, 'Available'],
      [20_000, 'Preparing'],
      [30_000, 'Preparing'],
    ] as const) {
      await client.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status,
        timestamp: iso(t0 + offset),
      });
    }
    const [cp] = await db().select().from(s.chargePoints).where(eq(s.chargePoints.id, chargePoints[0]!.id));
    expect(cp!.status).toBe('Preparing');
    expect(cp!.statusAt!.getTime()).toBe(t0 + 20_000);
    // The history holds the changes.
    const history = await db()
      .select()
      .from(s.statusHistory)
      .where(eq(s.statusHistory.stationId, station.id))
      .orderBy(s.statusHistory.reportedAt);
    expect(history.map((h) => [h.status, h.reportedAt.getTime()])).toEqual([
      ['Available', t0],
      ['Preparing', t0 + 20_000],
    ]);
  });

  it('of a connector nobody configured create its charge point', async () => {
    const { client, station } = await bootedStation(1);
    await client.call('StatusNotification', {
      connectorId: 3,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      info: 'RCD',
    });
    const [cp] = await db()
      .select()
      .from(s.chargePoints)
      .where(and(eq(s.chargePoints.stationId, station.id), eq(s.chargePoints.evseId, 3)));
    expect(cp).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure', statusInfo: 'RCD' });
    expect(cp!.shortName).toMatch(/-03$/);
  });
});
