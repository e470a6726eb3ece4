/**
 * The card decider on a real database: every reason, the free station, the explanation endpoint
 * and the station settings behind it.
 */
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeAuthToken, makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { connectStation, type TestStation } from '../../test/support/ocpp-client.js';
import { makeCompany, makeCompanyMember, makeDriver, makePayingCard } from '../../test/support/payers.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
let cardStation: typeof s.stations.$inferSelect;
let freeStation: typeof s.stations.$inferSelect;
let cardStationPassword: string;
let admin: ApiClient;
let technician: ApiClient;
let otherAdmin: ApiClient;
const tokens: Record<string, string> = {};
const clients: TestStation[] = [];

const db = () => server.database.db;
const ctx: Ctx = { actor: systemActor('test'), now: () => new Date(), log: pino({ level: 'silent' }) };

beforeAll(async () => {
  server = await startTestServer();
  institutionId = (await makeInstitution(db())).id;
  const other = await makeInstitution(db());
  const made = await makeStation(db(), { institutionId, localListEnabled: false });
  cardStation = made.station;
  cardStationPassword = made.password;
  freeStation = (
    await makeStation(db(), { institutionId, authorizationMode: 'free', localListEnabled: false })
  ).station;
  const card = async (value: string, values: Partial<typeof s.authTokens.$inferInsert> = {}) => {
    tokens[value] = (await makeAuthToken(db(), institutionId, value, values)).id;
  };

  tokens.POSTPAID = (await makePayingCard(db(), institutionId, 'AA000001', { kind: 'postpaid' })).card.id;
  tokens.PREPAID = (
    await makePayingCard(db(), institutionId, 'AA000002', {
      kind: 'prepaid',
      balanceCents: 500,
      minimumBalanceCents: 200,
    })
  ).card.id;
  tokens.POOR = (
    await makePayingCard(db(), institutionId, 'AA000003', {
      kind: 'prepaid',
      balanceCents: 199,
      minimumBalanceCents: 200,
    })
  ).card.id;
  tokens.EMPTY = (await makePayingCard(db(), institutionId, 'AA000004', { kind: 'prepaid' })).card.id;
  tokens.BLOCKED = (await makePayingCard(db(), institutionId, 'AA000005', { status: 'blocked' })).card.id;
  tokens.EXPIRED = (
    await makePayingCard(db(), institutionId, 'AA000006', { expiresAt: new Date(Date.now() - 60_000) })
  ).card.id;
  tokens.INACTIVE = (
    await makePayingCard(db(), institutionId, 'AA000007', { strategyActive: false })
  ).card.id;
  const blockedUser = await makeDriver(db(), institutionId, { status: 'blocked' });
  await card('AA000008', { userId: blockedUser.user.id });
  tokens.USER_BLOCKED = tokens.AA000008!;
  const suspended = await makeCompany(db(), institutionId, { status: 'suspended' });
  const member = await makeCompanyMember(db(), institutionId, suspended.company.id);
  await card('AA000009', { userId: member.id });
  tokens.COMPANY_SUSPENDED = tokens.AA000009!;
  const company = await makeCompany(db(), institutionId, { kind: 'prepaid', balanceCents: 1000 });
  const worker = await makeCompanyMember(db(), institutionId, company.company.id);
  await card('AA00000A', { userId: worker.id });
  tokens.COMPANY_MEMBER = tokens.AA00000A!;
  await card('AA00000B');
  tokens.UNASSIGNED = tokens.AA00000B!;

  const adminStaff = await makeStaff(db(), 'institution_admin', institutionId);
  admin = await loginClient(server.baseUrl, adminStaff.email, adminStaff.password);
  const tech = await makeStaff(db(), 'service_technician', institutionId);
  technician = await loginClient(server.baseUrl, tech.email, tech.password);
  const otherStaff = await makeStaff(db(), 'institution_admin', other.id);
  otherAdmin = await loginClient(server.baseUrl, otherStaff.email, otherStaff.password);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server.close();
});

const authorize = (idToken: string, stationId = cardStation.id) =>
  server.fachwerk.services.authorization.authorize(ctx, {
    institutionId,
    stationId,
    idToken,
    type: 'ISO14443',
  });

describe('the card decider on a card station', () => {
  it.each([
    ['AA000001', 'POSTPAID', 'Accepted', 'card_accepted'],
    ['AA000002', 'PREPAID', 'Accepted', 'card_accepted'],
    ['aa:00:00:02', 'PREPAID', 'Accepted', 'card_accepted'],
    ['AA000003', 'POOR', 'NoCredit', 'insufficient_balance'],
    ['AA000004', 'EMPTY', 'NoCredit', 'insufficient_balance'],
    ['AA000005', 'BLOCKED', 'Blocked', 'card_blocked'],
    ['AA000006', 'EXPIRED', 'Expired', 'card_expired'],
    ['AA000007', 'INACTIVE', 'Invalid', 'strategy_inactive'],
    ['AA000008', 'USER_BLOCKED', 'Blocked', 'user_blocked'],
    ['AA000009', 'COMPANY_SUSPENDED', 'Blocked', 'company_suspended'],
    ['AA00000A', 'COMPANY_MEMBER', 'Accepted', 'card_accepted'],
    ['AA00000B', 'UNASSIGNED', 'Invalid', 'no_payer'],
  ])('decides %s (%s): %s, %s', async (idToken, which, status, reason) => {
    expect(await authorize(idToken)).toEqual({ status, reason, tokenId: tokens[which] });
  });

  it('does not know a card nobody registered', async () => {
    expect(await authorize('FFFFFFFF')).toEqual({ status: 'Invalid' });
  });

  it('follows the ledger: a top-up lets a card without credit start', async () => {
    const poor = await makePayingCard(db(), institutionId, 'AA0000C1', { kind: 'prepaid' });
    expect((await authorize('AA0000C1')).status).toBe('NoCredit');
    await db().insert(s.ledgerEntries).values({
      institutionId,
      accountId: poor.account.id,
      kind: 'topup',
      amountCents: 1,
      createdBy: 'test',
    });
    expect((await authorize('AA0000C1')).status).toBe('Accepted');
  });
});

