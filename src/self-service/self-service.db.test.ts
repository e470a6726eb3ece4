/**
 * The drivers' own area over HTTP: each route, what two drivers see of each other (nothing), what a
 * company admin sees beyond a plain member, blocking a card (twice), and staff kept out.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import { berlinParts } from '../shared/berlin-time.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { makeStaff } from '../../test/support/factories.js';
import { makeAccount, makeCompany } from '../../test/support/payers.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeLocker, type Locker } from '../../test/integration/sms-flow.support.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

const MINUTE = 60_000;
const PASSWORD = 'a-portal-password-1';

let server: TestServer;
let locker: Locker;
let ctx: Ctx;
let meter = 1_000;

interface Driver {
  id: string;
  email: string;
  client: ApiClient;
  card: typeof s.authTokens.$inferSelect;
}

const db = () => server.database.db;
const services = () => server.fachwerk.services;
const ref = () => ({
  stationId: locker.stationId,
  institutionId: locker.institutionId,
  chargeBoxId: locker.chargeBoxId,
});

async function driver(
  name: string,
  values: Partial<typeof s.users.$inferInsert>,
  cardValue: string,
): Promise<Driver> {
  const email = `${name.toLowerCase().replace(/\s+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const [user] = await db()
    .insert(s.users)
    .values({ institutionId: locker.institutionId, name, email, ...values })
    .returning();
  await services().selfService.setPortalPassword(ctx, user!.id, PASSWORD);
  const [card] = await db()
    .insert(s.authTokens)
    .values({
      institutionId: locker.institutionId,
      value: cardValue,
      userId: user!.id,
      label: `${name}s Karte`,
    })
    .returning();
  return { id: user!.id, email, client: await loginClient(server.baseUrl, email, PASSWORD), card: card! };
}

/** A session through the station path (as a StartTransaction would); stopped when `minutes` is given. */
async function charge(card: string, evseId: number, startedAt: Date, minutes?: number) {
  const started = await services().sessions.startTransaction({ ...ctx, now: () => startedAt }, ref(), {
    evseId,
    idToken: { value: card, type: 'ISO14443' },
    meterStartWh: meter,
    startedAt,
    reservationId: null,
  });
  expect(started.authorization.status).toBe('Accepted');
  meter += 100;
  if (minutes !== undefined)
    await stop(started.transactionId, card, new Date(startedAt.getTime() + minutes * MINUTE));
  return started;
}

async function stop(transactionId: string, card: string, stoppedAt: Date) {
  await services().sessions.stopTransaction({ ...ctx, now: () => stoppedAt }, ref(), {
    transactionId,
    meterStopWh: meter,
    stoppedAt,
    idToken: { value: card, type: 'ISO14443' },
    reason: 'Local',
    samples: [],
    payload: null,
  });
}

let dora: Driver;
let paul: Driver;
let carla: Driver;
let max: Driver;
let company: typeof s.companies.$inferSelect;
let masterCard: typeof s.authTokens.$inferSelect;
let doraRunning: string;
let doraDone: string;
let paulDone: string;
let maxDone: string;
let doraReceipt: string;
let paulReceipt: string;
let companyInvoice: string;

