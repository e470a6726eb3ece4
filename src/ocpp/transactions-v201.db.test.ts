import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStation } from '../../test/support/factories.js';
import { makePayingCard } from '../../test/support/payers.js';
import { connectStation, type TestStation } from '../../test/support/ocpp-client.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  institutionId = (await makeInstitution(server.database.db)).id;
  await makePayingCard(server.database.db, institutionId, 'AABBCCDD');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;
const iso = (ms: number) => new Date(ms).toISOString();

async function bootedStation() {
  const made = await makeStation(db(), { institutionId, evses: 2 });
  const client = await connectStation({
    endpoint: server.ocppUrl,
    identity: made.station.chargeBoxId,
    password: made.password,
    protocols: ['ocpp2.0.1'],
    strictMode: true,
  });
  clients.push(client);
  await client.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'Acme', model: 'Wallbox' },
  });
  return { ...made, client };
}

let txCounter = 0;
const newTransactionId = () => `tx-${Date.now()}-${++txCounter}`;

function event(
  eventType: 'Started' | 'Updated' | 'Ended',
  transactionId: string,
  seqNo: number,
  at: number,
  extra: Record<string, unknown> = {},
) {
  return {
    eventType,
    timestamp: iso(at),
    triggerReason:
      eventType === 'Started'
        ? 'Authorized'
        : eventType === 'Ended'
          ? 'EVCommunicationLost'
          : 'MeterValuePeriodic',
    seqNo,
    transactionInfo: { transactionId, ...(eventType === 'Ended' ? { stoppedReason: 'EVDisconnected' } : {}) },
    ...extra,
  };
}

const energy = (
  at: number,
  value: number,
  context: string,
  unit?: { unit?: string; multiplier?: number },
) => [
  {
    timestamp: iso(at),
    sampledValue: [
      {
        value,
        context,
        measurand: 'Energy.Active.Import.Register',
        ...(unit ? { unitOfMeasure: unit } : {}),
      },
    ],
  },
];

async function sessionOf(stationId: string, transactionId: string) {
  const rows = await db().select().from(s.sessions).where(eq(s.sessions.stationId, stationId));
  return rows.find((r) => r.transactionId === transactionId);
}

async function eventCount(sessionId: string) {
  const [n] = await db()
    .select({ n: count() })
    .from(s.transactionEvents)
    .where(eq(s.transactionEvents.sessionId, sessionId));
  return n!.n;
}

async function meterCount(sessionId: string) {
  const [n] = await db()
    .select({ n: count() })
    .from(s.meterValues)
    .where(eq(s.meterValues.sessionId, sessionId));
  return n!.n;
}

