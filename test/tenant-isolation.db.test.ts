/**
 * Tenant isolation, for every route the app registers: institution B's staff, holding the ids of
 * institution A's rows, gets 404 or 403 and never a byte of A's data; B's lists never show A's rows;
 * B cannot create rows in A. A route with a path parameter this test cannot fill fails the test, so
 * no new route skips the check.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, type RegisteredRoute } from '../src/api/http-app.js';
import * as s from '../src/db/schema.js';
import { makeAuthToken, makeInstitution, makeStaff, makeStation } from './support/factories.js';
import { hashPassword } from '../src/shared/passwords.js';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from './support/server.js';
import { loginClient, type ApiClient } from './http/api-client.js';

/** Streams never end; their isolation is tested in src/api/http-app.db.test.ts. */
const STREAMING = new Set(['GET /api/v1/events']);

let server: TestServer;
let a: World;
let b: World;

interface World {
  institution: typeof s.institutions.$inferSelect;
  station: typeof s.stations.$inferSelect;
  chargePoints: (typeof s.chargePoints.$inferSelect)[];
  location: typeof s.locations.$inferSelect;
  group: typeof s.stationGroups.$inferSelect;
  authToken: typeof s.authTokens.$inferSelect;
  session: typeof s.sessions.$inferSelect;
  command: typeof s.remoteCommands.$inferSelect;
  money: MoneyRows;
  sms: SmsRows;
  adminStaffId: string;
  apiTokenId: string;
  admin: ApiClient;
  technician: ApiClient;
  accountant: ApiClient;
  /** The company member of `money`, made its company admin and given a portal log-in (/api/v1/me). */
  driver: ApiClient;
  /** Strings that identify this institution's data; none may appear in the other's answers. */
  secrets: string[];
}

/** How to fill each path parameter with a row of a world. */
const PARAMS: Record<string, (w: World) => string[]> = {
  institutionId: (w) => [w.institution.id],
  stationId: (w) => [w.station.id, w.station.chargeBoxId],
  chargePointId: (w) => [w.chargePoints[0]!.id],
  locationId: (w) => [w.location.id],
  groupId: (w) => [w.group.id],
  tokenId: (w) => [w.authToken.id],
  staffId: (w) => [w.adminStaffId],
  apiTokenId: (w) => [w.apiTokenId],
  sessionId: (w) => [w.session.id],
  commandId: (w) => [w.command.id],
  userId: (w) => [w.money.user.id],
  userGroupId: (w) => [w.money.userGroup.id],
  companyId: (w) => [w.money.company.id],
  strategyId: (w) => [w.money.strategy.id],
  accountId: (w) => [w.money.account.id],
  tariffId: (w) => [w.money.tariff.id],
  eventId: (w) => [w.money.priceEvent.id],
  discountId: (w) => [w.money.discount.id],
  chargeRecordId: (w) => [w.money.chargeRecord.id],
  documentId: (w) => [w.money.document.id],
  numberId: (w) => [w.sms.number.id],
  messageId: (w) => [w.sms.message.id],
  smsSessionId: (w) => [w.sms.smsSession.id],
  carrierChargeId: (w) => [w.sms.carrierCharge.id],
  alertId: (w) => [w.sms.alert.id],
};

/** SMS rows of one institution: a number, a message, an SMS session with its carrier charge, an alert. */
interface SmsRows {
  number: typeof s.smsNumbers.$inferSelect;
  message: typeof s.smsMessages.$inferSelect;
  smsSession: typeof s.smsSessions.$inferSelect;
  carrierCharge: typeof s.carrierCharges.$inferSelect;
  alert: typeof s.alerts.$inferSelect;
}

