import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { TariffNotFound } from '../shared/errors.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import type { PricingSubject } from './pricing.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const HALF_HOUR_50 = { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] };
const per30 = (cents: number) => ({ elements: [{ time: { priceCents: cents, stepMinutes: 30 } }] });

/** An institution with a location, a station group, a station of two charge points, staff and a driver. */
async function world() {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const [location] = await db
    .insert(s.locations)
    .values({ institutionId: institution.id, name: 'P20' })
    .returning();
  const [group] = await db
    .insert(s.stationGroups)
    .values({ institutionId: institution.id, name: 'Garage' })
    .returning();
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    evses: 2,
    locationId: location!.id,
    groupId: group!.id,
  });
  const [strategy] = await db
    .insert(s.accountingStrategies)
    .values({ institutionId: institution.id, name: 'Postpaid', kind: 'postpaid' })
    .returning();
  const [account] = await db
    .insert(s.accounts)
    .values({
      institutionId: institution.id,
      strategyId: strategy!.id,
      holderKind: 'user',
      number: `K-${institution.slug}`,
    })
    .returning();
  const [userGroup] = await db
    .insert(s.userGroups)
    .values({ institutionId: institution.id, name: 'Car sharing A' })
    .returning();
  const [user] = await db
    .insert(s.users)
    .values({ institutionId: institution.id, name: 'Anna', groupId: userGroup!.id, accountId: account!.id })
    .returning();
  const admin = await makeStaff(db, 'institution_admin', institution.id);
  const technician = await makeStaff(db, 'service_technician', institution.id);
  const accountant = await makeStaff(db, 'accountant', institution.id);
  return {
    institution,
    location: location!,
    group: group!,
    station,
    chargePoints,
    strategy: strategy!,
    userGroup: userGroup!,
    user: user!,
    admin: await loginClient(server.baseUrl, admin.email, admin.password),
    adminStaffId: admin.staff.id,
    technician: await loginClient(server.baseUrl, technician.email, technician.password),
    accountant: await loginClient(server.baseUrl, accountant.email, accountant.password),
  };
}
type World = Awaited<ReturnType<typeof world>>;

async function createTariff(client: ApiClient, name: string, definition: unknown = HALF_HOUR_50) {
  const response = await client.post('/api/v1/tariffs', { name, definition });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; name: string };
}

const subjectOf = (w: World, values: Partial<PricingSubject> = {}): PricingSubject => ({
  institutionId: w.institution.id,
  stationId: w.station.id,
  chargePointId: w.chargePoints[0]!.id,
  userId: null,
  userGroupId: null,
  strategyId: null,
  startedAt: new Date('2026-11-21T09:00:00Z'),
  stoppedAt: new Date('2026-11-21T12:20:00Z'),
  chargingEndedAt: null,
  energyWh: 0,
  ...values,
});

const priceSession = (subject: PricingSubject) =>
  server.fachwerk.services.pricing.priceSession(server.database.db, subject);

