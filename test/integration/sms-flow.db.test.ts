/**
 * Charging by SMS at a simulated locker over OCPP 1.6 and 2.0.1: start by SMS, stop by the same
 * SMS or the keypad PIN, every refusal answered, nothing opened for another phone.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/db/schema.js';
import { waitFor } from '../support/ocpp-client.js';
import type { TestServer } from '../support/server.js';
import {
  answer,
  compartmentIs,
  HALF_HOUR_CENTS,
  loadCompartment,
  makeLocker,
  nextSms,
  pinIn,
  postSms,
  repliesTo,
  sessionOf,
  smsSessionsAt,
  startSmsServer,
  text,
  type Locker,
} from './sms-flow.support.js';

const ALICE = '4917100000001';
const BOB = '4917100000002';
const CAROL = '4917100000003';

let server: TestServer;
const lockers: Locker[] = [];

beforeAll(async () => {
  server = await startSmsServer();
});

afterAll(async () => {
  await Promise.all(lockers.map((l) => l.sim?.stop()));
  await server.close();
});

const db = () => server.database.db;

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('SMS at a locker over %s', (version) => {
  let locker: Locker;

  beforeAll(async () => {
    locker = await makeLocker(server, { version, evses: 4 });
    lockers.push(locker);
  });

  const cp = (evseId: number) => locker.chargePoints[evseId - 1]!;
  const sim = () => locker.sim!;

  it('starts by SMS with the PIN as token, confirms with price and PIN, and stops by the same SMS', async () => {
    await loadCompartment(server, locker, 1);
    const started = sim().waitFor('transactionStarted', (tx) => tx.evseId === 1);
    const confirmation = await answer(server, locker, ALICE, 'P20-01');
    expect(confirmation).toMatchObject({
      kind: 'confirmation',
      language: 'de',
      toNumber: ALICE,
      fromNumber: locker.number,
    });
    expect(confirmation.text).toContain('0,50 € je angefangene 30 Minuten');
    const pin = pinIn(confirmation);
    const tx = await started;
    expect(tx.idToken).toEqual({ value: pin, type: 'Central' });

    // What went over the wire: 1.6 RemoteStartTransaction idTag = PIN; 2.0.1 idToken type Central.
    const command = sim().receivedCommands.find((c) => /Re(mote|quest)Start/.test(c.action))!;
    if (version === 'ocpp1.6') {
      expect(command).toMatchObject({
        action: 'RemoteStartTransaction',
        params: { connectorId: 1, idTag: pin },
      });
    } else {
      const sms = await sessionOf(db(), confirmation);
      expect(command).toMatchObject({
        action: 'RequestStartTransaction',
        params: { evseId: 1, idToken: { idToken: pin, type: 'Central' }, remoteStartId: sms.remoteStartId },
      });
    }
    await compartmentIs(server, locker, 1, (c) => c.door === 'locked');

    const sms = await waitFor(async () => {
      const row = await sessionOf(db(), confirmation);
      return row.state === 'active' && row.sessionId !== null && row;
    });
    const [ocpp] = await db().select().from(s.sessions).where(eq(s.sessions.id, sms.sessionId!));
    expect(ocpp).toMatchObject({ smsSessionId: sms.id, authorizationReason: 'receipt_pin', idTag: pin });

    // The same name in another spelling from the same phone ends it.
    const stopped = sim().waitFor('transactionStopped', (t) => t.evseId === 1);
    const { replies } = await text(server, locker, ALICE, 'p20 01');
    expect(replies).toEqual([]); // the closing SMS answers, once the stop is stored and billed
    expect((await stopped).reason).toBe('Remote');
    await compartmentIs(server, locker, 1, (c) => c.door === 'closed');
    const closing = await nextSms(db(), ALICE, 'closing', sms.id);
    const [record] = await db().select().from(s.chargeRecords).where(eq(s.chargeRecords.sessionId, ocpp!.id));
    expect(record!.totalCents).toBe(HALF_HOUR_CENTS);
    const [done] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, sms.id));
    expect(done).toMatchObject({ state: 'completed' });
    expect(closing.text).toBe(
      `P20-01 beendet, das Fach ist offen. Dauer ${Math.round(record!.durationSeconds / 60)} min, Kosten 0,50 €. Quittung: ${server.config.publicUrl}/r/${done!.receiptToken}`,
    );
    expect(done!.receiptToken.length).toBeGreaterThanOrEqual(22);

    // Texting STOP again: it ended, the bill went out; the closing SMS is not repeated.
    const again = await answer(server, locker, ALICE, 'STOP P20-01');
    expect(again.text).toBe('Ihr Ladevorgang an P20-01 ist bereits beendet, die Abrechnung kam per SMS.');
    const closings = await db()
      .select()
      .from(s.smsMessages)
      .where(and(eq(s.smsMessages.smsSessionId, sms.id), eq(s.smsMessages.kind, 'closing')));
    expect(closings).toHaveLength(1);
    sim().openDoor(1);
    sim().removeItem(1);
    sim().closeDoor(1);
  });

  it('answers an English texter in English, down to the receipt link', async () => {
    await loadCompartment(server, locker, 1);
    const confirmation = await answer(server, locker, CAROL, 'please start P20-01');
    expect(confirmation).toMatchObject({ kind: 'confirmation', language: 'en' });
    const sms = await waitFor(async () => {
      const row = await sessionOf(db(), confirmation);
      return row.state === 'active' && row.sessionId !== null && row;
    });
    await text(server, locker, CAROL, 'stop P20-01');
    const closing = await nextSms(db(), CAROL, 'closing', sms.id);
    expect(closing.text).toMatch(/^P20-01 ended, the compartment is open\. /);
    expect(closing.text.endsWith(`/r/${sms.receiptToken}?lang=en`)).toBe(true);
    await compartmentIs(server, locker, 1, (c) => c.door === 'closed');
    sim().openDoor(1);
    sim().removeItem(1);
    sim().closeDoor(1);
  });

  it('refuses another phone politely and opens nothing; busy and status answers', async () => {
    await loadCompartment(server, locker, 2);
    const confirmation = await answer(server, locker, ALICE, 'START P20-02');
    const sms = await sessionOf(db(), confirmation);
    await compartmentIs(server, locker, 2, (c) => c.door === 'locked');
    const commandsBefore = sim().receivedCommands.length;

    const refused = await answer(server, locker, BOB, 'STOP P20-02');
    expect(refused.text).toBe(
      'P20-02 wurde von einer anderen Nummer gestartet und kann nur dort beendet werden. Es wurde nichts geöffnet.',
    );
    expect((await answer(server, locker, BOB, 'P20-02')).text).toContain('Es wurde nichts geöffnet');
    expect((await answer(server, locker, BOB, 'START P20-02')).text).toBe(
      'P20-02 ist belegt. Bitte ein freies Fach wählen.',
    );
    expect((await answer(server, locker, BOB, 'STATUS P20-02')).text).toBe('P20-02 ist belegt.');
    expect((await answer(server, locker, BOB, 'status P20-04')).text).toBe('P20-04 ist frei.');
    expect((await answer(server, locker, ALICE, 'STATUS P20-02')).text).toMatch(
      /^P20-02 lädt seit \d\d:\d\d \(\d+ min\), bisher 0,50 €\.$/,
    );
    // Nothing reached the station for the other phone; the door stays locked, the session runs.
    expect(sim().receivedCommands.length).toBe(commandsBefore);
    expect(sim().compartment(2)).toMatchObject({ door: 'locked' });
    expect(sim().compartment(2)!.transaction).toBeDefined();
    const [row] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, sms.id));
    expect(row!.state).toBe('active');

    // The keypad PIN ends it and unlocks the door; the closing SMS follows.
    const keypad = await sim().typePin(pinIn(confirmation));
    expect(keypad).toMatchObject({ result: 'stopped', status: 'Accepted', evseId: 2 });
    await compartmentIs(server, locker, 2, (c) => c.door === 'closed');
    const closing = await nextSms(db(), ALICE, 'closing', sms.id);
    expect(closing.text).toMatch(
      /^P20-02 beendet, das Fach ist offen\. Dauer \d+ min, Kosten 0,50 €\. Quittung: /,
    );
    // The PIN of the ended session opens nothing any more.
    expect(await sim().typePin(pinIn(confirmation))).toMatchObject({ result: 'refused', status: 'Invalid' });
  });

  it('answers an open door and an empty compartment, and starts nothing', async () => {
    sim().openDoor(3);
    await compartmentIs(server, locker, 3, (c) => c.door === 'open');
    expect((await answer(server, locker, CAROL, 'P20-03')).text).toBe(
      'Die Tür von P20-03 ist offen. Bitte schließen und P20-03 erneut senden.',
    );
    sim().closeDoor(3);
    await compartmentIs(server, locker, 3, (c) => c.door === 'closed');
    expect((await answer(server, locker, CAROL, 'P20-03')).text).toBe(
      'P20-03 ist leer. Bitte Gerät hineinlegen, Tür schließen und P20-03 erneut senden.',
    );
    expect(await smsSessionsAt(db(), cp(3).id)).toEqual([]);
    expect(sim().compartment(3)!.transaction).toBeUndefined();
  });

  it('suggests the name a typo meant, and helps in German and English', async () => {
    expect((await answer(server, locker, CAROL, 'P20-10')).text).toBe(
      'Fach P20-10 gibt es hier nicht. Meinten Sie P20-01?',
    );
    expect((await answer(server, locker, CAROL, 'stop P20-O3')).text).toBe(
      'Fach P20-O3 gibt es hier nicht. Meinten Sie P20-03?',
    );
    const english = await answer(server, locker, CAROL, 'HELP');
    expect(english).toMatchObject({ language: 'en' });
    expect(english.text).toMatch(/^Charging by SMS: /);
    const german = await answer(server, locker, CAROL, 'Hilfe');
    expect(german).toMatchObject({ language: 'de' });
    expect(german.text).toMatch(/^Laden per SMS: /);
    expect((await answer(server, locker, CAROL, 'please stop P20-99')).text).toBe(
      "Compartment P20-99 does not exist here. Please text the name on the compartment's label, e.g. P20-01.",
    );
    expect((await answer(server, locker, CAROL, 'STOP P20-04')).text).toBe(
      'An P20-04 läuft kein Ladevorgang von Ihrer Nummer.',
    );
  });
});

describe('SMS at a locker: delivery and bad input', () => {
  let locker: Locker;

  beforeAll(async () => {
    locker = await makeLocker(server, { version: 'ocpp1.6', evses: 2 });
    lockers.push(locker);
  });

  it('handles a repeated webhook delivery once', async () => {
    await loadCompartment(server, locker, 1);
    const first = await text(server, locker, ALICE, 'P20-01', 'same-provider-id');
    expect(first.replies.map((r) => r.kind)).toEqual(['confirmation']);
    const repeated = await postSms(server, {
      from: `+${ALICE}`,
      to: locker.number,
      text: 'P20-01',
      id: 'same-provider-id',
    });
    expect(await repeated.json()).toEqual({ id: first.inboundId, duplicate: true });
    await server.fachwerk.services.smsGateway.idle();
    expect(await repliesTo(db(), first.inboundId)).toHaveLength(1);
    const sessions = await smsSessionsAt(db(), locker.chargePoints[0]!.id);
    expect(sessions).toHaveLength(1);
    // The session is still running (a repeated delivery did not stop it).
    expect(sessions[0]!.state).toBe('active');
    expect(locker.sim!.compartment(1)!.transaction).toBeDefined();
  });

  it.each([
    ['garbage', '§$%&/()=?`´*+~#'],
    ['emoji', '🔋⚡🙏'],
    ['1,000 characters', 'x y '.repeat(250)],
  ])('answers %s with help and starts nothing', async (_what, message) => {
    const reply = await answer(server, locker, CAROL, message);
    expect(reply.text).toMatch(/^(Laden per SMS|Charging by SMS): /);
    expect(await smsSessionsAt(db(), locker.chargePoints[1]!.id)).toEqual([]);
  });

  it('refuses an empty SMS at the webhook and answers nothing', async () => {
    const response = await postSms(server, { from: `+${CAROL}`, to: locker.number, text: '' });
    expect(response.status).toBe(400);
  });

  it('answers a text to a number nobody owns', async () => {
    const { replies } = await text(server, { ...locker, number: '7999999' }, CAROL, 'P20-01');
    expect(replies.map((r) => [r.institutionId, r.text])).toEqual([
      [null, 'Diese Nummer gehört zu keinem Ladefach. Bitte die Nummer vom Schild am Fach verwenden.'],
    ]);
  });
});