beforeAll(async () => {
  server = await startTestServer();
  ctx = { actor: systemActor('self-service test'), now: () => new Date(), log: services().deps.log };
  locker = await makeLocker(server, { simulate: false, evses: 8 });
  await services().billing.updateBillingProfile(ctx, locker.institutionId, {
    legalName: 'Stadtwerke Test GmbH',
    street: 'Teststraße 1',
    postalCode: '80331',
    city: 'München',
    vatId: 'DE999999999',
  });
  const doraAccount = await makeAccount(db(), locker.institutionId, { kind: 'prepaid', balanceCents: 2000 });
  const paulAccount = await makeAccount(db(), locker.institutionId, { kind: 'prepaid', balanceCents: 1000 });
  dora = await driver(
    'Dora Driver',
    { accountId: doraAccount.account.id, street: 'Weg 1', postalCode: '80331', city: 'München' },
    'D0A1B2C3',
  );
  paul = await driver(
    'Paul Pendler',
    { accountId: paulAccount.account.id, street: 'Weg 2', postalCode: '80331', city: 'München' },
    'D0A1B2C4',
  );
  const made = await makeCompany(db(), locker.institutionId, { kind: 'postpaid' });
  company = made.company;
  await db()
    .update(s.companies)
    .set({ street: 'Firmenweg 5', postalCode: '80333', city: 'München' })
    .where(eq(s.companies.id, company.id));
  [masterCard] = (await db()
    .insert(s.authTokens)
    .values({
      institutionId: locker.institutionId,
      value: 'D0A1B2C5',
      companyId: company.id,
      label: 'Master',
    })
    .returning()) as [typeof s.authTokens.$inferSelect];
  await db().update(s.companies).set({ masterTokenId: masterCard.id }).where(eq(s.companies.id, company.id));
  carla = await driver('Carla Chefin', { companyId: company.id, companyAdmin: true }, 'D0A1B2C6');
  max = await driver('Max Mitglied', { companyId: company.id }, 'D0A1B2C7');

  const now = Date.now();
  doraDone = (await charge(dora.card.value, 1, new Date(now - 3 * 60 * MINUTE), 30)).sessionId;
  paulDone = (await charge(paul.card.value, 2, new Date(now - 2 * 60 * MINUTE), 30)).sessionId;
  // Last month, so the monthly run bills it on the company's collective invoice.
  const lastMonth = new Date(now - 40 * 24 * 60 * MINUTE);
  maxDone = (await charge(max.card.value, 3, lastMonth, 60)).sessionId;
  const month = berlinParts(lastMonth.getTime()).date.slice(0, 7);
  const run = await services().billing.runInvoices(ctx, { month, institutionId: locker.institutionId });
  companyInvoice = [...run.created, ...run.existing].find((d) => d.accountId === company.accountId)!.id;
  doraRunning = (await charge(dora.card.value, 4, new Date(now - 45 * MINUTE))).sessionId;
  doraReceipt = (await services().billing.topUp(ctx, doraAccount.account.id, { amountCents: 500 })).document!
    .id;
  paulReceipt = (await services().billing.topUp(ctx, paulAccount.account.id, { amountCents: 500 })).document!
    .id;
});

afterAll(async () => {
  await server?.close();
});

describe('the driver’s profile', () => {
  it('shows name, e-mail, language and the customer number their charging is billed under', async () => {
    const me = await dora.client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: dora.id,
      name: 'Dora Driver',
      email: dora.email,
      locale: 'de',
      company: null,
      companyAdmin: false,
      billedTo: 'own',
    });
    expect(me.body.accountNumber).toMatch(/^K-/);
    const member = await max.client.get('/api/v1/me');
    expect(member.body).toMatchObject({
      billedTo: 'company',
      company: { id: company.id },
      companyAdmin: false,
    });
  });

  it('changes language and phone, audited as the driver, and refuses a number that is none', async () => {
    const changed = await paul.client.patch('/api/v1/me', { locale: 'en', phone: '0049 170 / 123-4567' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ locale: 'en', phone: '+491701234567' });
    const bad = await paul.client.patch('/api/v1/me', { phone: 'call me' });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual({ field: 'phone' });
    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, `user:${paul.id}`), eq(s.auditLog.action, 'user.updated')));
    expect(audit.map((row) => row.actor)).toEqual([`user:${paul.id}`]);
    expect((await paul.client.get('/api/v1/auth/session')).body.locale).toBe('en');
  });
});

describe('the driver’s sessions', () => {
  it('lists only their own, newest first, the running one with its cost so far', async () => {
    const list = await dora.client.get('/api/v1/me/sessions');
    expect(list.status).toBe(200);
    expect(list.body.map((x: { id: string }) => x.id)).toEqual([doraRunning, doraDone]);
    const [running, done] = list.body;
    // 45 minutes at 0,50 € per started 30 minutes.
    expect(running).toMatchObject({
      status: 'active',
      stoppedAt: null,
      compartment: 'P20-04',
      card: { id: dora.card.id, value: 'D0A1B2C3' },
      cost: { cents: 100, currency: 'EUR', final: false },
    });
    expect(running.durationSeconds).toBeGreaterThanOrEqual(45 * 60);
    expect(done).toMatchObject({
      status: 'completed',
      durationSeconds: 30 * 60,
      energyWh: 100,
      compartment: 'P20-01',
      cost: { cents: 50, final: true },
    });
    const running2 = await dora.client.get('/api/v1/me/sessions?status=active');
    expect(running2.body.map((x: { id: string }) => x.id)).toEqual([doraRunning]);
  });

  it('shows a session with its lines, and answers 404 for anybody else’s', async () => {
    const own = await dora.client.get(`/api/v1/me/sessions/${doraDone}`);
    expect(own.status).toBe(200);
    expect(own.body.lines).toEqual([expect.objectContaining({ kind: 'time', amountCents: 50 })]);
    for (const id of [paulDone, maxDone, crypto.randomUUID()]) {
      const foreign = await dora.client.get(`/api/v1/me/sessions/${id}`);
      expect(foreign.status, id).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain('Paul');
    }
    expect((await paul.client.get(`/api/v1/me/sessions/${doraRunning}`)).status).toBe(404);
  });

  it('prices the running session exactly as billing then books it', async () => {
    const { body: before } = await paul.client.get('/api/v1/me/sessions');
    expect(before.map((x: { id: string }) => x.id)).toEqual([paulDone]);
    const started = await charge(paul.card.value, 5, new Date(Date.now() - 95 * MINUTE));
    const { body: live } = await paul.client.get(`/api/v1/me/sessions/${started.sessionId}`);
    expect(live.cost).toMatchObject({ cents: 200, final: false });
    await stop(started.transactionId, paul.card.value, new Date(live.cost.asOf));
    const { body: booked } = await paul.client.get(`/api/v1/me/sessions/${started.sessionId}`);
    expect(booked.cost).toMatchObject({ cents: live.cost.cents, final: true });
    expect(booked.lines).toEqual(live.lines);
  });
});

