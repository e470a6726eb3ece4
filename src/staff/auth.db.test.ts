import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution, makeStaff } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { apiClient, loginClient } from '../../test/http/api-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;

async function login(email: string, password: string) {
  return fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('log-in with a session cookie', () => {
  it('logs in, answers who I am, and logs out', async () => {
    const institution = await makeInstitution(db());
    const { email, password, staff } = await makeStaff(db(), 'institution_admin', institution.id);

    const response = await login(email.toUpperCase(), password);
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('fw_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const body = (await response.json()) as {
      kind: string;
      session: Record<string, unknown>;
      expiresAt: string;
    };
    expect(body.kind).toBe('staff');
    expect(body.session).toMatchObject({
      id: staff.id,
      email,
      role: 'institution_admin',
      institutionId: institution.id,
      permissions: expect.arrayContaining(['stations:command', 'pricing:manage']),
    });
    expect(JSON.stringify(body)).not.toContain('passwordHash');
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);

    const cookie = setCookie.split(';')[0]!;
    const client = apiClient(server.baseUrl, { cookie });
    const me = await client.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(staff.id);

    const logout = await client.post('/api/v1/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join()).toMatch(/fw_session=;/);
    const after = await client.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('refuses a wrong password and an unknown e-mail alike with 401 problem+json', async () => {
    const institution = await makeInstitution(db());
    const { email } = await makeStaff(db(), 'accountant', institution.id);
    for (const response of [
      await login(email, 'wrong-password!'),
      await login('nobody@example.test', 'whatever-1234'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.json()).toEqual({
        type: 'urn:fachwerk:problem:unauthenticated',
        title: 'Authentication required',
        status: 401,
        detail: 'Wrong e-mail or password',
        code: 'unauthenticated',
      });
    }
  });

  it('refuses a deactivated account', async () => {
    const institution = await makeInstitution(db());
    const { email, password, staff } = await makeStaff(db(), 'service_technician', institution.id);
    const admin = await makeStaff(db(), 'institution_admin', institution.id);
    const adminClient = await loginClient(server.baseUrl, admin.email, admin.password);
    const tech = await loginClient(server.baseUrl, email, password);
    expect((await adminClient.patch(`/api/v1/staff/${staff.id}`, { active: false })).status).toBe(200);
    expect((await tech.get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(email, password)).status).toBe(401);
  });

  it('slows down password guessing for one e-mail with 429 and Retry-After', async () => {
    const institution = await makeInstitution(db());
    const { email, password } = await makeStaff(db(), 'accountant', institution.id);
    for (let i = 0; i < 10; i++) expect((await login(email, `guess-${i}-xxxxxxxx`)).status).toBe(401);
    const blocked = await login(email, password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { code: string }).code).toBe('rate_limited');
  });

  it('answers 401 without a cookie and with a cookie from nowhere', async () => {
    expect((await apiClient(server.baseUrl).get('/api/v1/stations')).status).toBe(401);
    const forged = apiClient(server.baseUrl, { cookie: 'fw_session=made-up' });
    const response = await forged.get('/api/v1/stations');
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/session has ended/);
  });
});

describe('API tokens', () => {
  it('creates a token shown once, authenticates with it as Bearer, and stops after revocation', async () => {
    const institution = await makeInstitution(db());
    const { email, password, staff } = await makeStaff(db(), 'institution_admin', institution.id);
    const client = await loginClient(server.baseUrl, email, password);

    const created = await client.post('/api/v1/api-tokens', { name: 'billing export' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^fw_[A-Za-z0-9_-]{40,}$/);

    const listed = await client.get('/api/v1/api-tokens');
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'billing export' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    const machine = apiClient(server.baseUrl, { bearer: created.body.token });
    const me = await machine.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(staff.id);

    expect((await client.delete(`/api/v1/api-tokens/${created.body.id}`)).status).toBe(204);
    const after = await machine.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/revoked/);
  });

  it('refuses a wrong bearer token even when a valid cookie is present', async () => {
    const institution = await makeInstitution(db());
    const { email, password } = await makeStaff(db(), 'accountant', institution.id);
    const client = await loginClient(server.baseUrl, email, password);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const response = await fetch(`${server.baseUrl}/api/v1/auth/me`, {
      headers: { authorization: 'Bearer fw_not-a-token', cookie: client.cookie! },
    });
    expect(response.status).toBe(401);
    const malformed = await fetch(`${server.baseUrl}/api/v1/auth/me`, {
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.status).toBe(401);
  });

  it('does not let one account revoke another account’s token', async () => {
    const institution = await makeInstitution(db());
    const a = await makeStaff(db(), 'institution_admin', institution.id);
    const b = await makeStaff(db(), 'institution_admin', institution.id);
    const clientA = await loginClient(server.baseUrl, a.email, a.password);
    const clientB = await loginClient(server.baseUrl, b.email, b.password);
    const token = await clientA.post('/api/v1/api-tokens', { name: 'a' });
    expect((await clientB.delete(`/api/v1/api-tokens/${token.body.id}`)).status).toBe(404);
    expect(
      (await apiClient(server.baseUrl, { bearer: token.body.token }).get('/api/v1/auth/me')).status,
    ).toBe(200);
  });
});

describe('staff management', () => {
  it('lets an institution admin create staff in the own institution only', async () => {
    const institution = await makeInstitution(db());
    const other = await makeInstitution(db());
    const admin = await makeStaff(db(), 'institution_admin', institution.id);
    const client = await loginClient(server.baseUrl, admin.email, admin.password);

    const created = await client.post('/api/v1/staff', {
      email: 'New.Tech@Example.test',
      password: 'long-enough-password',
      name: 'New Tech',
      role: 'service_technician',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'new.tech@example.test', institutionId: institution.id });
    const tech = await loginClient(server.baseUrl, 'new.tech@example.test', 'long-enough-password');
    expect((await tech.get('/api/v1/auth/me')).body.role).toBe('service_technician');

    const elsewhere = await client.post('/api/v1/staff', {
      email: 'x@example.test',
      password: 'long-enough-password',
      role: 'accountant',
      institutionId: other.id,
    });
    expect(elsewhere.status).toBe(404);
    const platform = await client.post('/api/v1/staff', {
      email: 'p@example.test',
      password: 'long-enough-password',
      role: 'platform_admin',
    });
    expect(platform.status).toBe(403);
    const duplicate = await client.post('/api/v1/staff', {
      email: 'NEW.TECH@example.test',
      password: 'long-enough-password',
      role: 'accountant',
    });
    expect(duplicate.status).toBe(409);
    const short = await client.post('/api/v1/staff', {
      email: 'y@example.test',
      password: 'short',
      role: 'accountant',
    });
    expect(short.status).toBe(422);
    expect(short.body.details).toEqual({ field: 'password' });

    const list = await client.get('/api/v1/staff');
    expect(list.body.map((s: { institutionId: string }) => s.institutionId)).toEqual(
      list.body.map(() => institution.id),
    );
    expect(list.body.map((s: { email: string }) => s.email)).toContain('new.tech@example.test');
  });

  it('lets the platform admin create staff anywhere, and refuses technicians', async () => {
    const institution = await makeInstitution(db());
    const platform = await makeStaff(db(), 'platform_admin', null);
    const client = await loginClient(server.baseUrl, platform.email, platform.password);
    const created = await client.post('/api/v1/staff', {
      email: `acc-${institution.slug}@example.test`,
      password: 'long-enough-password',
      role: 'accountant',
      institutionId: institution.id,
    });
    expect(created.status).toBe(201);
    const missing = await client.post('/api/v1/staff', {
      email: `acc2-${institution.slug}@example.test`,
      password: 'long-enough-password',
      role: 'accountant',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.details).toEqual({ field: 'institutionId' });

    const tech = await makeStaff(db(), 'service_technician', institution.id);
    const techClient = await loginClient(server.baseUrl, tech.email, tech.password);
    const refused = await techClient.post('/api/v1/staff', {
      email: 'z@example.test',
      password: 'long-enough-password',
      role: 'accountant',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });
});

describe('platform admin bootstrap', () => {
  it('creates the configured admin once and leaves it alone afterwards', async () => {
    const staff = server.fachwerk.services.staff;
    const first = await staff.ensurePlatformAdmin('Boot@Example.test', 'bootstrap-password-1');
    expect(first.created).toBe(true);
    const again = await staff.ensurePlatformAdmin('boot@example.test', 'another-password-22');
    expect(again).toEqual({ created: false, staffId: first.staffId });
    await loginClient(server.baseUrl, 'boot@example.test', 'bootstrap-password-1');
    expect(await staff.ensureAnyPlatformAdmin()).toEqual({ created: false });
  });
});
