/**
 * The SMS locker flow when things go wrong: an offline station, one that does not answer or
 * refuses, a stop while the station is offline, wrong PINs at the keypad, a session left too long,
 * and two people texting the same compartment at once.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import type { LiveEvent } from '../../src/live/live-events.js';
import { connectStation, waitFor, type TestStation } from '../support/ocpp-client.js';
import type { TestServer } from '../support/server.js';
import {
  answer,
  compartmentIs,
  loadCompartment,
  makeLocker,
  nextSms,
  pinIn,
  postSms,
  repliesTo,
  sessionOf,
  smsSessionsAt,
  startSmsServer,
  type Locker,
} from './sms-flow.support.js';

const ALICE = '4917200000001';
const BOB = '4917200000002';
const MAX_WRONG_PINS = 3;

let server: TestServer;
const lockers: Locker[] = [];
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startSmsServer({ keypadMaxFailures: MAX_WRONG_PINS }, { commandTimeoutMs: 1_000 });
});

afterAll(async () => {
  await Promise.all(lockers.map((l) => l.sim?.stop()));
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = () => server.database.db;
const live = () => server.fachwerk.services.deps.live;

async function alertsOf(stationId: string, kind: string) {
  return db()
    .select()
    .from(s.alerts)
    .where(and(eq(s.alerts.stationId, stationId), eq(s.alerts.kind, kind)));
}

describe('a station that cannot start', () => {
  it('answers an offline station: nothing started, nothing charged, no session', async () => {
    const locker = await makeLocker(server, { simulate: false, evses: 2 });
    await db()
      .update(s.chargePoints)
      .set({ status: 'Preparing', door: 'closed' })
      .where(eq(s.chargePoints.stationId, locker.stationId));
    const reply = await answer(server, locker, ALICE, 'P20-01');
    expect(reply.text).toBe(
      'Die Station von P20-01 ist nicht erreichbar. Es wurde nichts gestartet und nichts berechnet. Bitte später erneut versuchen.',
    );
    expect(await smsSessionsAt(db(), locker.chargePoints[0]!.id)).toEqual([]);
  });

  it('answers a station that does not answer the start, and gives the session up', async () => {
    const locker = await makeLocker(server, { simulate: false, evses: 1 });
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: locker.chargeBoxId,
      password: locker.password,
    });
    clients.push(client);
    let asked = 0;
    // A station that takes the call and never answers it.
    client.handle('RemoteStartTransaction', () => {
      asked += 1;
      return new Promise(() => undefined);
    });
    await db()
      .update(s.chargePoints)
      .set({ status: 'Preparing', door: 'closed' })
      .where(eq(s.chargePoints.stationId, locker.stationId));
    const reply = await answer(server, locker, ALICE, 'P20-01');
    expect(asked).toBe(1);
    expect(reply.text).toBe(
      'Die Station von P20-01 antwortet nicht. Es wurde nichts gestartet und nichts berechnet. Bitte später erneut versuchen.',
    );
    const [sms] = await smsSessionsAt(db(), locker.chargePoints[0]!.id);
    expect(sms).toMatchObject({ state: 'failed', failureReason: 'station_timeout' });
    // Should the station start it late after all, its PIN is refused (the station ends it again).
    expect(
      await server.fachwerk.services.authorization.authorize(
        {
          actor: { kind: 'system', reason: 'test' },
          now: () => new Date(),
          log: server.fachwerk.services.deps.log,
        },
        {
          institutionId: locker.institutionId,
          stationId: locker.stationId,
          evseId: 1,
          idToken: sms!.receiptPin,
          type: 'ISO14443',
        },
      ),
    ).toMatchObject({ status: 'Invalid' });
  });

  it('answers a start the station refused', async () => {
    const locker = await makeLocker(server, { evses: 2 });
    lockers.push(locker);
    const sim = locker.sim!;
    sim.openDoor(1);
    sim.putItem(1);
    await compartmentIs(server, locker, 1, (c) => c.door === 'open');
    // The server's last report says closed; the station knows better and refuses the remote start.
    await db()
      .update(s.chargePoints)
      .set({ door: 'closed' })
      .where(and(eq(s.chargePoints.stationId, locker.stationId), eq(s.chargePoints.evseId, 1)));
    const reply = await answer(server, locker, ALICE, 'P20-01');
    expect(reply.text).toBe(
      'Die Station hat den Start von P20-01 abgelehnt. Es wurde nichts berechnet. Bitte Tür prüfen oder ein anderes Fach wählen.',
    );
    expect(sim.receivedCommands.map((c) => [c.action, c.response])).toEqual([
      ['RemoteStartTransaction', { status: 'Rejected' }],
    ]);
    const [sms] = await smsSessionsAt(db(), locker.chargePoints[0]!.id);
    expect(sms).toMatchObject({ state: 'failed', failureReason: 'refused: rejected' });
  });
});

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('over %s', (version) => {
  let locker: Locker;

  beforeAll(async () => {
    locker = await makeLocker(server, { version, evses: 4 });
    lockers.push(locker);
  });

  it('carries out a stop sent while the station was offline once it returns, and tells the person', async () => {
    const sim = locker.sim!;
    await loadCompartment(server, locker, 1);
    const confirmation = await answer(server, locker, ALICE, 'P20-01');
    const sms = await waitFor(async () => {
      const row = await sessionOf(db(), confirmation);
      return row.sessionId !== null && row;
    });
    const gone = new Promise<void>((resolve) => {
      const off = live().subscribe((e: LiveEvent) => {
        if (e.type === 'station.disconnected' && e.stationId === locker.stationId) {
          off();
          resolve();
        }
      });
    });
    await sim.disconnect();
    await gone;

    const reply = await answer(server, locker, ALICE, 'P20-01');
    expect(reply.text).toBe(
      'Die Station von P20-01 ist gerade nicht erreichbar. Wir beenden den Ladevorgang, sobald sie zurück ist, und schicken Ihnen dann eine SMS.',
    );
    const [pending] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, sms.id));
    expect(pending).toMatchObject({ state: 'stop_pending' });
    expect(await alertsOf(locker.stationId, 'sms_stop_pending')).toHaveLength(1);
    expect(sim.compartment(1)).toMatchObject({ door: 'locked' });

    const stopped = sim.waitFor('transactionStopped', (t) => t.evseId === 1, 10_000);
    await sim.reconnect();
    expect((await stopped).reason).toBe('Remote');
    const closing = await nextSms(db(), ALICE, 'closing', sms.id);
    expect(closing.text).toMatch(
      /^Station wieder da: P20-01 beendet, das Fach ist offen\. Dauer \d+ min, Kosten 0,50 €\./,
    );
    await compartmentIs(server, locker, 1, (c) => c.door === 'closed');
    const [done] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, sms.id));
    expect(done).toMatchObject({ state: 'completed' });
  });

  it('locks the keypad after too many wrong PINs, alerts staff once, and refuses even the right PIN meanwhile', async () => {
    const sim = locker.sim!;
    await loadCompartment(server, locker, 2);
    const confirmation = await answer(server, locker, BOB, 'P20-02');
    const pin = pinIn(confirmation);
    const wrong = pin === '000000' ? '111111' : '000000';
    for (let i = 1; i < MAX_WRONG_PINS; i++)
      expect(await sim.typePin(wrong)).toEqual({ result: 'refused', status: 'Invalid' });
    expect(await alertsOf(locker.stationId, 'keypad_locked')).toHaveLength(0);
    expect(await sim.typePin(wrong)).toEqual({ result: 'refused', status: 'Blocked' });
    // 2.0.1 says it was typed (KeyCode): any code counts; 1.6 knows a PIN only by its six digits.
    if (version === 'ocpp2.0.1')
      expect(await sim.typePin('123')).toEqual({ result: 'refused', status: 'Blocked' });
    expect(await sim.typePin('424242')).toEqual({ result: 'refused', status: 'Blocked' });
    expect(await sim.typePin(pin)).toEqual({ result: 'refused', status: 'Blocked' });
    const alerts = await alertsOf(locker.stationId, 'keypad_locked');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'warning', payload: { failedAttempts: MAX_WRONG_PINS } });
    expect(sim.compartment(2)).toMatchObject({ door: 'locked' });

    // The lock is over: the right PIN opens and resets the count.
    await db()
      .update(s.keypadGuards)
      .set({ lockedUntil: new Date(Date.now() - 1_000) })
      .where(eq(s.keypadGuards.stationId, locker.stationId));
    expect(await sim.typePin(pin)).toMatchObject({ result: 'stopped', status: 'Accepted', evseId: 2 });
    const [guard] = await db()
      .select()
      .from(s.keypadGuards)
      .where(eq(s.keypadGuards.stationId, locker.stationId));
    expect(guard!.failedAttempts).toBe(0);
    await nextSms(db(), BOB, 'closing', confirmation.smsSessionId!);
  });

  it('reminds once of a session past its maximum duration', async () => {
    await loadCompartment(server, locker, 3);
    const confirmation = await answer(server, locker, ALICE, 'P20-03');
    const sms = await sessionOf(db(), confirmation);
    await db()
      .update(s.institutions)
      .set({ smsMaxSessionMinutes: 60 })
      .where(eq(s.institutions.id, locker.institutionId));
    await db()
      .update(s.smsSessions)
      .set({ startedAt: sql`now() - interval '61 minutes'` })
      .where(eq(s.smsSessions.id, sms.id));
    const flow = server.fachwerk.services.smsFlow;
    await flow.stop();
    flow.start({ reminderIntervalMs: 50 });
    const reminder = await nextSms(db(), ALICE, 'reminder', sms.id);
    expect(reminder.text).toBe(
      `P20-03 lädt seit 1 h 01 min. Bitte Gerät abholen: P20-03 senden oder Quittungs-PIN ${pinIn(confirmation)} am Tastenfeld.`,
    );
    // Several more rounds of the timer send nothing more.
    expect(await flow.remindOverdue()).toBe(0);
    const reminders = await db()
      .select()
      .from(s.smsMessages)
      .where(and(eq(s.smsMessages.smsSessionId, sms.id), eq(s.smsMessages.kind, 'reminder')));
    expect(reminders).toHaveLength(1);
    expect(await alertsOf(locker.stationId, 'session_overdue')).toHaveLength(1);
    await flow.stop();
    flow.start();
  });

  it('starts exactly one session when two phones text the same compartment at once', async () => {
    await loadCompartment(server, locker, 4);
    const [a, b] = await Promise.all([
      postSms(server, { from: `+${ALICE}`, to: locker.number, text: 'START P20-04' }),
      postSms(server, { from: `+${BOB}`, to: locker.number, text: 'START P20-04' }),
    ]);
    const ids = [((await a.json()) as { id: string }).id, ((await b.json()) as { id: string }).id];
    await server.fachwerk.services.smsGateway.idle();
    const replies = (await Promise.all(ids.map((id) => repliesTo(db(), id)))).flat();
    expect(replies.map((r) => r.kind).sort()).toEqual(['confirmation', 'reply']);
    expect(replies.find((r) => r.kind === 'reply')!.text).toBe(
      'P20-04 ist belegt. Bitte ein freies Fach wählen.',
    );
    expect(await smsSessionsAt(db(), locker.chargePoints[3]!.id)).toHaveLength(1);
    const startsAt4 = locker.sim!.receivedCommands.filter((c) => {
      const params = c.params as { connectorId?: number; evseId?: number };
      return /Re(mote|quest)Start/.test(c.action) && (params.connectorId ?? params.evseId) === 4;
    });
    expect(startsAt4).toHaveLength(1);
  });
});
