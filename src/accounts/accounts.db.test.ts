import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthToken, makeInstitution } from '../../test/support/factories.js';
import { staffClients } from '../../test/support/staff-clients.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import type { ApiClient } from '../../test/http/api-client.js';
import * as s from '../db/schema.js';
import type { LiveEvent } from '../live/live-events.js';
import { resolvePayer } from './payer.js';

let server: TestServer;
const events: LiveEvent[] = [];
beforeAll(async () => {
  server = await startTestServer();
  server.fachwerk.services.deps.live.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await server?.close();
});

interface World {
  institutionId: string;
  admin: ApiClient;
  technician: ApiClient;
  accountant: ApiClient;
}

async function world(): Promise<World> {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  return { institutionId: institution.id, ...(await staffClients(server, institution.id)) };
}

/** The cards.changed events an action publishes. */
async function cardsChangedBy(institutionId: string, action: () => Promise<unknown>): Promise<number> {
  const before = events.length;
  await action();
  return events.slice(before).filter((e) => e.type === 'cards.changed' && e.institutionId === institutionId)
    .length;
}

async function strategy(w: World, name: string, kind = 'prepaid', extra: object = {}) {
  const response = await w.admin.post('/api/v1/accounting-strategies', { name, kind, ...extra });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

async function audit(w: World, action: string) {
  const { body } = await w.admin.get('/api/v1/audit-log?limit=1000');
  return (body as { action: string; target: string | null; details: Record<string, unknown> }[]).filter(
    (row) => row.action === action,
  );
}

describe('accounting strategies', () => {
  it('are created, changed and deleted by the admin, read by the accountant, hidden from technicians', async () => {
    const w = await world();
    const created = await w.admin.post('/api/v1/accounting-strategies', {
      name: ' Prepaid Standard ',
      kind: 'prepaid',
      minimumBalanceCents: 500,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Prepaid Standard',
      kind: 'prepaid',
      minimumBalanceCents: 500,
      paymentTermDays: 14,
      active: true,
      institutionId: w.institutionId,
    });
    const id = created.body.id as string;
    expect(
      (await w.admin.post('/api/v1/accounting-strategies', { name: 'Prepaid Standard', kind: 'free' }))
        .status,
    ).toBe(409);
    const blank = await w.admin.post('/api/v1/accounting-strategies', { name: '   ', kind: 'free' });
    expect(blank.status).toBe(422);
    expect(blank.body.details).toEqual({ field: 'name' });
    expect((await w.admin.post('/api/v1/accounting-strategies', { name: 'X', kind: 'cash' })).status).toBe(
      400,
    );
    expect(
      (
        await w.admin.post('/api/v1/accounting-strategies', {
          name: 'X',
          kind: 'prepaid',
          minimumBalanceCents: -1,
        })
      ).status,
    ).toBe(400);

    expect((await w.accountant.get(`/api/v1/accounting-strategies/${id}`)).status).toBe(200);
    expect((await w.accountant.get('/api/v1/accounting-strategies')).body).toHaveLength(1);
    expect((await w.accountant.patch(`/api/v1/accounting-strategies/${id}`, { active: false })).status).toBe(
      403,
    );
    expect((await w.technician.get('/api/v1/accounting-strategies')).status).toBe(403);
    expect((await w.technician.get(`/api/v1/accounting-strategies/${id}`)).status).toBe(403);

    // A rename does not touch authorization; the minimum balance does.
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/accounting-strategies/${id}`, { name: 'Prepaid' }),
      ),
    ).toBe(0);
    let patched: { body: Record<string, unknown> } = { body: {} };
    expect(
      await cardsChangedBy(w.institutionId, async () => {
        patched = await w.admin.patch(`/api/v1/accounting-strategies/${id}`, { minimumBalanceCents: 1000 });
      }),
    ).toBe(1);
    expect(patched.body).toMatchObject({ name: 'Prepaid', minimumBalanceCents: 1000 });
    expect(await audit(w, 'accounting_strategy.updated')).toHaveLength(2);

    // In use: refused; unused: deleted.
    const user = await w.admin.post('/api/v1/users', { name: 'Anna', strategyId: id });
    expect(user.status).toBe(201);
    expect((await w.admin.delete(`/api/v1/accounting-strategies/${id}`)).status).toBe(409);
    const spare = await strategy(w, 'Spare', 'free');
    expect((await w.admin.delete(`/api/v1/accounting-strategies/${spare.id}`)).status).toBe(204);
    expect((await w.admin.get(`/api/v1/accounting-strategies/${spare.id}`)).status).toBe(404);
  });

  it("are not visible to another institution's staff", async () => {
    const a = await world();
    const b = await world();
    const own = await strategy(a, 'Postpaid', 'postpaid');
    expect((await b.admin.get(`/api/v1/accounting-strategies/${own.id}`)).status).toBe(404);
    expect((await b.admin.patch(`/api/v1/accounting-strategies/${own.id}`, { active: false })).status).toBe(
      404,
    );
    expect((await b.admin.get('/api/v1/accounting-strategies')).body).toEqual([]);
    const foreign = await b.admin.post('/api/v1/users', { name: 'Mallory', strategyId: own.id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.details).toEqual({ field: 'strategyId' });
  });
});

describe('users and their accounts', () => {
  it('opens an own account with a generated or given number and changes its strategy', async () => {
    const w = await world();
    const prepaid = await strategy(w, 'Prepaid');
    const postpaid = await strategy(w, 'Postpaid', 'postpaid');
    const anna = await w.admin.post('/api/v1/users', {
      name: 'Anna Groß',
      email: ' Anna@Example.DE ',
      phone: '+49 170 1234567',
      locale: 'de',
      city: 'Köln',
      strategyId: prepaid.id,
    });
    expect(anna.status).toBe(201);
    expect(anna.body).toMatchObject({
      email: 'anna@example.de',
      phone: '+491701234567',
      strategyId: prepaid.id,
      accountNumber: 'K-000001',
      status: 'active',
    });
    expect(anna.body.billedAccountId).toBe(anna.body.accountId);
    const ben = await w.admin.post('/api/v1/users', {
      name: 'Ben',
      strategyId: prepaid.id,
      accountNumber: 'K-000100',
    });
    expect(ben.body.accountNumber).toBe('K-000100');
    const carl = await w.admin.post('/api/v1/users', { name: 'Carl', strategyId: prepaid.id });
    expect(carl.body.accountNumber).toBe('K-000101');
    const taken = await w.admin.post('/api/v1/users', {
      name: 'Dora',
      strategyId: prepaid.id,
      accountNumber: 'K-000100',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.details).toMatchObject({ field: 'accountNumber' });
    const noStrategy = await w.admin.post('/api/v1/users', { name: 'Dora', accountNumber: 'K-9' });
    expect(noStrategy.status).toBe(422);
    expect(noStrategy.body.details).toEqual({ field: 'accountNumber' });
    expect((await w.admin.get('/api/v1/users?q=dora')).body).toEqual([]);

    const account = await w.accountant.get(`/api/v1/accounts/${anna.body.accountId}`);
    expect(account.body).toMatchObject({
      number: 'K-000001',
      holderKind: 'user',
      holderId: anna.body.id,
      holderName: 'Anna Groß',
      strategyKind: 'prepaid',
    });
    expect((await w.technician.get('/api/v1/accounts?q=groß')).body.map((a: { id: string }) => a.id)).toEqual(
      [anna.body.accountId],
    );
    expect(
      (await w.accountant.patch(`/api/v1/accounts/${anna.body.accountId}`, { strategyId: postpaid.id }))
        .status,
    ).toBe(403);
    let changed: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
    expect(
      await cardsChangedBy(w.institutionId, async () => {
        changed = await w.admin.patch(`/api/v1/accounts/${anna.body.accountId}`, { strategyId: postpaid.id });
      }),
    ).toBe(1);
    expect(changed.body).toMatchObject({ strategyId: postpaid.id, strategyKind: 'postpaid' });
    expect((await w.admin.get(`/api/v1/users/${anna.body.id}`)).body.strategyId).toBe(postpaid.id);
    expect(await audit(w, 'account.strategy_changed')).toHaveLength(1);

    // An inactive strategy is not given to anyone.
    await w.admin.patch(`/api/v1/accounting-strategies/${prepaid.id}`, { active: false });
    const inactive = await w.admin.patch(`/api/v1/accounts/${anna.body.accountId}`, {
      strategyId: prepaid.id,
    });
    expect(inactive.status).toBe(422);
    expect(inactive.body.details).toEqual({ field: 'strategyId' });
  });

  it('validates input field by field and keeps e-mail addresses unique', async () => {
    const w = await world();
    const other = await world();
    const foreignGroup = await other.admin.post('/api/v1/user-groups', { name: 'Theirs' });
    const cases: [object, string][] = [
      [{ name: 'A', email: 'no-at-sign' }, 'email'],
      [{ name: 'A', phone: 'ring ring' }, 'phone'],
      [{ name: '  ' }, 'name'],
      [{ name: 'A', groupId: foreignGroup.body.id }, 'groupId'],
      [{ name: 'A', companyId: foreignGroup.body.id }, 'companyId'],
    ];
    for (const [body, field] of cases) {
      const response = await w.admin.post('/api/v1/users', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.details).toEqual({ field });
    }
    expect((await w.admin.post('/api/v1/users', { name: 'A', locale: 'fr' })).status).toBe(400);
    await w.admin.post('/api/v1/users', { name: 'Anna', email: 'anna@example.de' });
    const twice = await w.admin.post('/api/v1/users', { name: 'Anna 2', email: 'ANNA@example.de' });
    expect(twice.status).toBe(409);
    expect(twice.body.details).toEqual({ field: 'email' });
    expect((await w.admin.get('/api/v1/users')).body).toHaveLength(1);
    expect((await w.technician.post('/api/v1/users', { name: 'T' })).status).toBe(403);
    expect((await w.accountant.post('/api/v1/users', { name: 'T' })).status).toBe(403);
    expect((await w.technician.get('/api/v1/users')).status).toBe(200);
  });

  it('searches and filters users, blocks one, and deletes only a user without cards', async () => {
    const w = await world();
    const group = await w.admin.post('/api/v1/user-groups', { name: 'Carsharing A' });
    const anna = await w.admin.post('/api/v1/users', { name: 'Anna', city: 'Köln', groupId: group.body.id });
    const ben = await w.admin.post('/api/v1/users', { name: 'Ben', email: 'ben@example.de' });
    const card = await w.admin.post('/api/v1/auth-tokens', { value: '04a1b2c3d4e5f6', userId: ben.body.id });
    expect(card.body).toMatchObject({ value: '04A1B2C3D4E5F6', userId: ben.body.id, companyId: null });
    const ids = async (query: string) =>
      (await w.technician.get(`/api/v1/users${query}`)).body.map((u: { name: string }) => u.name);
    expect(await ids('?q=köln')).toEqual(['Anna']);
    expect(await ids('?q=BEN@')).toEqual(['Ben']);
    expect(await ids(`?groupId=${group.body.id}`)).toEqual(['Anna']);
    expect(await ids('?card=c3d4')).toEqual(['Ben']);
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/users/${anna.body.id}`, { status: 'blocked' }),
      ),
    ).toBe(1);
    expect(await ids('?status=blocked')).toEqual(['Anna']);
    expect(
      (await w.admin.get(`/api/v1/user-groups/${group.body.id}/members`)).body.map(
        (u: { id: string }) => u.id,
      ),
    ).toEqual([anna.body.id]);
    expect(
      (await w.admin.get(`/api/v1/users/${ben.body.id}/cards`)).body.map((c: { id: string }) => c.id),
    ).toEqual([card.body.id]);
    expect((await w.admin.delete(`/api/v1/users/${ben.body.id}`)).status).toBe(409);
    expect((await w.admin.delete(`/api/v1/auth-tokens/${card.body.id}`)).status).toBe(204);
    expect((await w.admin.delete(`/api/v1/users/${ben.body.id}`)).status).toBe(204);
    expect((await w.admin.get(`/api/v1/users/${ben.body.id}`)).status).toBe(404);
    expect(await audit(w, 'user.deleted')).toHaveLength(1);
  });
});