async function makeSmsRows(
  db: TestServer['database']['db'],
  institutionId: string,
  sessionRow: typeof s.sessions.$inferSelect,
  chargeRecordId: string,
): Promise<SmsRows> {
  const one = <T>(rows: T[]): T => rows[0]!;
  const digits = () => String(Math.floor(1e8 + Math.random() * 9e8));
  const number = one(
    await db
      .insert(s.smsNumbers)
      .values({ institutionId, number: `49151${digits()}` })
      .returning(),
  );
  const phone = `49171${digits()}`;
  const smsSession = one(
    await db
      .insert(s.smsSessions)
      .values({
        institutionId,
        stationId: sessionRow.stationId,
        chargePointId: sessionRow.chargePointId!,
        evseId: sessionRow.evseId!,
        serviceNumber: number.number,
        phone,
        language: 'de',
        receiptPin: digits().slice(0, 6),
        receiptToken: randomBytes(16).toString('base64url'),
        state: 'completed',
        sessionId: sessionRow.id,
      })
      .returning(),
  );
  const message = one(
    await db
      .insert(s.smsMessages)
      .values({
        institutionId,
        direction: 'inbound',
        provider: 'test',
        providerMessageId: randomBytes(8).toString('hex'),
        fromNumber: phone,
        toNumber: number.number,
        text: 'HILFE',
        status: 'handled',
        smsSessionId: smsSession.id,
      })
      .returning(),
  );
  const carrierCharge = one(
    await db
      .insert(s.carrierCharges)
      .values({
        institutionId,
        chargeRecordId,
        smsSessionId: smsSession.id,
        phone,
        amountCents: 100,
        status: 'charged',
      })
      .returning(),
  );
  const alert = one(
    await db
      .insert(s.alerts)
      .values({
        institutionId,
        stationId: sessionRow.stationId,
        kind: 'keypad_locked',
        severity: 'warning',
        message: { de: 'Tastenfeld gesperrt', en: 'Keypad locked' },
      })
      .returning(),
  );
  return { number, message, smsSession, carrierCharge, alert };
}

const smsSecrets = (r: SmsRows) => [
  r.number.id,
  r.number.number,
  r.message.id,
  r.smsSession.id,
  r.smsSession.phone,
  r.smsSession.receiptToken,
  r.carrierCharge.id,
  r.alert.id,
];

/** Accounts, pricing and billing rows of one institution, inserted directly (no API needed). */
interface MoneyRows {
  strategy: typeof s.accountingStrategies.$inferSelect;
  account: typeof s.accounts.$inferSelect;
  userGroup: typeof s.userGroups.$inferSelect;
  company: typeof s.companies.$inferSelect;
  user: typeof s.users.$inferSelect;
  tariff: typeof s.tariffs.$inferSelect;
  priceEvent: typeof s.priceEvents.$inferSelect;
  discount: typeof s.discounts.$inferSelect;
  chargeRecord: typeof s.chargeRecords.$inferSelect;
  document: typeof s.documents.$inferSelect;
}

