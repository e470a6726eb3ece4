/**
 * The money over OCPP, end to end: stations (the simulator, and scripted clients where a message must
 * be repeated) talk to a whole Fachwerk; cards are decided, sessions priced and booked to their payer.
 * Tariff everywhere here: EUR 0.50 per started 30 minutes (gross, 19 % VAT).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { SimulatedStation } from '../../src/simulator/simulated-station.js';
import { makeAuthToken, makeInstitution, makeStation } from '../support/factories.js';
import { connectStation, waitFor, type TestStation } from '../support/ocpp-client.js';
import { makeCompany, makeCompanyMember, makePayingCard } from '../support/payers.js';
import { chargeRecordOf } from '../support/charge-records.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HALF_HOUR_CENTS = 50;

let server: TestServer;
const sims: SimulatedStation[] = [];
const clients: TestStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const db = (): Db => server.database.db;

async function institutionWithTariff() {
  const institution = await makeInstitution(db());
  const [tariff] = await db()
    .insert(s.tariffs)
    .values({
      institutionId: institution.id,
      name: 'Ladefach',
      definition: { elements: [{ time: { priceCents: HALF_HOUR_CENTS, stepMinutes: 30 } }] },
    })
    .returning();
  await db().insert(s.tariffAssignments).values({
    institutionId: institution.id,
    targetKind: 'institution',
    targetId: institution.id,
    tariffId: tariff!.id,
  });
  return institution.id;
}

async function balance(accountId: string): Promise<number> {
  const rows = await db().select().from(s.ledgerEntries).where(eq(s.ledgerEntries.accountId, accountId));
  return rows.reduce((sum, r) => sum + r.amountCents, 0);
}

async function sessionsWith(stationId: string, idTag: string) {
  return db()
    .select()
    .from(s.sessions)
    .where(and(eq(s.sessions.stationId, stationId), eq(s.sessions.idTag, idTag)));
}

async function sessionDebits(accountId: string) {
  return db()
    .select()
    .from(s.ledgerEntries)
    .where(and(eq(s.ledgerEntries.accountId, accountId), eq(s.ledgerEntries.kind, 'session')));
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('money over %s with a simulated locker', (version) => {
  let institutionId: string;
  let sim: SimulatedStation;
  let stationId: string;

  beforeAll(async () => {
    institutionId = await institutionWithTariff();
    const { station, password } = await makeStation(db(), { institutionId, kind: 'locker', evses: 4 });
    stationId = station.id;
    sim = new SimulatedStation({
      url: server.ocppUrl,
      chargeBoxId: station.chargeBoxId,
      password,
      version,
      kind: 'locker',
      evses: 4,
      meterIntervalMs: 60_000,
      reconnect: false,
    });
    sims.push(sim);
    expect(await sim.start()).toBe('Accepted');
  });

  /** Puts a battery in a compartment, starts with the card, charges, stops with the card. */
  async function chargeWithCard(evseId: number, card: string) {
    sim.openDoor(evseId);
    sim.putItem(evseId);
    sim.closeDoor(evseId);
    const started = await sim.presentCard(evseId, card);
    expect(started.result).toBe('started');
    await sim.flush();
    const [session] = await waitFor(async () => {
      const rows = (await sessionsWith(stationId, card)).filter(
        (r) => r.evseId === evseId && r.status === 'active',
      );
      return rows.length > 0 && rows;
    });
    sim.addEnergy(evseId, 120);
    expect((await sim.presentCard(evseId, card)).result).toBe('stopped');
    await sim.flush();
    return session!;
  }

  it('starts and stops with a prepaid card and debits exactly the priced amount', async () => {
    const driver = await makePayingCard(db(), institutionId, `P1${version === 'ocpp1.6' ? '16' : '20'}AAAA`, {
      kind: 'prepaid',
      balanceCents: 1_000,
      minimumBalanceCents: 100,
    });
    const session = await chargeWithCard(1, driver.card.value);
    expect(session).toMatchObject({ authorizationStatus: 'Accepted', authorizationReason: 'card_accepted' });
    const record = await chargeRecordOf(db(), session.id);
    expect(record).toMatchObject({
      booking: 'ledger',
      accountId: driver.account.id,
      userId: driver.user.id,
      tokenId: driver.card.id,
      strategyKind: 'prepaid',
      totalCents: HALF_HOUR_CENTS,
    });
    const debits = await sessionDebits(driver.account.id);
    expect(debits.map((d) => [d.amountCents, d.chargeRecordId])).toEqual([[-record.totalCents, record.id]]);
    expect(await balance(driver.account.id)).toBe(1_000 - HALF_HOUR_CENTS);
  });

  it('refuses a blocked card: no session, nothing booked', async () => {
    const value = `B1${version === 'ocpp1.6' ? '16' : '20'}BBBB`;
    const blocked = await makePayingCard(db(), institutionId, value, {
      kind: 'prepaid',
      balanceCents: 1_000,
      status: 'blocked',
    });
    sim.openDoor(2);
    sim.putItem(2);
    sim.closeDoor(2);
    const outcome = await sim.presentCard(2, value);
    expect(outcome).toMatchObject({ result: 'refused', status: 'Blocked' });
    await sim.flush();
    expect(await sessionsWith(stationId, value)).toEqual([]);
    expect(await balance(blocked.account.id)).toBe(1_000);
    expect(sim.compartment(2).transaction).toBeUndefined();
  });

  it("bills a company user's card to the company master's account", async () => {
    const company = await makeCompany(db(), institutionId, { kind: 'postpaid' });
    const member = await makeCompanyMember(db(), institutionId, company.company.id);
    const value = `C1${version === 'ocpp1.6' ? '16' : '20'}CCCC`;
    const card = await makeAuthToken(db(), institutionId, value, { userId: member.id });
    const session = await chargeWithCard(3, value);
    const record = await chargeRecordOf(db(), session.id);
    expect(record).toMatchObject({
      booking: 'invoice',
      accountId: company.account.id,
      companyId: company.company.id,
      userId: member.id,
      tokenId: card.id,
      strategyKind: 'postpaid',
      totalCents: HALF_HOUR_CENTS,
    });
  });

  it("applies a discount of the payer's strategy", async () => {
    const value = `D1${version === 'ocpp1.6' ? '16' : '20'}DDDD`;
    const driver = await makePayingCard(db(), institutionId, value, { kind: 'prepaid', balanceCents: 1_000 });
    const [discount] = await db()
      .insert(s.discounts)
      .values({
        institutionId,
        strategyId: driver.strategy.id,
        name: 'Mitarbeiterrabatt 20 %',
        targetKind: 'user',
        targetId: driver.user.id,
        percentBp: 2_000,
      })
      .returning();
    const session = await chargeWithCard(4, value);
    const record = await chargeRecordOf(db(), session.id);
    expect(record.totalCents).toBe(40);
    const lines = record.lines as { kind: string; amountCents: number; sourceId?: string }[];
    expect(lines).toContainEqual(
      expect.objectContaining({ kind: 'discount', amountCents: -10, sourceId: discount!.id }),
    );
    expect(lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(40);
    expect(await balance(driver.account.id)).toBe(960);
  });
});

