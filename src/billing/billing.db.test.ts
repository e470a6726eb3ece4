import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import type { StopTransactionInput } from '../sessions/sessions.service.js';
import { TariffNotFound, ValidationFailed } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { makeInstitution, makeStation } from '../../test/support/factories.js';
import { balanceOf } from './balance.js';
import {
  assignTariff,
  billingWorld,
  makeCompanyPayer,
  makePayer,
  startSession,
  testCtx,
} from './billing.fixtures.js';

let database: Database;
let world: ReturnType<typeof billingWorld>;
const ctx = testCtx();
const events: LiveEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  world = billingWorld(database.db);
  world.live.subscribe((event) => events.push(event));
});
afterAll(async () => {
  world?.billing.close();
  await database?.close();
});

async function stationWithTariff(options: { free?: boolean; tariff?: boolean } = {}) {
  const db = database.db;
  const institution = await makeInstitution(db);
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    shortNamePrefix: 'P20',
  });
  if (options.free === true)
    await db.update(s.stations).set({ authorizationMode: 'free' }).where(eq(s.stations.id, station.id));
  if (options.tariff !== false) await assignTariff(db, institution.id, station.id);
  return { institution, station, chargePoint: chargePoints[0]! };
}

const ref = (station: { id: string; institutionId: string; chargeBoxId: string }) => ({
  stationId: station.id,
  institutionId: station.institutionId,
  chargeBoxId: station.chargeBoxId,
});

function stopMessage(
  session: { transactionId: string; startedAt: Date },
  meterStopWh: number,
  samples: StopTransactionInput['samples'] = [],
): StopTransactionInput {
  return {
    transactionId: session.transactionId,
    meterStopWh,
    stoppedAt: new Date(session.startedAt.getTime() + 62 * 60_000),
    idToken: null,
    reason: 'Local',
    samples,
    payload: {},
  };
}

const recordsOf = (sessionId: string) =>
  database.db.select().from(s.chargeRecords).where(eq(s.chargeRecords.sessionId, sessionId));
const ledgerOf = (accountId: string) =>
  database.db.select().from(s.ledgerEntries).where(eq(s.ledgerEntries.accountId, accountId));