describe('a 2.0.1 transaction', () => {
  it('goes through Started, Updated and Ended with energy kept current', async () => {
    const { client, station, chargePoints } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 120_000;
    const started = await client.call(
      'TransactionEvent',
      event('Started', tx, 0, t0, {
        idToken: { idToken: 'AABBCCDD', type: 'ISO14443' },
        evse: { id: 2, connectorId: 1 },
        meterValue: energy(t0, 1_000, 'Transaction.Begin'),
      }),
    );
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    let session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({
      status: 'active',
      evseId: 2,
      chargePointId: chargePoints[1]!.id,
      idTag: 'AABBCCDD',
      idTagType: 'ISO14443',
      authorizationStatus: 'Accepted',
      meterStartWh: 1_000,
      energyWh: 0,
      lastSeqNo: 0,
      ocppVersion: 'ocpp2.0.1',
    });

    // 1.25 kWh as 1.25 with unit kWh, then 2 with multiplier 3 on Wh.
    expect(
      await client.call(
        'TransactionEvent',
        event('Updated', tx, 1, t0 + 30_000, {
          meterValue: energy(t0 + 30_000, 1.25, 'Sample.Periodic', { unit: 'kWh' }),
        }),
      ),
    ).toEqual({});
    session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({ energyWh: 250, lastSeqNo: 1 });
    await client.call(
      'TransactionEvent',
      event('Updated', tx, 2, t0 + 60_000, {
        meterValue: energy(t0 + 60_000, 2, 'Sample.Periodic', { unit: 'Wh', multiplier: 3 }),
      }),
    );
    session = await sessionOf(station.id, tx);
    expect(session!.energyWh).toBe(1_000);

    await client.call(
      'TransactionEvent',
      event('Ended', tx, 3, t0 + 90_000, { meterValue: energy(t0 + 90_000, 2_600, 'Transaction.End') }),
    );
    session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({
      status: 'completed',
      energyWh: 1_600,
      meterStopWh: 2_600,
      stopReason: 'EVDisconnected',
      lastSeqNo: 3,
    });
    expect(session!.startedAt.getTime()).toBe(t0);
    expect(session!.stoppedAt!.getTime()).toBe(t0 + 90_000);
    expect(await eventCount(session!.id)).toBe(4);
    const values = await db().select().from(s.meterValues).where(eq(s.meterValues.sessionId, session!.id));
    expect(values.map((v) => [v.value, v.unit]).sort()).toEqual([
      ['1.25', 'kWh'],
      ['1000', 'Wh'],
      ['2000', 'Wh'],
      ['2600', 'Wh'],
    ]);
  });

  it('stores a repeated TransactionEvent once, also when the copies arrive together', async () => {
    const { client, station } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 10_000;
    const start = event('Started', tx, 0, t0, { meterValue: energy(t0, 0, 'Transaction.Begin') });
    await Promise.all([client.call('TransactionEvent', start), client.call('TransactionEvent', start)]);
    const update = event('Updated', tx, 1, t0 + 1_000, {
      meterValue: energy(t0 + 1_000, 300, 'Sample.Periodic'),
    });
    await Promise.all([
      client.call('TransactionEvent', update),
      client.call('TransactionEvent', update),
      client.call('TransactionEvent', update),
    ]);
    const end = event('Ended', tx, 2, t0 + 2_000, { meterValue: energy(t0 + 2_000, 500, 'Transaction.End') });
    await client.call('TransactionEvent', end);
    await client.call('TransactionEvent', end);
    const session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({ status: 'completed', energyWh: 500 });
    expect(await eventCount(session!.id)).toBe(3);
    expect(await meterCount(session!.id)).toBe(3);
    const all = await db().select().from(s.sessions).where(eq(s.sessions.stationId, station.id));
    expect(all).toHaveLength(1);
  });

  it('creates the session from an Ended event that arrives before Started, and Started does not reopen it', async () => {
    const { client, station } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 7_200_000;
    await client.call(
      'TransactionEvent',
      event('Ended', tx, 2, t0 + 600_000, {
        offline: true,
        meterValue: energy(t0 + 600_000, 5_000, 'Transaction.End'),
      }),
    );
    let session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({ status: 'completed', offline: true, meterStopWh: 5_000 });
    await client.call(
      'TransactionEvent',
      event('Started', tx, 0, t0, {
        offline: true,
        evse: { id: 1 },
        meterValue: energy(t0, 4_000, 'Transaction.Begin'),
      }),
    );
    session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({ status: 'completed', evseId: 1, meterStartWh: 4_000 });
    expect(session!.startedAt.getTime()).toBe(t0);
    expect(session!.stoppedAt!.getTime()).toBe(t0 + 600_000);
    expect(await eventCount(session!.id)).toBe(2);
  });

  it('creates the session from an Updated event of an unknown transaction', async () => {
    const { client, station } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 5_000;
    await client.call(
      'TransactionEvent',
      event('Updated', tx, 5, t0, { evse: { id: 1 }, meterValue: energy(t0, 700, 'Sample.Periodic') }),
    );
    const session = await sessionOf(station.id, tx);
    expect(session).toMatchObject({
      status: 'active',
      evseId: 1,
      meterStartWh: 700,
      energyWh: 0,
      lastSeqNo: 5,
    });
    await client.call(
      'TransactionEvent',
      event('Updated', tx, 6, t0 + 1_000, { meterValue: energy(t0 + 1_000, 900, 'Sample.Periodic') }),
    );
    expect((await sessionOf(station.id, tx))!.energyWh).toBe(200);
  });

  it('marks a session whose events were queued offline', async () => {
    const { client, station } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 3_600_000;
    await client.call('TransactionEvent', event('Started', tx, 0, t0));
    expect((await sessionOf(station.id, tx))!.offline).toBe(false);
    await client.call('TransactionEvent', event('Updated', tx, 1, t0 + 60_000, { offline: true }));
    expect((await sessionOf(station.id, tx))!.offline).toBe(true);
  });

  it('answers an idToken in a later event with the decision on it', async () => {
    const { client, station } = await bootedStation();
    const tx = newTransactionId();
    const t0 = Date.now() - 1_000;
    await client.call('TransactionEvent', event('Started', tx, 0, t0, { evse: { id: 1 } }));
    expect(
      await client.call(
        'TransactionEvent',
        event('Updated', tx, 1, t0 + 100, { idToken: { idToken: 'NOBODY', type: 'ISO14443' } }),
      ),
    ).toEqual({ idTokenInfo: { status: 'Invalid' } });
    expect(await sessionOf(station.id, tx)).toMatchObject({
      idTag: 'NOBODY',
      authorizationStatus: 'Invalid',
    });
  });
});

describe('2.0.1 messages', () => {
  it('store StatusNotification and MeterValues before answering', async () => {
    const { client, station, chargePoints } = await bootedStation();
    await client.call('StatusNotification', {
      timestamp: iso(Date.now()),
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });
    const [cp] = await db().select().from(s.chargePoints).where(eq(s.chargePoints.id, chargePoints[0]!.id));
    expect(cp!.status).toBe('Occupied');
    await client.call('MeterValues', {
      evseId: 1,
      meterValue: [
        {
          timestamp: iso(Date.now()),
          sampledValue: [{ value: 42.5, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } }],
        },
      ],
    });
    const rows = await db().select().from(s.meterValues).where(eq(s.meterValues.stationId, station.id));
    expect(rows).toMatchObject([
      { measurand: 'Power.Active.Import', value: '42.5', unit: 'W', evseId: 1, sessionId: null },
    ]);
  });

  it('keep security events, reports and firmware status', async () => {
    const { client, station } = await bootedStation();
    await client.call('SecurityEventNotification', {
      type: 'TamperDetectionActivated',
      timestamp: iso(Date.now()),
    });
    await client.call('NotifyReport', { requestId: 1, generatedAt: iso(Date.now()), seqNo: 0 });
    await client.call('FirmwareStatusNotification', { status: 'Downloading', requestId: 7 });
    await client.call('LogStatusNotification', { status: 'Uploaded', requestId: 8 });
    const kinds = (
      await db().select().from(s.stationEvents).where(eq(s.stationEvents.stationId, station.id))
    ).map((e) => e.kind);
    expect(kinds.sort()).toEqual([
      'diagnostics_status',
      'firmware_status',
      'notify_report',
      'security_event',
    ]);
    const [row] = await db().select().from(s.stations).where(eq(s.stations.id, station.id));
    expect(row).toMatchObject({ firmwareStatus: 'Downloading', diagnosticsStatus: 'Uploaded' });
  });
});