describe('a repeated stop is billed once', () => {
  let institutionId: string;

  beforeAll(async () => {
    institutionId = await institutionWithTariff();
  });

  async function bareStation(protocol: 'ocpp1.6' | 'ocpp2.0.1') {
    const { station, password } = await makeStation(db(), {
      institutionId,
      evses: 1,
      localListEnabled: false,
    });
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: station.chargeBoxId,
      password,
      protocols: [protocol],
      strictMode: true,
    });
    clients.push(client);
    return { client, station };
  }

  it('1.6: a duplicated StopTransaction', async () => {
    const driver = await makePayingCard(db(), institutionId, 'E1160001', {
      kind: 'prepaid',
      balanceCents: 1_000,
    });
    const { client, station } = await bareStation('ocpp1.6');
    await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Locker' });
    const startedAt = new Date(Date.now() - 70 * 60_000);
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'E1160001',
      meterStart: 0,
      timestamp: startedAt.toISOString(),
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(start.idTagInfo.status).toBe('Accepted');
    const stop = {
      transactionId: start.transactionId,
      idTag: 'E1160001',
      meterStop: 300,
      timestamp: new Date().toISOString(),
      reason: 'Local',
    };
    expect(await client.call('StopTransaction', stop)).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await client.call('StopTransaction', stop)).toEqual({ idTagInfo: { status: 'Accepted' } });

    const [session] = await sessionsWith(station.id, 'E1160001');
    const records = await db()
      .select()
      .from(s.chargeRecords)
      .where(eq(s.chargeRecords.sessionId, session!.id));
    // 70 minutes: three started half hours.
    expect(records.map((r) => [r.kind, r.totalCents])).toEqual([['session', 3 * HALF_HOUR_CENTS]]);
    expect(await sessionDebits(driver.account.id)).toHaveLength(1);
    expect(await balance(driver.account.id)).toBe(1_000 - 3 * HALF_HOUR_CENTS);
  });

  it('2.0.1: a duplicated TransactionEvent Ended', async () => {
    const driver = await makePayingCard(db(), institutionId, 'E1200001', {
      kind: 'prepaid',
      balanceCents: 1_000,
    });
    const { client, station } = await bareStation('ocpp2.0.1');
    await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'Locker' },
    });
    const transactionId = `tx-${Date.now()}`;
    const startedAt = new Date(Date.now() - 70 * 60_000);
    const started = await client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: startedAt.toISOString(),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId },
      idToken: { idToken: 'E1200001', type: 'ISO14443' },
      evse: { id: 1, connectorId: 1 },
    });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    const ended = {
      eventType: 'Ended',
      timestamp: new Date().toISOString(),
      triggerReason: 'StopAuthorized',
      seqNo: 1,
      transactionInfo: { transactionId, stoppedReason: 'Local' },
      idToken: { idToken: 'E1200001', type: 'ISO14443' },
    };
    await client.call('TransactionEvent', ended);
    await client.call('TransactionEvent', ended);

    const [session] = await sessionsWith(station.id, 'E1200001');
    expect(session?.status).toBe('completed');
    const records = await db()
      .select()
      .from(s.chargeRecords)
      .where(eq(s.chargeRecords.sessionId, session!.id));
    expect(records.map((r) => [r.kind, r.totalCents])).toEqual([['session', 3 * HALF_HOUR_CENTS]]);
    expect(await sessionDebits(driver.account.id)).toHaveLength(1);
    expect(await balance(driver.account.id)).toBe(1_000 - 3 * HALF_HOUR_CENTS);
  });
});