describe('a free station', () => {
  it.each([
    ['AA000001', 'Accepted', 'card_accepted'],
    ['AA000004', 'Accepted', 'free_station'],
    ['AA000006', 'Accepted', 'free_station'],
    ['AA00000B', 'Accepted', 'free_station'],
    ['AA000009', 'Accepted', 'free_station'],
    ['AA000005', 'Blocked', 'card_blocked'],
    ['AA000008', 'Blocked', 'user_blocked'],
  ])('decides %s: %s, %s', async (idToken, status, reason) => {
    expect(await authorize(idToken, freeStation.id)).toMatchObject({ status, reason });
  });

  it('accepts a card nobody registered', async () => {
    expect(await authorize('FFFFFFFF', freeStation.id)).toEqual({
      status: 'Accepted',
      reason: 'free_station',
    });
  });
});

describe('over OCPP', () => {
  it('answers a 1.6 Authorize without credit with Invalid and stores the reason on the session', async () => {
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: cardStation.chargeBoxId,
      password: cardStationPassword,
      protocols: ['ocpp1.6'],
      strictMode: true,
    });
    clients.push(client);
    await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Locker' });
    expect(await client.call('Authorize', { idTag: 'AA000003' })).toEqual({
      idTagInfo: { status: 'Invalid' },
    });
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'AA000005',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as { idTagInfo: { status: string } };
    expect(start.idTagInfo.status).toBe('Blocked');
    const [session] = await db()
      .select()
      .from(s.sessions)
      .where(and(eq(s.sessions.stationId, cardStation.id), eq(s.sessions.idTag, 'AA000005')));
    expect(session).toMatchObject({
      authorizationStatus: 'Blocked',
      authorizationReason: 'card_blocked',
      tokenId: tokens.BLOCKED,
    });
  });
});

describe('GET /api/v1/auth-tokens/{tokenId}/authorization', () => {
  it('tells a service technician why a card is refused', async () => {
    const response = await technician.get(`/api/v1/auth-tokens/${tokens.POOR}/authorization`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      tokenId: tokens.POOR,
      stationId: null,
      authorizationMode: 'cards',
      status: 'NoCredit',
      reason: 'insufficient_balance',
      expiresAt: null,
    });
  });

  it('answers for a station, named by UUID or charge box id', async () => {
    for (const ref of [freeStation.id, freeStation.chargeBoxId]) {
      const response = await admin.get(`/api/v1/auth-tokens/${tokens.POOR}/authorization?stationId=${ref}`);
      expect(response.body).toMatchObject({
        stationId: freeStation.id,
        authorizationMode: 'free',
        status: 'Accepted',
        reason: 'free_station',
      });
    }
  });

  it("hides another institution's cards and stations", async () => {
    expect((await otherAdmin.get(`/api/v1/auth-tokens/${tokens.POSTPAID}/authorization`)).status).toBe(404);
    const foreign = await makeAuthToken(db(), (await makeInstitution(db())).id, 'BB000001');
    expect(
      (await admin.get(`/api/v1/auth-tokens/${tokens.POSTPAID}/authorization?stationId=NO-SUCH-STATION`))
        .status,
    ).toBe(404);
    expect((await admin.get(`/api/v1/auth-tokens/${foreign.id}/authorization`)).status).toBe(404);
  });

  it('refuses a malformed card id with a clear error', async () => {
    const response = await admin.get('/api/v1/auth-tokens/not-a-uuid/authorization');
    expect(response.status).toBe(400);
  });
});

describe('station authorization settings', () => {
  it('reads and writes authorizationMode and localListEnabled, audited', async () => {
    const { station } = await makeStation(db(), { institutionId, localListEnabled: false });
    const read = await technician.get(`/api/v1/stations/${station.id}`);
    expect(read.body).toMatchObject({
      authorizationMode: 'cards',
      localListEnabled: false,
      localListVersion: 0,
    });

    const changed = await admin.patch(`/api/v1/stations/${station.id}`, {
      authorizationMode: 'free',
      localListEnabled: true,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ authorizationMode: 'free', localListEnabled: true });
    expect((await authorize('FFFFFFFF', station.id)).status).toBe('Accepted');

    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.target, `station:${station.id}`),
          eq(s.auditLog.action, 'station.authorization_changed'),
        ),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      authorizationMode: 'free',
      localListEnabled: true,
      previous: { authorizationMode: 'cards', localListEnabled: false },
    });
  });

  it('refuses a technician and a bad mode, and changes nothing', async () => {
    const { station } = await makeStation(db(), { institutionId, localListEnabled: false });
    expect(
      (await technician.patch(`/api/v1/stations/${station.id}`, { authorizationMode: 'free' })).status,
    ).toBe(403);
    expect(
      (await admin.patch(`/api/v1/stations/${station.id}`, { authorizationMode: 'anything' })).status,
    ).toBe(400);
    const [row] = await db().select().from(s.stations).where(eq(s.stations.id, station.id));
    expect(row!.authorizationMode).toBe('cards');
  });
});