describe('tariff resolution through the inheritance chain', () => {
  it('inherits from institution, location, station group, station and the charge point itself', async () => {
    const w = await world();
    const [cp1, cp2] = w.chargePoints;
    const effective = async (cpId: string) =>
      (await w.admin.get(`/api/v1/charge-points/${cpId}/tariff`)).body;
    expect(await effective(cp1!.id)).toEqual({ chargePointId: cp1!.id, tariff: null, source: null });

    const levels = [
      ['institution', `/api/v1/institutions/${w.institution.id}/tariff`, w.institution.id],
      ['location', `/api/v1/locations/${w.location.id}/tariff`, w.location.id],
      ['station_group', `/api/v1/station-groups/${w.group.id}/tariff`, w.group.id],
      ['station', `/api/v1/stations/${w.station.id}/tariff`, w.station.id],
      ['charge_point', `/api/v1/charge-points/${cp1!.id}/tariff`, cp1!.id],
    ] as const;
    let cents = 10;
    for (const [kind, path, id] of levels) {
      const tariff = await createTariff(w.admin, `T ${kind}`, per30(cents));
      const put = await w.admin.put(path, { tariffId: tariff.id });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ targetKind: kind, targetId: id, tariffId: tariff.id });
      const now = await effective(cp1!.id);
      expect(now.source).toEqual({ kind, id });
      expect(now.tariff.id).toBe(tariff.id);
      // The engine prices with the same tariff: 7 started half hours.
      expect((await priceSession(subjectOf(w))).totalCents).toBe(7 * cents);
      cents += 10;
    }
    // The second charge point has no own tariff: it inherits the station's.
    expect((await effective(cp2!.id)).source).toEqual({ kind: 'station', id: w.station.id });
    // Removing the charge point's own tariff makes it inherit again.
    expect((await w.admin.delete(`/api/v1/charge-points/${cp1!.id}/tariff`)).status).toBe(204);
    expect((await effective(cp1!.id)).source).toEqual({ kind: 'station', id: w.station.id });
    expect((await w.admin.delete(`/api/v1/charge-points/${cp1!.id}/tariff`)).status).toBe(404);
  });

  it('throws TariffNotFound instead of pricing 0, and the quote says so', async () => {
    const w = await world();
    await expect(priceSession(subjectOf(w))).rejects.toBeInstanceOf(TariffNotFound);
    const quote = await w.admin.get(`/api/v1/charge-points/${w.chargePoints[0]!.id}/quote?duration=PT1H`);
    expect(quote.status).toBe(422);
    expect(quote.body.code).toBe('tariff_not_found');
    // An inactive tariff does not count either.
    const tariff = await createTariff(w.admin, 'Old');
    await w.admin.put(`/api/v1/institutions/${w.institution.id}/tariff`, { tariffId: tariff.id });
    expect((await w.admin.patch(`/api/v1/tariffs/${tariff.id}`, { active: false })).status).toBe(200);
    await expect(priceSession(subjectOf(w))).rejects.toBeInstanceOf(TariffNotFound);
  });

  it("gives a user group's members the group's tariff, and a price event overrides both", async () => {
    const w = await world();
    const usual = await createTariff(w.admin, 'Usual', per30(50));
    const groupTariff = await createTariff(w.admin, 'Car sharing', per30(30));
    const eventTariff = await createTariff(w.admin, 'Free day', per30(0));
    await w.admin.put(`/api/v1/institutions/${w.institution.id}/tariff`, { tariffId: usual.id });
    await server.database.db
      .update(s.userGroups)
      .set({ tariffId: groupTariff.id })
      .where(eq(s.userGroups.id, w.userGroup.id));

    const member = subjectOf(w, { userId: w.user.id, userGroupId: w.userGroup.id });
    expect(await priceSession(subjectOf(w))).toMatchObject({ tariffId: usual.id, totalCents: 350 });
    expect(await priceSession(member)).toMatchObject({
      tariffId: groupTariff.id,
      totalCents: 210,
      eventId: null,
    });

    const event = await w.admin.post('/api/v1/price-events', {
      name: 'Free charging day',
      targetKind: 'user_group',
      targetId: w.userGroup.id,
      tariffId: eventTariff.id,
      validFrom: '2026-11-21T00:00:00+01:00',
      validTo: '2026-11-22T00:00:00+01:00',
    });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    expect(await priceSession(member)).toMatchObject({
      tariffId: eventTariff.id,
      totalCents: 0,
      eventId: event.body.id,
    });
    // Not for others, and not for a session that starts after the event (validTo is exclusive).
    expect(await priceSession(subjectOf(w))).toMatchObject({ tariffId: usual.id });
    const nextDay = {
      startedAt: new Date('2026-11-21T23:00:00Z'),
      stoppedAt: new Date('2026-11-22T01:00:00Z'),
    };
    expect(await priceSession({ ...member, ...nextDay })).toMatchObject({ tariffId: groupTariff.id });
    // A session that started during the event keeps its price to the end.
    const late = { startedAt: new Date('2026-11-21T22:59:00Z'), stoppedAt: new Date('2026-11-22T03:00:00Z') };
    expect(await priceSession({ ...member, ...late })).toMatchObject({
      tariffId: eventTariff.id,
      totalCents: 0,
    });
  });
});