describe('cards', () => {
  it('lists the driver’s own cards', async () => {
    const cards = await dora.client.get('/api/v1/me/cards');
    expect(cards.status).toBe(200);
    expect(cards.body).toEqual([
      expect.objectContaining({
        id: dora.card.id,
        value: 'D0A1B2C3',
        status: 'accepted',
        label: 'Dora Drivers Karte',
      }),
    ]);
  });

  it('blocks a lost card at once, audited as the driver, announced to the stations, harmless twice', async () => {
    const events: LiveEvent[] = [];
    const unsubscribe = services().deps.live.subscribe((event) => events.push(event));
    try {
      const first = await paul.client.post(`/api/v1/me/cards/${paul.card.id}/block`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: paul.card.id, status: 'blocked' });
      expect(events).toContainEqual({ type: 'cards.changed', institutionId: locker.institutionId });
      events.length = 0;
      const again = await paul.client.post(`/api/v1/me/cards/${paul.card.id}/block`);
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('blocked');
      expect(events.filter((e) => e.type === 'cards.changed')).toEqual([]);
    } finally {
      unsubscribe();
    }
    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.target, `auth_token:${paul.card.id}`));
    expect(audit.map((row) => [row.actor, row.action])).toEqual([[`user:${paul.id}`, 'auth_token.updated']]);
    const decision = await services().sessions.startTransaction(ctx, ref(), {
      evseId: 6,
      idToken: { value: paul.card.value, type: 'ISO14443' },
      meterStartWh: meter,
      startedAt: new Date(),
      reservationId: null,
    });
    expect(decision.authorization.status).toBe('Blocked');
  });

  it('answers 404 for another driver’s card and leaves it as it was', async () => {
    for (const card of [dora.card, masterCard, max.card]) {
      expect((await paul.client.post(`/api/v1/me/cards/${card.id}/block`)).status).toBe(404);
    }
    const [row] = await db().select().from(s.authTokens).where(eq(s.authTokens.id, dora.card.id));
    expect(row!.status).toBe('accepted');
  });
});