async function makeMoneyRows(
  db: TestServer['database']['db'],
  tag: string,
  institutionId: string,
  sessionRow: typeof s.sessions.$inferSelect,
  stationGroupId: string,
): Promise<MoneyRows> {
  const one = <T>(rows: T[]): T => rows[0]!;
  const tariff = one(
    await db
      .insert(s.tariffs)
      .values({
        institutionId,
        name: `Tariff ${tag}`,
        definition: { elements: [{ time: { priceCents: 50, stepMinutes: 30 } }] },
      })
      .returning(),
  );
  // The institution's default tariff, so quotes and price texts of its charge points answer.
  await db
    .insert(s.tariffAssignments)
    .values({ institutionId, targetKind: 'institution', targetId: institutionId, tariffId: tariff.id });
  const strategy = one(
    await db
      .insert(s.accountingStrategies)
      .values({ institutionId, name: `Prepaid ${tag}`, kind: 'prepaid' })
      .returning(),
  );
  const account = one(
    await db
      .insert(s.accounts)
      .values({ institutionId, strategyId: strategy.id, holderKind: 'company', number: `K-${tag}` })
      .returning(),
  );
  const userGroup = one(
    await db
      .insert(s.userGroups)
      .values({ institutionId, name: `Users ${tag}` })
      .returning(),
  );
  const company = one(
    await db
      .insert(s.companies)
      .values({ institutionId, name: `Company ${tag}`, accountId: account.id })
      .returning(),
  );
  const user = one(
    await db
      .insert(s.users)
      .values({
        institutionId,
        name: `Driver ${tag}`,
        email: `driver-${tag.toLowerCase()}@example.test`,
        groupId: userGroup.id,
        companyId: company.id,
      })
      .returning(),
  );
  const priceEvent = one(
    await db
      .insert(s.priceEvents)
      .values({
        institutionId,
        name: `Event ${tag}`,
        targetKind: 'station_group',
        targetId: stationGroupId,
        tariffId: tariff.id,
        validFrom: new Date('2026-01-01T00:00:00Z'),
        validTo: new Date('2026-01-02T00:00:00Z'),
      })
      .returning(),
  );
  const discount = one(
    await db
      .insert(s.discounts)
      .values({
        institutionId,
        strategyId: strategy.id,
        name: `Discount ${tag}`,
        targetKind: 'user_group',
        targetId: userGroup.id,
        percentBp: 1000,
      })
      .returning(),
  );
  const chargeRecord = one(
    await db
      .insert(s.chargeRecords)
      .values({
        institutionId,
        sessionId: sessionRow.id,
        stationId: sessionRow.stationId,
        chargePointId: sessionRow.chargePointId,
        evseId: sessionRow.evseId,
        accountId: account.id,
        strategyKind: 'prepaid',
        startedAt: sessionRow.startedAt,
        stoppedAt: new Date(sessionRow.startedAt.getTime() + 3_600_000),
        durationSeconds: 3600,
        energyWh: 1000,
        tariffId: tariff.id,
        lines: [],
        totalCents: 100,
        vatRateBp: 1900,
        netCents: 84,
        vatCents: 16,
        booking: 'ledger',
        createdBy: 'test',
      })
      .returning(),
  );
  const document = one(
    await db
      .insert(s.documents)
      .values({
        institutionId,
        kind: 'receipt',
        number: `Q-${tag}`,
        accountId: account.id,
        issuedAt: new Date(),
        issuer: { name: `Institution ${tag}` },
        recipient: { name: `Company ${tag}` },
        netCents: 84,
        vatCents: 16,
        grossCents: 100,
        pdf: Buffer.from(`%PDF-1.4\n% receipt ${tag}\n%%EOF\n`),
        createdBy: 'test',
      })
      .returning(),
  );
  return {
    strategy,
    account,
    userGroup,
    company,
    user,
    tariff,
    priceEvent,
    discount,
    chargeRecord,
    document,
  };
}

const moneySecrets = (m: MoneyRows) => [
  m.strategy.id,
  m.account.id,
  m.account.number,
  m.userGroup.id,
  m.company.id,
  m.user.id,
  m.user.email!,
  m.tariff.id,
  m.priceEvent.id,
  m.discount.id,
  m.chargeRecord.id,
  m.document.id,
  m.document.number,
];

