/**
 * SMS sessions billed to the phone, over OCPP end to end: a simulated locker starts on a remote
 * start whose idTag is an SMS session's receipt PIN and stops at the keypad; billing books the
 * session 'carrier' with exactly one carrier charge, which the worker charges once. A duplicated
 * StopTransaction / TransactionEvent Ended books nothing twice. Tariff: EUR 0.50 per started 30 min.
 *
 * The real PIN decider belongs to the SMS flow; a small stub decides PINs here the same way
 * (an open SMS session at the station with that receipt PIN).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationDecider } from '../../src/authorization/authorization.js';
import { DevCarrierBillingAdapter } from '../../src/carrier-billing/dev-adapter.js';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { SimulatedStation } from '../../src/simulator/simulated-station.js';
import { makeInstitution, makeStation } from '../support/factories.js';
import { connectStation, waitFor, type TestStation } from '../support/ocpp-client.js';
import { chargeRecordOf } from '../support/charge-records.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeHalfHourTariff, makeSmsSession } from '../support/sms-billing.js';

let server: TestServer;
let institutionId: string;
const adapter = new DevCarrierBillingAdapter();
const sims: SimulatedStation[] = [];
const clients: TestStation[] = [];
const db = (): Db => server.database.db;

const pinDecider: AuthorizationDecider = {
  name: 'test-pin',
  async authorize(_ctx, request) {
    const [open] = await db()
      .select({ id: s.smsSessions.id })
      .from(s.smsSessions)
      .where(
        and(
          eq(s.smsSessions.stationId, request.stationId),
          eq(s.smsSessions.receiptPin, request.idToken),
          inArray(s.smsSessions.state, ['starting', 'active', 'stopping', 'stop_pending']),
        ),
      );
    return open === undefined
      ? undefined
      : { status: 'Accepted', reason: 'receipt_pin', smsSessionId: open.id };
  },
};

beforeAll(async () => {
  server = await startTestServer();
  server.fachwerk.services.authorization.addDecider(pinDecider, 'first');
  server.fachwerk.services.carrierBilling.useAdapter(adapter);
  institutionId = (await makeInstitution(db())).id;
  await makeHalfHourTariff(db(), institutionId, 50);
});

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

/** Waits until the worker settled the session's charge (it is kicked by session.stopped). */
async function settledCharge(chargeRecordId: string) {
  return waitFor(
    async () => {
      const rows = await db()
        .select()
        .from(s.carrierCharges)
        .where(eq(s.carrierCharges.chargeRecordId, chargeRecordId));
      return rows.length === 1 && rows[0]!.status === 'charged' && rows;
    },
    { what: `the charged carrier charge of record ${chargeRecordId}` },
  );
}

