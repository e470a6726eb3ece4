import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.js';
import { makeInstitution, makeStation } from '../../../test/support/factories.js';
import { AlertsService } from '../../alerts/alerts.service.js';
import type { AuthorizationRequest } from '../../authorization/authorization.js';
import { loadConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import * as s from '../../db/schema.js';
import { LiveEvents } from '../../live/live-events.js';
import { systemActor, type Ctx } from '../../shared/context.js';
import { PinDecider } from './pin.decider.js';

let database: Database;
const config = { ...loadConfig({}), sms: { ...loadConfig({}).sms, keypadMaxFailures: 3 } };
const ctx: Ctx = { actor: systemActor('test'), now: () => new Date(), log: pino({ level: 'silent' }) };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function station() {
  const db = database.db;
  const institution = await makeInstitution(db);
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    kind: 'locker',
    evses: 2,
  });
  const decider = new PinDecider({ db, config, alerts: new AlertsService({ db, live: new LiveEvents() }) });
  const ask = (idToken: string, type: string, evseId?: number) => {
    const request: AuthorizationRequest = {
      institutionId: institution.id,
      stationId: station.id,
      idToken,
      type,
      ...(evseId === undefined ? {} : { evseId }),
    };
    return decider.authorize(ctx, request);
  };
  const openSession = async (pin: string, state: s.SmsSessionState = 'active') => {
    const [row] = await db
      .insert(s.smsSessions)
      .values({
        institutionId: institution.id,
        stationId: station.id,
        chargePointId: chargePoints[0]!.id,
        evseId: 1,
        serviceNumber: '841122',
        phone: '4917100000009',
        language: 'de',
        receiptPin: pin,
        receiptToken: `token-${pin}-${Math.random()}`,
        state,
      })
      .returning();
    return row!;
  };
  const alerts = () => db.select().from(s.alerts).where(eq(s.alerts.stationId, station.id));
  return { ask, openSession, alerts, stationId: station.id };
}

describe('the receipt PIN decider', () => {
  it('accepts the PIN of an open session as Central, KeyCode and 1.6 idTag, at its own compartment only', async () => {
    const { ask, openSession } = await station();
    const sms = await openSession('123456');
    for (const type of ['Central', 'KeyCode', 'ISO14443'])
      expect(await ask('123456', type)).toEqual({
        status: 'Accepted',
        reason: 'receipt_pin',
        smsSessionId: sms.id,
      });
    expect(await ask('123456', 'Central', 2)).toMatchObject({ status: 'Invalid' });
  });

  it('leaves cards and other tokens to the next decider', async () => {
    const { ask } = await station();
    expect(await ask('04A1B2C3', 'ISO14443')).toBeUndefined();
    expect(await ask('12345', 'ISO14443')).toBeUndefined();
    expect(await ask('123456', 'eMAID')).toBeUndefined();
  });

  it('does not accept the PIN of a completed or failed session, and does not count it as a guess', async () => {
    const { ask, openSession, alerts } = await station();
    await openSession('222222', 'completed');
    await openSession('333333', 'failed');
    for (let i = 0; i < 5; i++) {
      expect(await ask('222222', 'KeyCode')).toMatchObject({
        status: 'Invalid',
        reason: 'receipt_pin_closed',
      });
      expect(await ask('333333', 'ISO14443')).toMatchObject({
        status: 'Invalid',
        reason: 'receipt_pin_closed',
      });
    }
    expect(await alerts()).toEqual([]);
  });

  it('counts concurrent wrong PINs exactly and raises one alert per lock', async () => {
    const { ask, alerts, stationId } = await station();
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask('999999', 'KeyCode')));
    expect(answers.every((a) => a?.status === 'Invalid' || a?.status === 'Blocked')).toBe(true);
    expect(answers.filter((a) => a?.status === 'Blocked').length).toBeGreaterThanOrEqual(answers.length - 2);
    expect(await alerts()).toHaveLength(1);
    const [guard] = await database.db
      .select()
      .from(s.keypadGuards)
      .where(eq(s.keypadGuards.stationId, stationId));
    expect(guard!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await ask('1', 'KeyCode')).toMatchObject({ status: 'Blocked', reason: 'keypad_locked' });
    expect(await alerts()).toHaveLength(1);
  });

  it('lets the station report our own remote start while the keypad is locked', async () => {
    const { ask, openSession } = await station();
    for (let i = 0; i < 3; i++) await ask('999999', 'KeyCode');
    const sms = await openSession('444444', 'starting');
    expect(await ask('444444', 'ISO14443', 1)).toMatchObject({ status: 'Accepted', smsSessionId: sms.id });
    expect(await ask('444444', 'KeyCode')).toMatchObject({ status: 'Blocked', reason: 'keypad_locked' });
  });
});