describe('discounts', () => {
  it("applies the payer strategy's discount by precedence, and only that strategy's", async () => {
    const w = await world();
    const tariff = await createTariff(w.admin, 'Usual', per30(100));
    await w.admin.put(`/api/v1/institutions/${w.institution.id}/tariff`, { tariffId: tariff.id });
    const general = await w.admin.post('/api/v1/discounts', {
      strategyId: w.strategy.id,
      name: 'Everyone 50 %',
      targetKind: 'all',
      percentBp: 5000,
    });
    expect(general.status, JSON.stringify(general.body)).toBe(201);
    const mine = await w.admin.post('/api/v1/discounts', {
      strategyId: w.strategy.id,
      name: 'Anna 1 €',
      targetKind: 'user',
      targetId: w.user.id,
      amountCents: 100,
    });
    expect(mine.status).toBe(201);
    const subject = subjectOf(w, {
      userId: w.user.id,
      userGroupId: w.userGroup.id,
      strategyId: w.strategy.id,
    });
    const priced = await priceSession(subject);
    expect(priced.totalCents).toBe(600); // 7.00 - 1.00: the user's own discount is more specific
    expect(priced.discountIds).toEqual([mine.body.id]);
    expect(priced.lines.at(-1)).toMatchObject({ kind: 'discount', amountCents: -100 });
    // Someone else under the same strategy gets the general one; without the strategy nothing.
    expect((await priceSession({ ...subject, userId: null })).totalCents).toBe(350);
    expect((await priceSession({ ...subject, strategyId: null })).totalCents).toBe(700);
    // The quote for Anna finds her payer's strategy itself.
    const quote = await w.admin.get(
      `/api/v1/charge-points/${w.chargePoints[0]!.id}/quote?duration=PT3H20M&at=2026-11-21T10:00:00%2B01:00&userId=${w.user.id}`,
    );
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.totalCents).toBe(600);
  });

  it('refuses a discount with both or neither of percent and amount, or a target elsewhere', async () => {
    const w = await world();
    const other = await world();
    const base = { strategyId: w.strategy.id, name: 'X', targetKind: 'all' };
    const both = await w.admin.post('/api/v1/discounts', { ...base, percentBp: 1000, amountCents: 100 });
    expect(both.status).toBe(422);
    const neither = await w.admin.post('/api/v1/discounts', base);
    expect(neither.status).toBe(422);
    expect(neither.body.details.field).toBe('percentBp');
    const foreignTarget = await w.admin.post('/api/v1/discounts', {
      ...base,
      percentBp: 1000,
      targetKind: 'user',
      targetId: other.user.id,
    });
    expect(foreignTarget.status).toBe(404);
    const foreignStrategy = await w.admin.post('/api/v1/discounts', {
      ...base,
      strategyId: other.strategy.id,
      percentBp: 1000,
    });
    expect(foreignStrategy.status).toBe(404);
    expect((await w.admin.get('/api/v1/discounts')).body).toEqual([]);
  });
});