describe('balance, ledger and documents', () => {
  it('shows the prepaid balance and its history with the running balance', async () => {
    const balance = await dora.client.get('/api/v1/me/balance');
    expect(balance.status).toBe(200);
    // 20,00 € + 5,00 € top-up − 0,50 € for the finished session.
    expect(balance.body).toMatchObject({
      billedTo: 'own',
      strategyKind: 'prepaid',
      balanceCents: 2450,
      canStart: true,
      currency: 'EUR',
    });
    const ledger = await dora.client.get('/api/v1/me/ledger');
    expect(
      ledger.body.map((e: { kind: string; amountCents: number; balanceAfterCents: number }) => [
        e.kind,
        e.amountCents,
        e.balanceAfterCents,
      ]),
    ).toEqual([
      ['topup', 500, 2450],
      ['session', -50, 1950],
      ['topup', 2000, 2000],
    ]);
    expect(JSON.stringify(ledger.body)).not.toContain('createdBy');
  });

  it('tells a company member that the company pays, without the company’s money', async () => {
    const balance = await max.client.get('/api/v1/me/balance');
    expect(balance.body).toMatchObject({
      billedTo: 'company',
      companyName: company.name,
      balanceCents: null,
    });
    expect((await max.client.get('/api/v1/me/ledger')).body).toEqual([]);
    expect((await max.client.get('/api/v1/me/documents')).body).toEqual([]);
  });

  it('lists the driver’s receipts and serves their PDF, and nobody else’s', async () => {
    const docs = await dora.client.get('/api/v1/me/documents');
    expect(docs.body.map((d: { id: string; kind: string }) => [d.id, d.kind])).toEqual([
      [doraReceipt, 'receipt'],
    ]);
    const pdf = await fetch(`${server.baseUrl}/api/v1/me/documents/${doraReceipt}/pdf`, {
      headers: { cookie: dora.client.cookie! },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    for (const id of [paulReceipt, companyInvoice]) {
      expect((await dora.client.get(`/api/v1/me/documents/${id}/pdf`)).status).toBe(404);
    }
    expect((await carla.client.get(`/api/v1/me/documents/${companyInvoice}/pdf`)).status).toBe(404);
  });
});

describe('the company admin’s area', () => {
  it('shows the company with its master card and strategy', async () => {
    const view = await carla.client.get('/api/v1/me/company');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id: company.id,
      name: company.name,
      strategy: { kind: 'postpaid' },
      masterCard: { id: masterCard.id, value: 'D0A1B2C5' },
      memberCount: 2,
      balanceCents: null,
    });
  });

  it('lists every card of the company and its members, with whose it is', async () => {
    const cards = await carla.client.get('/api/v1/me/company/cards');
    expect(
      cards.body.map((c: { value: string; master: boolean; holder: { name: string } }) => [
        c.value,
        c.master,
        c.holder.name,
      ]),
    ).toEqual([
      ['D0A1B2C5', true, company.name],
      ['D0A1B2C6', false, 'Carla Chefin'],
      ['D0A1B2C7', false, 'Max Mitglied'],
    ]);
  });

  it('shows the company’s sessions and its collective bill, PDF included', async () => {
    const sessions = await carla.client.get('/api/v1/me/company/sessions');
    expect(sessions.body.map((x: { id: string; driverName: string }) => [x.id, x.driverName])).toEqual([
      [maxDone, 'Max Mitglied'],
    ]);
    const docs = await carla.client.get('/api/v1/me/company/documents');
    expect(docs.body).toEqual([
      expect.objectContaining({ id: companyInvoice, kind: 'invoice', grossCents: 100 }),
    ]);
    const pdf = await carla.client.get(`/api/v1/me/company/documents/${companyInvoice}/pdf`);
    expect(pdf.status).toBe(200);
    expect((await carla.client.get(`/api/v1/me/company/documents/${doraReceipt}/pdf`)).status).toBe(404);
  });

  it('blocks a member’s card, but not a card outside the company', async () => {
    const blocked = await carla.client.post(`/api/v1/me/company/cards/${max.card.id}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body.status).toBe('blocked');
    expect((await carla.client.post(`/api/v1/me/company/cards/${dora.card.id}/block`)).status).toBe(404);
    expect((await max.client.get('/api/v1/me/cards')).body[0].status).toBe('blocked');
  });

  it.each([
    ['a plain member', () => max],
    ['a driver without company', () => dora],
  ])('refuses every company route to %s', async (_who, who) => {
    const client = who().client;
    for (const path of [
      '/me/company',
      '/me/company/cards',
      '/me/company/sessions',
      '/me/company/documents',
    ]) {
      expect((await client.get(`/api/v1${path}`)).status, path).toBe(403);
    }
    expect((await client.get(`/api/v1/me/company/documents/${companyInvoice}/pdf`)).status).toBe(403);
    expect((await client.post(`/api/v1/me/company/cards/${masterCard.id}/block`)).status).toBe(403);
  });
});

describe('the border between drivers and staff', () => {
  it('refuses the self-service routes to staff', async () => {
    const staff = await makeStaff(db(), 'institution_admin', locker.institutionId);
    const admin = await loginClient(server.baseUrl, staff.email, staff.password);
    for (const path of ['/me', '/me/sessions', '/me/cards', '/me/balance', '/me/ledger', '/me/documents']) {
      expect((await admin.get(`/api/v1${path}`)).status, path).toBe(403);
    }
    expect((await admin.post(`/api/v1/me/cards/${dora.card.id}/block`)).status).toBe(403);
    expect((await admin.get(`/api/v1/me/sessions/${doraDone}`)).status).toBe(403);
  });

  it('refuses staff routes to drivers', async () => {
    for (const path of ['/stations', '/sessions', '/auth-tokens', '/users', '/documents']) {
      expect((await carla.client.get(`/api/v1${path}`)).status, path).toBe(403);
    }
    expect(
      (await dora.client.patch(`/api/v1/auth-tokens/${dora.card.id}`, { status: 'accepted' })).status,
    ).toBe(403);
  });
});