async function makeWorld(name: string): Promise<World> {
  const db = server.database.db;
  const tag = `${name}${randomBytes(3).toString('hex')}`.toUpperCase();
  const institution = await makeInstitution(db, {
    slug: `iso-${tag.toLowerCase()}`,
    name: `Institution ${tag}`,
  });
  const [location] = await db
    .insert(s.locations)
    .values({ institutionId: institution.id, name: `Location ${tag}`, city: `City${tag}` })
    .returning();
  const [group] = await db
    .insert(s.stationGroups)
    .values({ institutionId: institution.id, name: `Group ${tag}` })
    .returning();
  const { station, chargePoints } = await makeStation(db, {
    institutionId: institution.id,
    chargeBoxId: `CB-${tag}`,
    evses: 2,
    shortNamePrefix: `SN${tag}`,
    locationId: location!.id,
    groupId: group!.id,
  });
  await makeStation(db, {
    institutionId: institution.id,
    chargeBoxId: `PENDING-${tag}`,
    registration: 'pending',
  });
  const authToken = await makeAuthToken(
    db,
    institution.id,
    `A1B2${randomBytes(4).toString('hex').toUpperCase()}`,
    {
      label: `Card ${tag}`,
    },
  );
  const [session] = await db
    .insert(s.sessions)
    .values({
      institutionId: institution.id,
      stationId: station.id,
      chargePointId: chargePoints[0]!.id,
      evseId: 1,
      transactionId: String(1000 + Math.floor(Math.random() * 1000)),
      ocppVersion: 'ocpp1.6',
      idTag: authToken.value,
      startedAt: new Date(),
    })
    .returning();
  const [command] = await db
    .insert(s.remoteCommands)
    .values({
      institutionId: institution.id,
      stationId: station.id,
      command: 'reset',
      action: 'Reset',
      request: { protocol: null, ocpp: null, command: { command: 'reset', type: 'soft' } },
      // Not answered: the row needs no OCPP translation to be shown.
      status: 'offline',
      requestedBy: 'test',
    })
    .returning();
  const money = await makeMoneyRows(db, tag, institution.id, session!, group!.id);
  const sms = await makeSmsRows(db, institution.id, session!, money.chargeRecord.id);
  const admin = await makeStaff(db, 'institution_admin', institution.id);
  const technician = await makeStaff(db, 'service_technician', institution.id);
  const accountant = await makeStaff(db, 'accountant', institution.id);
  const adminClient = await loginClient(server.baseUrl, admin.email, admin.password);
  const driverPassword = `pw-${tag}-driver`;
  await db
    .update(s.users)
    .set({ passwordHash: await hashPassword(driverPassword), companyAdmin: true })
    .where(eq(s.users.id, money.user.id));
  const apiToken = await adminClient.post('/api/v1/api-tokens', { name: `token ${tag}` });
  expect(apiToken.status).toBe(201);
  return {
    institution,
    station,
    chargePoints,
    location: location!,
    group: group!,
    authToken,
    session: session!,
    command: command!,
    money,
    sms,
    adminStaffId: admin.staff.id,
    apiTokenId: apiToken.body.id,
    admin: adminClient,
    technician: await loginClient(server.baseUrl, technician.email, technician.password),
    accountant: await loginClient(server.baseUrl, accountant.email, accountant.password),
    driver: await loginClient(server.baseUrl, money.user.email!, driverPassword),
    secrets: [
      tag,
      institution.id,
      station.id,
      ...chargePoints.map((cp) => cp.id),
      location!.id,
      group!.id,
      authToken.id,
      authToken.value,
      session!.id,
      command!.id,
      admin.staff.id,
      admin.email,
      technician.email,
      apiToken.body.id,
      ...moneySecrets(money),
      ...smsSecrets(sms),
    ],
  };
}

// ---- building valid requests from a route's schema ----------------------------------------------

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: JsonSchema;
}

const STRING_CANDIDATES = ['X1-01', 'reason for the test', 'a', 'A', '1234', 'abc-def'];

/** A value that satisfies the schema, using `world` for ids. Optional properties are left out. */
function sample(schema: JsonSchema, world: World): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) {
    const branch = branches.find((x) => x.type !== 'null') ?? branches[0]!;
    return sample(branch, world);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) value[key] = sample(schema.properties![key]!, world);
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items!, world));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string': {
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return `x-${randomBytes(4).toString('hex')}@example.test`;
      const minLength = schema.minLength ?? 0;
      const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
      const fitting = [...STRING_CANDIDATES, 'x'.repeat(Math.max(minLength, 1))].find(
        (candidate) => candidate.length >= minLength && (pattern === undefined || pattern.test(candidate)),
      );
      if (fitting === undefined) throw new Error(`cannot sample a string for ${JSON.stringify(schema)}`);
      return fitting;
    }
    default:
      return {};
  }
}