describe('freezing and booking a completed session', () => {
  it('debits a prepaid account exactly once, also when the StopTransaction is repeated', async () => {
    const { station, chargePoint } = await stationWithTariff();
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    await database.db.insert(s.ledgerEntries).values({
      institutionId: station.institutionId,
      accountId: payer.account.id,
      kind: 'topup',
      amountCents: 20_00,
      createdBy: 'test',
    });
    const session = await startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id });
    const before = events.length;
    const message = stopMessage(session, 6000);
    await world.sessions.stopTransaction(ctx, ref(station), message);
    await world.sessions.stopTransaction(ctx, ref(station), message);

    const records = await recordsOf(session.id);
    expect(records).toHaveLength(1);
    // 62 min: 3 started half hours × 50 + 5 kWh × 30 = 300 cents.
    expect(records[0]).toMatchObject({
      booking: 'ledger',
      accountId: payer.account.id,
      userId: payer.user.id,
      totalCents: 300,
      netCents: 252,
      vatCents: 48,
      energyWh: 5000,
      durationSeconds: 62 * 60,
      chargePointName: 'P20-01',
      strategyKind: 'prepaid',
    });
    const lines = records[0]!.lines as { amountCents: number }[];
    expect(lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(300);
    const debits = (await ledgerOf(payer.account.id)).filter((e) => e.kind === 'session');
    expect(debits).toHaveLength(1);
    expect(debits[0]).toMatchObject({ amountCents: -300, chargeRecordId: records[0]!.id });
    expect(await balanceOf(database.db, payer.account.id)).toBe(20_00 - 300);
    // Published once, after the stop committed; the repeated stop publishes nothing more.
    const changed = events.slice(before).filter((e) => e.type === 'cards.changed');
    expect(changed).toEqual([{ type: 'cards.changed', institutionId: station.institutionId }]);
  });

  it('books a postpaid card for the invoice and a company member card to the company account', async () => {
    const { station, chargePoint } = await stationWithTariff();
    const own = await makePayer(database.db, station.institutionId, 'postpaid');
    const member = await makeCompanyPayer(database.db, station.institutionId, 'postpaid');
    const first = await startSession(database.db, station, chargePoint.id, { tokenId: own.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(first, 1000));
    const second = await startSession(database.db, station, chargePoint.id, { tokenId: member.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(second, 1000));

    expect((await recordsOf(first.id))[0]).toMatchObject({ booking: 'invoice', accountId: own.account.id });
    expect((await recordsOf(second.id))[0]).toMatchObject({
      booking: 'invoice',
      accountId: member.account.id,
      companyId: member.company.id,
      userId: member.user.id,
    });
    expect(await ledgerOf(own.account.id)).toEqual([]);
    expect(await ledgerOf(member.account.id)).toEqual([]);
  });

  it('books carrier, free-strategy and payer-less sessions without touching a ledger', async () => {
    const { station, chargePoint } = await stationWithTariff();
    const carrier = await makePayer(database.db, station.institutionId, 'carrier');
    const free = await makePayer(database.db, station.institutionId, 'free');
    const a = await startSession(database.db, station, chargePoint.id, { tokenId: carrier.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(a, 2000));
    const b = await startSession(database.db, station, chargePoint.id, { tokenId: free.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(b, 2000));
    const c = await startSession(database.db, station, chargePoint.id, { tokenId: null, idTag: 'REMOTE' });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(c, 2000));

    expect((await recordsOf(a.id))[0]).toMatchObject({ booking: 'carrier', totalCents: 180 });
    const freeRecord = (await recordsOf(b.id))[0]!;
    expect(freeRecord).toMatchObject({ booking: 'free', totalCents: 0, netCents: 0, vatCents: 0 });
    const freeLines = freeRecord.lines as { kind: string; amountCents: number }[];
    expect(freeLines.map((l) => l.kind)).toEqual(['time', 'energy', 'free']);
    expect(freeLines.at(-1)!.amountCents).toBe(-180);
    expect(freeLines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(0);
    expect((await recordsOf(c.id))[0]).toMatchObject({ booking: 'none', accountId: null, totalCents: 180 });
    expect(await ledgerOf(carrier.account.id)).toEqual([]);
    expect(await ledgerOf(free.account.id)).toEqual([]);
  });

  it('books nothing at a free station, even for a prepaid card and without a tariff', async () => {
    const { station, chargePoint } = await stationWithTariff({ free: true, tariff: false });
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    const session = await startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(session, 3000));
    expect((await recordsOf(session.id))[0]).toMatchObject({
      booking: 'free',
      totalCents: 0,
      tariffId: null,
      accountId: payer.account.id,
    });
    expect(await ledgerOf(payer.account.id)).toEqual([]);
  });

  it('tells pricing when charging ended and the register readings', async () => {
    const { station, chargePoint } = await stationWithTariff();
    const session = await startSession(database.db, station, chargePoint.id, { meterStartWh: 1000 });
    const at = (minutes: number) => new Date(session.startedAt.getTime() + minutes * 60_000);
    const sample = (minutes: number, value: string, unit = 'Wh') => ({
      sampledAt: at(minutes),
      measurand: 'Energy.Active.Import.Register',
      phase: null,
      location: null,
      context: 'Sample.Periodic',
      unit,
      value,
    });
    await world.sessions.stopTransaction(
      ctx,
      ref(station),
      stopMessage(session, 2500, [sample(10, '1500'), sample(20, '2.5', 'kWh'), sample(40, '2500')]),
    );
    const subject = world.pricer.subjects.find((x) => x.startedAt.getTime() === session.startedAt.getTime())!;
    expect(subject.chargingEndedAt).toEqual(at(20));
    expect(subject.energySamples).toEqual([
      { at: at(10), wh: 1500 },
      { at: at(20), wh: 2500 },
      { at: at(40), wh: 2500 },
    ]);
    expect(subject.energyWh).toBe(1500);
  });

  it('keeps the stop when no tariff applies, lists the session as unpriced and prices it later', async () => {
    const { station, chargePoint } = await stationWithTariff({ tariff: false });
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    const session = await startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id });
    const result = await world.sessions.stopTransaction(ctx, ref(station), stopMessage(session, 2000));
    expect(result.found).toBe(true);
    const [stored] = await database.db.select().from(s.sessions).where(eq(s.sessions.id, session.id));
    expect(stored).toMatchObject({ status: 'completed', meterStopWh: 2000 });
    expect(await recordsOf(session.id)).toEqual([]);
    const unpriced = await world.billing.listUnpriced(ctx, { limit: 100, offset: 0 });
    expect(unpriced.map((u) => u.sessionId)).toContain(session.id);

    await expect(world.billing.priceSession(ctx, session.id)).rejects.toBeInstanceOf(TariffNotFound);
    expect(await recordsOf(session.id)).toEqual([]);

    await assignTariff(database.db, station.institutionId, station.id);
    const priced = await world.billing.priceSession(ctx, session.id);
    expect(priced.created).toBe(true);
    expect(priced.record).toMatchObject({ booking: 'ledger', totalCents: 180, sessionId: session.id });
    const again = await world.billing.priceSession(ctx, session.id);
    expect(again).toMatchObject({ created: false, record: { id: priced.record.id } });
    expect((await ledgerOf(payer.account.id)).filter((e) => e.kind === 'session')).toHaveLength(1);
    expect(
      (await world.billing.listUnpriced(ctx, { limit: 100, offset: 0 })).map((u) => u.sessionId),
    ).not.toContain(session.id);
  });

  it('prices unpriced sessions in the start-up sweep, once each, also when two sweeps overlap', async () => {
    const { station, chargePoint } = await stationWithTariff({ tariff: false });
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    const sessions = [];
    for (let i = 0; i < 3; i++) {
      const session = await startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id });
      await world.sessions.stopTransaction(ctx, ref(station), stopMessage(session, 1000 + i * 1000));
      sessions.push(session);
    }
    await assignTariff(database.db, station.institutionId, station.id);
    const [one, two] = await Promise.all([
      world.billing.sweepUnpriced(ctx),
      world.billing.sweepUnpriced(ctx),
    ]);
    expect(one!.priced + two!.priced).toBeGreaterThanOrEqual(3);
    for (const session of sessions) expect(await recordsOf(session.id)).toHaveLength(1);
    expect((await ledgerOf(payer.account.id)).filter((e) => e.kind === 'session')).toHaveLength(3);
  });
});