describe('tariff routes', () => {
  it('quotes 3 h 20 min at 0.50 € per started 30 min as 3.50 €, with a price text in both languages', async () => {
    const w = await world();
    const tariff = await createTariff(w.admin, 'Locker', {
      dailyCapCents: 1000,
      elements: [
        { restrictions: { minDurationMinutes: 240 }, time: { priceCents: 100, stepMinutes: 30 } },
        { time: { priceCents: 50, stepMinutes: 30 } },
      ],
    });
    await w.admin.put(`/api/v1/stations/${w.station.id}/tariff`, { tariffId: tariff.id });
    const cp = w.chargePoints[0]!.id;
    const quote = await w.accountant.get(
      `/api/v1/charge-points/${cp}/quote?duration=PT3H20M&at=2026-11-21T10:00:00Z`,
    );
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body).toMatchObject({
      totalCents: 350,
      netCents: 294,
      vatCents: 56,
      currency: 'EUR',
      tariffId: tariff.id,
      source: { kind: 'station', id: w.station.id },
      startedAt: '2026-11-21T10:00:00.000Z',
      stoppedAt: '2026-11-21T13:20:00.000Z',
    });
    expect(quote.body.lines).toHaveLength(1);
    const bad = await w.admin.get(`/api/v1/charge-points/${cp}/quote?duration=P3X`);
    expect(bad.status).toBe(422);
    expect(bad.body.details.field).toBe('duration');

    const de = await w.admin.get(`/api/v1/charge-points/${cp}/price-text`);
    expect(de.status).toBe(200);
    expect(de.body.text).toBe(
      '0,50 € je angefangene 30 Minuten, ab 4 Stunden 1,00 € je angefangene 30 Minuten, höchstens 10,00 € pro Tag. Preise inkl. 19 % MwSt.',
    );
    expect(de.body.short).toBe(de.body.text);
    const en = await server.fachwerk.services.pricing.priceText(
      {
        actor: { kind: 'system', reason: 'sms' },
        now: () => new Date(),
        log: server.fachwerk.services.deps.log,
      },
      cp,
      'en',
    );
    expect(en.text).toMatch(/^€0\.50 per started 30 minutes, after 4 hours €1\.00/);
  });

  it('refuses invalid definitions with 422 naming the field, and stores nothing', async () => {
    const w = await world();
    const bad = await w.admin.post('/api/v1/tariffs', {
      name: 'Broken',
      definition: { elements: [{ time: { priceCents: 50, stepMinutes: 0 } }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details.field).toBe('definition.elements.0.time.stepMinutes');
    const typo = await w.admin.post('/api/v1/tariffs', {
      name: 'Typo',
      definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }], maximumCent: 100 },
    });
    expect(typo.status).toBe(422);
    expect(typo.body.details.field).toBe('definition.maximumCent');
    expect((await w.admin.get('/api/v1/tariffs')).body).toEqual([]);

    const tariff = await createTariff(w.admin, 'Good');
    const patch = await w.admin.patch(`/api/v1/tariffs/${tariff.id}`, {
      definition: { minimumCents: 500, maximumCents: 100, elements: [{ energy: { centsPerKwh: 39 } }] },
    });
    expect(patch.status).toBe(422);
    expect(patch.body.details.field).toBe('definition.minimumCents');
    expect((await w.admin.get(`/api/v1/tariffs/${tariff.id}`)).body.definition).toEqual(HALF_HOUR_50);
  });

  it('audits who changed which price', async () => {
    const w = await world();
    const tariff = await createTariff(w.admin, 'Locker');
    const patch = await w.admin.patch(`/api/v1/tariffs/${tariff.id}`, {
      definition: per30(60),
      vatRateBp: 700,
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ vatRateBp: 700, definition: per30(60) });
    const rows = await server.database.db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.target, `tariff:${tariff.id}`), eq(s.auditLog.action, 'tariff.updated')));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe(`staff:${w.adminStaffId}`);
    expect(rows[0]!.details).toEqual({
      before: { definition: HALF_HOUR_50, vatRateBp: 1900 },
      after: { definition: per30(60), vatRateBp: 700 },
    });
  });

  it('keeps prices from service technicians; accountants read but do not change', async () => {
    const w = await world();
    const tariff = await createTariff(w.admin, 'Locker');
    await w.admin.put(`/api/v1/institutions/${w.institution.id}/tariff`, { tariffId: tariff.id });
    const cp = w.chargePoints[0]!.id;
    for (const path of [
      '/api/v1/tariffs',
      `/api/v1/tariffs/${tariff.id}`,
      `/api/v1/charge-points/${cp}/tariff`,
      `/api/v1/charge-points/${cp}/quote`,
      `/api/v1/charge-points/${cp}/price-text`,
      '/api/v1/price-events',
      '/api/v1/discounts',
    ]) {
      expect((await w.technician.get(path)).status, path).toBe(403);
      expect((await w.accountant.get(path)).status, path).toBe(200);
    }
    expect((await w.technician.post('/api/v1/tariffs', { name: 'X', definition: HALF_HOUR_50 })).status).toBe(
      403,
    );
    expect((await w.accountant.patch(`/api/v1/tariffs/${tariff.id}`, { definition: per30(1) })).status).toBe(
      403,
    );
    expect(
      (await w.accountant.put(`/api/v1/stations/${w.station.id}/tariff`, { tariffId: tariff.id })).status,
    ).toBe(403);
  });

  it('keeps tariffs, targets and events within one institution', async () => {
    const w = await world();
    const other = await world();
    const mine = await createTariff(w.admin, 'Mine');
    const theirs = await createTariff(other.admin, 'Theirs');
    expect(
      (await w.admin.put(`/api/v1/stations/${other.station.id}/tariff`, { tariffId: mine.id })).status,
    ).toBe(404);
    expect(
      (await w.admin.put(`/api/v1/stations/${w.station.id}/tariff`, { tariffId: theirs.id })).status,
    ).toBe(404);
    expect((await w.admin.get(`/api/v1/tariffs/${theirs.id}`)).status).toBe(404);
    const event = {
      name: 'E',
      targetKind: 'station',
      targetId: w.station.id,
      tariffId: theirs.id,
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2026-01-02T00:00:00Z',
    };
    expect((await w.admin.post('/api/v1/price-events', event)).status).toBe(404);
    expect(
      (
        await w.admin.post('/api/v1/price-events', {
          ...event,
          tariffId: mine.id,
          targetId: other.station.id,
        })
      ).status,
    ).toBe(404);
    const backwards = await w.admin.post('/api/v1/price-events', {
      ...event,
      tariffId: mine.id,
      validTo: '2025-12-31T00:00:00Z',
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.details.field).toBe('validTo');
    expect((await w.admin.get('/api/v1/tariffs')).body.map((t: { id: string }) => t.id)).toEqual([mine.id]);
  });

  it('deletes an unused tariff, and refuses one in use', async () => {
    const w = await world();
    const used = await createTariff(w.admin, 'Used');
    const unused = await createTariff(w.admin, 'Unused');
    await w.admin.put(`/api/v1/locations/${w.location.id}/tariff`, { tariffId: used.id });
    const refused = await w.admin.delete(`/api/v1/tariffs/${used.id}`);
    expect(refused.status).toBe(409);
    expect((await w.admin.get(`/api/v1/tariffs/${used.id}`)).status).toBe(200);
    expect((await w.admin.delete(`/api/v1/tariffs/${unused.id}`)).status).toBe(204);
    expect((await w.admin.get(`/api/v1/tariffs/${unused.id}`)).status).toBe(404);
  });

  it('changes and deletes price events and discounts', async () => {
    const w = await world();
    const tariff = await createTariff(w.admin, 'T');
    const event = await w.admin.post('/api/v1/price-events', {
      name: 'E',
      targetKind: 'all',
      tariffId: tariff.id,
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2026-01-02T00:00:00Z',
    });
    expect(event.body.targetId).toBeNull();
    const moved = await w.admin.patch(`/api/v1/price-events/${event.body.id}`, {
      targetKind: 'station_group',
      targetId: w.group.id,
      validTo: '2026-01-03T00:00:00Z',
    });
    expect(moved.body).toMatchObject({
      targetKind: 'station_group',
      targetId: w.group.id,
      validTo: '2026-01-03T00:00:00.000Z',
    });
    expect((await w.admin.delete(`/api/v1/price-events/${event.body.id}`)).status).toBe(204);
    expect((await w.admin.get('/api/v1/price-events')).body).toEqual([]);

    const discount = await w.admin.post('/api/v1/discounts', {
      strategyId: w.strategy.id,
      name: 'D',
      targetKind: 'station',
      targetId: w.station.id,
      percentBp: 1000,
    });
    const changed = await w.admin.patch(`/api/v1/discounts/${discount.body.id}`, {
      percentBp: null,
      amountCents: 200,
      stackable: true,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ percentBp: null, amountCents: 200, stackable: true });
    expect((await w.admin.get(`/api/v1/discounts?strategyId=${w.strategy.id}`)).body).toHaveLength(1);
    expect((await w.admin.delete(`/api/v1/discounts/${discount.body.id}`)).status).toBe(204);
  });
});