describe('user groups', () => {
  it('take a tariff of their own institution only, and go only when empty', async () => {
    const w = await world();
    const other = await world();
    const db = server.database.db;
    const [tariff] = await db
      .insert(s.tariffs)
      .values({ institutionId: w.institutionId, name: 'Car sharing A', definition: { elements: [] } })
      .returning();
    const [foreignTariff] = await db
      .insert(s.tariffs)
      .values({ institutionId: other.institutionId, name: 'Theirs', definition: { elements: [] } })
      .returning();
    const group = await w.admin.post('/api/v1/user-groups', { name: 'Carsharing A', tariffId: tariff!.id });
    expect(group.status).toBe(201);
    expect(group.body.tariffId).toBe(tariff!.id);
    const foreign = await w.admin.patch(`/api/v1/user-groups/${group.body.id}`, {
      tariffId: foreignTariff!.id,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.details).toEqual({ field: 'tariffId' });
    expect((await w.admin.post('/api/v1/user-groups', { name: 'Carsharing A' })).status).toBe(409);
    expect((await w.technician.post('/api/v1/user-groups', { name: 'T' })).status).toBe(403);
    const renamed = await w.admin.patch(`/api/v1/user-groups/${group.body.id}`, {
      name: 'Carsharing Nord',
      tariffId: null,
    });
    expect(renamed.body).toMatchObject({ name: 'Carsharing Nord', tariffId: null });
    const member = await w.admin.post('/api/v1/users', { name: 'Mia', groupId: group.body.id });
    expect((await w.admin.delete(`/api/v1/user-groups/${group.body.id}`)).status).toBe(409);
    await w.admin.patch(`/api/v1/users/${member.body.id}`, { groupId: null });
    expect((await w.admin.delete(`/api/v1/user-groups/${group.body.id}`)).status).toBe(204);
    expect((await other.admin.get(`/api/v1/user-groups/${renamed.body.id}`)).status).toBe(404);
  });
});

describe('companies', () => {
  it('bill the master card and every member card to the company account', async () => {
    const w = await world();
    const db = server.database.db;
    const postpaid = await strategy(w, 'Firmenkunden', 'postpaid', { paymentTermDays: 30 });
    const prepaid = await strategy(w, 'Prepaid');
    const master = await w.admin.post('/api/v1/auth-tokens', {
      value: 'E0:04:01:00:12:34:56:78',
      type: 'ISO15693',
      label: 'Master',
    });
    expect(master.body.value).toBe('E004010012345678');
    const badVat = await w.admin.post('/api/v1/companies', {
      name: 'ACME',
      strategyId: postpaid.id,
      vatId: '12',
    });
    expect(badVat.status).toBe(422);
    expect(badVat.body.details).toEqual({ field: 'vatId' });
    let company: { status: number; body: Record<string, string> } = { status: 0, body: {} };
    expect(
      await cardsChangedBy(w.institutionId, async () => {
        company = await w.admin.post('/api/v1/companies', {
          name: 'Müller & Söhne GmbH',
          vatId: 'de 123 456 789',
          email: 'buchhaltung@mueller.de',
          city: 'Düsseldorf',
          strategyId: postpaid.id,
          masterTokenId: master.body.id,
        });
      }),
    ).toBe(1);
    expect(company.status).toBe(201);
    expect(company.body).toMatchObject({
      vatId: 'DE123456789',
      strategyId: postpaid.id,
      accountNumber: 'K-000001',
      masterTokenId: master.body.id,
      status: 'active',
    });
    expect((await w.admin.get(`/api/v1/auth-tokens/${master.body.id}`)).body.companyId).toBe(company.body.id);

    const ute = await w.admin.post('/api/v1/users', { name: 'Ute', companyId: company.body.id });
    expect(ute.body).toMatchObject({ accountId: null, billedAccountId: company.body.accountId });
    const refused = await w.admin.patch(`/api/v1/users/${ute.body.id}`, { strategyId: prepaid.id });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual({ field: 'strategyId' });
    const uteCard = await w.admin.post('/api/v1/auth-tokens', { value: '04A1B2C3', userId: ute.body.id });
    const loose = await w.admin.post('/api/v1/auth-tokens', { value: '04A1B2C4' });
    const cards = await w.technician.get(`/api/v1/companies/${company.body.id}/cards`);
    expect(cards.body.map((c: { id: string }) => c.id).sort()).toEqual(
      [master.body.id, uteCard.body.id].sort(),
    );

    for (const tokenId of [master.body.id, uteCard.body.id]) {
      expect(await resolvePayer(db, tokenId)).toMatchObject({
        companyId: company.body.id,
        companyStatus: 'active',
        accountId: company.body.accountId,
        strategyKind: 'postpaid',
      });
    }
    expect(await resolvePayer(db, loose.body.id)).toMatchObject({ accountId: null, userId: null });

    // A second company cannot take the master card; the master card cannot be moved or deleted.
    const other = await w.admin.post('/api/v1/companies', {
      name: 'Other',
      strategyId: postpaid.id,
      masterTokenId: master.body.id,
    });
    expect(other.status).toBe(422);
    expect(other.body.details).toEqual({ field: 'masterTokenId' });
    expect((await w.admin.get('/api/v1/companies?q=other')).body).toEqual([]);
    expect(
      (await w.admin.patch(`/api/v1/auth-tokens/${master.body.id}`, { userId: ute.body.id })).status,
    ).toBe(409);
    expect((await w.admin.delete(`/api/v1/auth-tokens/${master.body.id}`)).status).toBe(409);
    const userCardAsMaster = await w.admin.patch(`/api/v1/companies/${company.body.id}`, {
      masterTokenId: uteCard.body.id,
    });
    expect(userCardAsMaster.status).toBe(422);

    // Suspending and re-pointing the strategy change who may charge.
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/companies/${company.body.id}`, { status: 'suspended' }),
      ),
    ).toBe(1);
    expect((await resolvePayer(db, uteCard.body.id))!.companyStatus).toBe('suspended');
    const repointed = await w.admin.patch(`/api/v1/companies/${company.body.id}`, { strategyId: prepaid.id });
    expect(repointed.body.strategyId).toBe(prepaid.id);
    expect((await resolvePayer(db, master.body.id))!.strategyKind).toBe('prepaid');
    expect(
      (await w.accountant.patch(`/api/v1/companies/${company.body.id}`, { status: 'active' })).status,
    ).toBe(403);

    // Only an empty company can go.
    expect((await w.admin.delete(`/api/v1/companies/${company.body.id}`)).status).toBe(409);
    expect(await audit(w, 'company.updated')).toHaveLength(2);
  });

  it('keeps a joining user’s own account but bills the company, and uses the own account again after leaving', async () => {
    const w = await world();
    const prepaid = await strategy(w, 'Prepaid');
    const company = await w.admin.post('/api/v1/companies', { name: 'ACME', strategyId: prepaid.id });
    const anna = await w.admin.post('/api/v1/users', { name: 'Anna', strategyId: prepaid.id });
    const card = await w.admin.post('/api/v1/auth-tokens', {
      value: '04A1B2C3D4E5F60718E9',
      userId: anna.body.id,
    });
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/users/${anna.body.id}`, { companyId: company.body.id }),
      ),
    ).toBe(1);
    const member = await w.admin.get(`/api/v1/users/${anna.body.id}`);
    expect(member.body).toMatchObject({
      accountId: anna.body.accountId,
      billedAccountId: company.body.accountId,
    });
    expect((await resolvePayer(server.database.db, card.body.id))!.accountId).toBe(company.body.accountId);
    const left = await w.admin.patch(`/api/v1/users/${anna.body.id}`, { companyId: null });
    expect(left.body.billedAccountId).toBe(anna.body.accountId);
    expect((await resolvePayer(server.database.db, card.body.id))!.accountId).toBe(anna.body.accountId);
  });
});