const schemaOf = (route: RegisteredRoute, part: 'params' | 'body' | 'querystring') =>
  (route.schema?.[part] as JsonSchema | undefined) ?? undefined;

const paramNames = (route: RegisteredRoute) => [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** Every combination of the world's values for the route's parameters (usually one or two). */
function fillPath(route: RegisteredRoute, world: World): string[] {
  let paths = [route.url];
  for (const name of paramNames(route)) {
    const values = PARAMS[name]!(world);
    const paramSchema = schemaOf(route, 'params')?.properties?.[name];
    const allowed = values.filter((value) => {
      if (paramSchema?.format === 'uuid') return /^[0-9a-f-]{36}$/.test(value);
      return paramSchema?.pattern === undefined || new RegExp(paramSchema.pattern).test(value);
    });
    paths = paths.flatMap((path) =>
      allowed.map((value) => path.replace(`:${name}`, encodeURIComponent(value))),
    );
  }
  return paths;
}

function requestBody(route: RegisteredRoute, world: World): unknown {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  const schema = schemaOf(route, 'body');
  return schema === undefined ? undefined : sample(schema, world);
}

function queryString(route: RegisteredRoute, world: World, extra: Record<string, string> = {}): string {
  const schema = schemaOf(route, 'querystring');
  const values = {
    ...((schema === undefined ? {} : sample(schema, world)) as Record<string, unknown>),
    ...extra,
  };
  const query = new URLSearchParams(
    Object.entries(values).map(([key, value]): [string, string] => [key, String(value)]),
  );
  return query.size === 0 ? '' : `?${query}`;
}

/** The victim's identifiers in an answer, except those the caller sent itself (a 404 may name the id asked for). */
function leaks(body: unknown, victim: World, sent = ''): string[] {
  const text = (typeof body === 'string' ? body : JSON.stringify(body)).toLowerCase();
  return victim.secrets.filter(
    (secret) => text.includes(secret.toLowerCase()) && !sent.toLowerCase().includes(secret.toLowerCase()),
  );
}

// ---- the test ----------------------------------------------------------------------------------

beforeAll(async () => {
  server = await startTestServer();
  a = await makeWorld('A');
  b = await makeWorld('B');
});
afterAll(async () => {
  await server?.close();
});

const apiRoutes = () =>
  registeredRoutes(server.fachwerk.app).filter(
    (route) => route.url.startsWith('/api/v1/') && route.method !== 'HEAD' && !route.public,
  );

describe('tenant isolation', () => {
  it('knows how to fill every path parameter of every route', () => {
    const unknown = apiRoutes().flatMap((route) =>
      paramNames(route)
        .filter((name) => PARAMS[name] === undefined)
        .map((name) => `${route.method} ${route.url}: :${name}`),
    );
    expect(unknown, 'add these parameters to PARAMS in test/tenant-isolation.db.test.ts').toEqual([]);
    expect(apiRoutes().length).toBeGreaterThan(30);
  });

  it("answers B's own ids on every readable route (so the fillers are right)", async () => {
    // The self-service routes (/api/v1/me/...) answer drivers only, with their own rows:
    // src/self-service/self-service.db.test.ts fills them with a driver's ids.
    const readable = apiRoutes().filter(
      (r) => r.method === 'GET' && paramNames(r).length > 0 && !r.url.startsWith('/api/v1/me/'),
    );
    for (const route of readable) {
      for (const path of fillPath(route, b)) {
        const response = await b.admin.get(`${path}${queryString(route, b)}`);
        expect(
          response.status,
          `${route.method} ${path} as B's admin: ${JSON.stringify(response.body)}`,
        ).toBe(200);
      }
    }
  });

  it("answers 404 or 403 to B's staff and driver for every route given A's ids, and changes nothing of A", async () => {
    const routes = apiRoutes().filter((route) => paramNames(route).length > 0);
    for (const client of [b.technician, b.accountant, b.admin, b.driver]) {
      for (const route of routes) {
        for (const path of fillPath(route, a)) {
          const body = requestBody(route, b);
          const url = `${path}${queryString(route, b)}`;
          const response = await client.request(route.method, url, body);
          const label = `${route.method} ${url} ${JSON.stringify(body)} -> ${response.status} ${JSON.stringify(response.body)}`;
          expect([403, 404], label).toContain(response.status);
          expect(leaks(response.body, a, decodeURIComponent(url)), label).toEqual([]);
        }
      }
    }
    // A's rows are all still there and unchanged.
    const station = await a.admin.get(`/api/v1/stations/${a.station.id}`);
    expect(station.status).toBe(200);
    expect(station.body).toMatchObject({ name: null, registration: 'accepted', locationId: a.location.id });
    expect(station.body.chargePoints.map((cp: { shortName: string }) => cp.shortName)).toEqual(
      a.chargePoints.map((cp) => cp.shortName),
    );
    expect((await a.admin.get(`/api/v1/locations/${a.location.id}`)).body.name).toBe(a.location.name);
    expect((await a.admin.get(`/api/v1/station-groups/${a.group.id}`)).body.name).toBe(a.group.name);
    expect((await a.admin.get(`/api/v1/auth-tokens/${a.authToken.id}`)).body.status).toBe('accepted');
    expect((await a.admin.get(`/api/v1/staff/${a.adminStaffId}`)).body.active).toBe(true);
    expect((await a.admin.get('/api/v1/api-tokens')).body.map((t: { id: string }) => t.id)).toEqual([
      a.apiTokenId,
    ]);
  });

  it("never lists A's rows to B, not even when B asks for A's institution", async () => {
    const lists = apiRoutes().filter(
      (route) =>
        route.method === 'GET' && paramNames(route).length === 0 && !STREAMING.has(`GET ${route.url}`),
    );
    expect(lists.length).toBeGreaterThan(5);
    for (const client of [b.admin, b.technician, b.accountant, b.driver]) {
      for (const route of lists) {
        const response = await client.get(`${route.url}${queryString(route, b)}`);
        const label = `${route.method} ${route.url} -> ${response.status} ${JSON.stringify(response.body)}`;
        expect([200, 403], label).toContain(response.status);
        expect(leaks(response.body, a), label).toEqual([]);
        if (schemaOf(route, 'querystring')?.properties?.institutionId !== undefined) {
          const filtered = await client.get(
            `${route.url}${queryString(route, b, { institutionId: a.institution.id })}`,
          );
          const filteredLabel = `${route.url}?institutionId=A -> ${filtered.status} ${JSON.stringify(filtered.body)}`;
          expect([200, 403, 404], filteredLabel).toContain(filtered.status);
          expect(leaks(filtered.body, a, a.institution.id), filteredLabel).toEqual([]);
        }
      }
    }
    // The same lists do show B's own rows, so an empty answer above is not an accident.
    const own = await b.admin.get('/api/v1/stations');
    expect(own.body.map((st: { id: string }) => st.id)).toContain(b.station.id);
  });

  it('refuses to create rows in A for B, on every create route that names an institution', async () => {
    const creates = apiRoutes().filter(
      (route) =>
        route.method === 'POST' &&
        paramNames(route).length === 0 &&
        schemaOf(route, 'body')?.properties?.institutionId !== undefined,
    );
    expect(creates.length).toBeGreaterThanOrEqual(5);
    for (const route of creates) {
      const body = { ...(sample(schemaOf(route, 'body')!, b) as object), institutionId: a.institution.id };
      const response = await b.admin.post(route.url, body);
      const label = `POST ${route.url} ${JSON.stringify(body)} -> ${response.status} ${JSON.stringify(response.body)}`;
      expect([403, 404], label).toContain(response.status);
    }
  });
});