const requestsFor = (chargeId: string) => adapter.requests.filter((r) => r.idempotencyKey === chargeId);

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('an SMS session over %s', (version) => {
  let sim: SimulatedStation;
  let station: typeof s.stations.$inferSelect;
  let chargePoints: (typeof s.chargePoints.$inferSelect)[];

  beforeAll(async () => {
    const made = await makeStation(db(), { institutionId, kind: 'locker', evses: 2 });
    station = made.station;
    chargePoints = made.chargePoints;
    sim = new SimulatedStation({
      url: server.ocppUrl,
      chargeBoxId: station.chargeBoxId,
      password: made.password,
      version,
      kind: 'locker',
      evses: 2,
      meterIntervalMs: 60_000,
      reconnect: false,
    });
    sims.push(sim);
    expect(await sim.start()).toBe('Accepted');
  });

  it('starts on a remote start with the receipt PIN, stops at the keypad, and is charged to the phone once', async () => {
    const pin = version === 'ocpp1.6' ? '481516' : '234223';
    const sms = await makeSmsSession(db(), {
      institutionId,
      stationId: station.id,
      chargePointId: chargePoints[1]!.id,
      evseId: 2,
      pin,
      phone: '4917198765432',
    });
    sim.openDoor(2);
    sim.putItem(2);
    sim.closeDoor(2);
    const sent = await server.fachwerk.services.commands.sendAsSystem('test', station.id, {
      command: 'startSession',
      evseId: 2,
      idTag: pin,
    });
    expect(sent.result.status).toBe('accepted');
    const session = await waitFor(async () => {
      const [row] = await db()
        .select()
        .from(s.sessions)
        .where(and(eq(s.sessions.stationId, station.id), eq(s.sessions.smsSessionId, sms.id)));
      return row;
    });
    sim.addEnergy(2, 80);
    const typed = await sim.typePin(pin);
    expect(typed.result).toBe('stopped');
    await sim.flush();

    const record = await chargeRecordOf(db(), session.id);
    expect(record).toMatchObject({
      booking: 'carrier',
      strategyKind: 'carrier',
      accountId: null,
      tokenId: null,
      totalCents: 50,
    });
    const [charge] = await settledCharge(record.id);
    expect(charge).toMatchObject({
      smsSessionId: sms.id,
      phone: '4917198765432',
      amountCents: 50,
      attempts: 1,
      adapter: 'dev',
    });
    expect(requestsFor(charge!.id)).toHaveLength(1);
  });

  it('books a duplicated stop once', async () => {
    const pin = version === 'ocpp1.6' ? '700116' : '700201';
    const {
      station: bare,
      chargePoints: cps,
      password,
    } = await makeStation(db(), {
      institutionId,
      evses: 1,
      localListEnabled: false,
    });
    const sms = await makeSmsSession(db(), {
      institutionId,
      stationId: bare.id,
      chargePointId: cps[0]!.id,
      evseId: 1,
      pin,
    });
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: bare.chargeBoxId,
      password,
      protocols: [version],
      strictMode: true,
    });
    clients.push(client);
    const startedAt = new Date(Date.now() - 70 * 60_000);
    if (version === 'ocpp1.6') {
      await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Locker' });
      const start = (await client.call('StartTransaction', {
        connectorId: 1,
        idTag: pin,
        meterStart: 0,
        timestamp: startedAt.toISOString(),
      })) as { transactionId: number; idTagInfo: { status: string } };
      expect(start.idTagInfo.status).toBe('Accepted');
      const stop = {
        transactionId: start.transactionId,
        meterStop: 300,
        timestamp: new Date().toISOString(),
        reason: 'Remote',
      };
      await client.call('StopTransaction', stop);
      await client.call('StopTransaction', stop);
    } else {
      await client.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'Acme', model: 'Locker' },
      });
      const transactionId = `sms-${Date.now()}`;
      const started = await client.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: startedAt.toISOString(),
        triggerReason: 'RemoteStart',
        seqNo: 0,
        transactionInfo: { transactionId, remoteStartId: 5 },
        idToken: { idToken: pin, type: 'Central' },
        evse: { id: 1, connectorId: 1 },
      });
      expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
      const ended = {
        eventType: 'Ended',
        timestamp: new Date().toISOString(),
        triggerReason: 'RemoteStop',
        seqNo: 1,
        transactionInfo: { transactionId, stoppedReason: 'Remote' },
      };
      await client.call('TransactionEvent', ended);
      await client.call('TransactionEvent', ended);
    }
    const [session] = await db().select().from(s.sessions).where(eq(s.sessions.smsSessionId, sms.id));
    expect(session?.status).toBe('completed');
    const records = await db()
      .select()
      .from(s.chargeRecords)
      .where(eq(s.chargeRecords.sessionId, session!.id));
    // 70 minutes: three started half hours.
    expect(records.map((r) => [r.booking, r.totalCents])).toEqual([['carrier', 150]]);
    const [charge] = await settledCharge(records[0]!.id);
    expect(charge!.amountCents).toBe(150);
    const all = await db().select().from(s.carrierCharges).where(eq(s.carrierCharges.smsSessionId, sms.id));
    expect(all).toHaveLength(1);
    expect(requestsFor(charge!.id)).toHaveLength(1);
  });
});