describe('corrections', () => {
  it('adds correction records pointing at the original and books them like it', async () => {
    const { station, chargePoint } = await stationWithTariff();
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    const session = await startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id });
    await world.sessions.stopTransaction(ctx, ref(station), stopMessage(session, 6000));
    const [original] = await recordsOf(session.id);
    expect(original!.totalCents).toBe(300);

    const lower = await world.billing.correctChargeRecord(ctx, original!.id, {
      amountCents: 200,
      reason: 'Fach defekt',
    });
    expect(lower).toMatchObject({
      kind: 'correction',
      correctsId: original!.id,
      totalCents: -100,
      booking: 'ledger',
    });
    const more = await world.billing.correctChargeRecord(ctx, original!.id, {
      deltaCents: 50,
      reason: 'Nachberechnung',
    });
    expect(more.totalCents).toBe(50);
    const detail = await world.billing.getChargeRecord(ctx, original!.id);
    expect(detail).toMatchObject({ totalCents: 300, effectiveTotalCents: 250 });
    expect(detail.corrections).toEqual([lower.id, more.id]);
    expect(await balanceOf(database.db, payer.account.id)).toBe(-250);
    const corrections = (await ledgerOf(payer.account.id)).filter((e) => e.kind === 'correction');
    expect(corrections.map((e) => e.amountCents).sort()).toEqual([-50, 100].sort());

    await expect(
      world.billing.correctChargeRecord(ctx, original!.id, { amountCents: 250, reason: 'same' }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await expect(
      world.billing.correctChargeRecord(ctx, original!.id, { deltaCents: -251, reason: 'too much' }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await expect(
      world.billing.correctChargeRecord(ctx, lower.id, { deltaCents: 1, reason: 'of a correction' }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await expect(
      world.billing.correctChargeRecord(ctx, original!.id, { amountCents: 1, deltaCents: 1, reason: 'both' }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    // Nothing of the refused corrections was stored.
    expect(await recordsOf(session.id)).toHaveLength(3);
  });
});

describe('the prepaid ledger', () => {
  it('books concurrent top-ups, refunds and debits without losing a cent', async () => {
    const { station, chargePoint } = await stationWithTariff();
    await database.db
      .update(s.institutions)
      .set({
        legalName: 'Stadtwerke',
        street: 'Hauptstraße 1',
        postalCode: '12345',
        city: 'Musterstadt',
        vatId: 'DE123456789',
      })
      .where(eq(s.institutions.id, station.institutionId));
    const payer = await makePayer(database.db, station.institutionId, 'prepaid');
    const sessions = await Promise.all(
      Array.from({ length: 4 }, () =>
        startSession(database.db, station, chargePoint.id, { tokenId: payer.card.id }),
      ),
    );
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        world.billing.topUp(ctx, payer.account.id, { amountCents: 1000 + i }),
      ),
      ...Array.from({ length: 3 }, () => world.billing.refund(ctx, payer.account.id, { amountCents: 7 })),
      ...sessions.map((session) =>
        world.sessions.stopTransaction(ctx, ref(station), stopMessage(session, 2000)),
      ),
    ]);
    const topUps = 8 * 1000 + 28;
    expect(await balanceOf(database.db, payer.account.id)).toBe(topUps + 21 - 4 * 180);
    const ledger = await world.billing.ledger(ctx, payer.account.id, { limit: 100, offset: 0 });
    expect(ledger).toHaveLength(15);
    // Running balances: newest first, each the previous plus its amount.
    for (let i = 0; i < ledger.length - 1; i++)
      expect(ledger[i]!.balanceAfterCents).toBe(ledger[i + 1]!.balanceAfterCents + ledger[i]!.amountCents);
    expect(ledger[0]!.balanceAfterCents).toBe(topUps + 21 - 720);
  });
});