describe('cards and their holders', () => {
  it('reassigns a card to another user (audited), refuses a holder of another institution or two holders', async () => {
    const w = await world();
    const other = await world();
    const anna = await w.admin.post('/api/v1/users', { name: 'Anna' });
    const ben = await w.admin.post('/api/v1/users', { name: 'Ben' });
    const stranger = await other.admin.post('/api/v1/users', { name: 'Stranger' });
    const company = await w.admin.post('/api/v1/companies', {
      name: 'ACME',
      strategyId: (await strategy(w, 'Postpaid', 'postpaid')).id,
    });
    const card = await w.admin.post('/api/v1/auth-tokens', {
      value: '04A1B2C3',
      userId: anna.body.id,
      label: 'Annas Karte',
    });
    expect(card.status).toBe(201);
    let moved: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
    expect(
      await cardsChangedBy(w.institutionId, async () => {
        moved = await w.admin.patch(`/api/v1/auth-tokens/${card.body.id}`, { userId: ben.body.id });
      }),
    ).toBe(1);
    expect(moved.body).toMatchObject({ userId: ben.body.id, companyId: null, label: 'Annas Karte' });
    expect((await w.admin.get(`/api/v1/users/${anna.body.id}/cards`)).body).toEqual([]);
    expect((await w.admin.get(`/api/v1/users/${ben.body.id}/cards`)).body).toHaveLength(1);
    const [entry] = await audit(w, 'auth_token.reassigned');
    expect(entry).toMatchObject({
      target: `auth_token:${card.body.id}`,
      details: { userId: ben.body.id, from: { userId: anna.body.id, companyId: null } },
    });
    // To the company: the user holder is cleared.
    const toCompany = await w.admin.patch(`/api/v1/auth-tokens/${card.body.id}`, {
      companyId: company.body.id,
    });
    expect(toCompany.body).toMatchObject({ userId: null, companyId: company.body.id });

    const foreign = await w.admin.patch(`/api/v1/auth-tokens/${card.body.id}`, { userId: stranger.body.id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.details).toEqual({ field: 'userId' });
    const both = await w.admin.post('/api/v1/auth-tokens', {
      value: '04A1B2C4',
      userId: anna.body.id,
      companyId: company.body.id,
    });
    expect(both.status).toBe(422);
    expect((await w.admin.get('/api/v1/auth-tokens?q=04A1B2C4')).body).toEqual([]);
    const shortUid = await w.admin.post('/api/v1/auth-tokens', { value: '04A1B2C3D4' });
    expect(shortUid.status).toBe(422);
    expect(shortUid.body.detail).toContain('4, 7 or 10 bytes');
    expect((await w.technician.patch(`/api/v1/auth-tokens/${card.body.id}`, { userId: null })).status).toBe(
      403,
    );
  });

  it('blocks and expires a card, and every change tells the local lists', async () => {
    const w = await world();
    const db = server.database.db;
    const card = await makeAuthToken(db, w.institutionId, 'CAFE0001');
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/auth-tokens/${card.id}`, {
          status: 'blocked',
          expiresAt: '2027-01-01T00:00:00Z',
        }),
      ),
    ).toBe(1);
    expect(
      await cardsChangedBy(w.institutionId, () =>
        w.admin.patch(`/api/v1/auth-tokens/${card.id}`, { status: 'blocked' }),
      ),
    ).toBe(0);
    expect((await resolvePayer(db, card.id))!.tokenStatus).toBe('blocked');
  });
});
