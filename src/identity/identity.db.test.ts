import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { hashPassword, sha256 } from '../shared/passwords.js';
import { totpCode } from '../staff/totp.js';
import { apiClient, loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeInstitution, makeStaff } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://lmp.example.test' });
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;
const anonymous = () => apiClient(server.baseUrl);
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function makePortalDriver(institutionId: string, values: Partial<typeof s.users.$inferInsert> = {}) {
  const email = `driver-${unique()}@example.test`;
  const password = `driver-pw-${unique()}`;
  const [user] = await db()
    .insert(s.users)
    .values({
      institutionId,
      name: 'Dora Driver',
      email,
      passwordHash: await hashPassword(password),
      ...values,
    })
    .returning();
  return { user: user!, email, password };
}

async function mailsTo(email: string) {
  return db().select().from(s.emails).where(eq(s.emails.to, email)).orderBy(desc(s.emails.createdAt));
}

/** The token of the newest set-password link mailed to `email`. */
async function linkTokenOf(email: string): Promise<string> {
  const [mail] = await mailsTo(email);
  const match = /\/set-password\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
  if (match === null) throw new Error(`no set-password link mailed to ${email}`);
  return match[1]!;
}

const login = (email: string, password: string, totpCode?: string) =>
  anonymous().post('/api/v1/auth/login', {
    email,
    password,
    ...(totpCode === undefined ? {} : { totpCode }),
  });

describe('password change', () => {
  it('changes a staff password, ends the other sessions and keeps this one', async () => {
    const institution = await makeInstitution(db());
    const { email, password, staff } = await makeStaff(db(), 'service_technician', institution.id);
    const here = await loginClient(server.baseUrl, email, password);
    const elsewhere = await loginClient(server.baseUrl, email, password);
    const changed = await here.post('/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'a-brand-new-password',
    });
    expect(changed.status).toBe(204);
    expect((await here.get('/api/v1/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
    expect((await login(email, password)).status).toBe(401);
    expect((await login(email, 'a-brand-new-password')).status).toBe(200);
    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'password.changed'), eq(s.auditLog.target, `staff:${staff.id}`)));
    expect(audit).toHaveLength(1);
  });

  it('changes a driver password the same way', async () => {
    const institution = await makeInstitution(db());
    const driver = await makePortalDriver(institution.id);
    const here = await loginClient(server.baseUrl, driver.email, driver.password);
    const elsewhere = await loginClient(server.baseUrl, driver.email, driver.password);
    const changed = await here.post('/api/v1/auth/password', {
      currentPassword: driver.password,
      newPassword: 'driver-new-password',
    });
    expect(changed.status).toBe(204);
    expect((await here.get('/api/v1/auth/session')).body.kind).toBe('driver');
    expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
    expect((await login(driver.email, 'driver-new-password')).status).toBe(200);
  });

  it('refuses a wrong current password and a short new one as form errors, not as a lost session', async () => {
    const institution = await makeInstitution(db());
    const { email, password } = await makeStaff(db(), 'accountant', institution.id);
    const client = await loginClient(server.baseUrl, email, password);
    const wrong = await client.post('/api/v1/auth/password', {
      currentPassword: 'not-the-password',
      newPassword: 'long-enough-password',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'validation_failed', details: { field: 'currentPassword' } });
    const short = await client.post('/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'short',
    });
    expect(short.status).toBe(422);
    expect(short.body.details).toEqual({ field: 'newPassword' });
    expect((await login(email, password)).status).toBe(200);
  });
});

describe('password reset by e-mail', () => {
  it('answers the same for an account and for an unknown e-mail, and mails only the account', async () => {
    const institution = await makeInstitution(db());
    const { email } = await makeStaff(db(), 'institution_admin', institution.id);
    const known = await anonymous().post('/api/v1/auth/password-reset', {
      email: email.toUpperCase(),
      locale: 'en',
    });
    const unknown = await anonymous().post('/api/v1/auth/password-reset', {
      email: `nobody-${unique()}@example.test`,
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({
      purpose: 'password_reset',
      status: 'logged',
      subject: 'Reset your password',
    });
    expect(mail!.text).toMatch(/https:\/\/lmp\.example\.test\/set-password\/[A-Za-z0-9_-]{40,}/);
    expect(mail!.institutionId).toBe(institution.id);
  });

  it('stores only the hash of the token, valid for one hour', async () => {
    const institution = await makeInstitution(db());
    const { email, staff } = await makeStaff(db(), 'accountant', institution.id);
    await anonymous().post('/api/v1/auth/password-reset', { email });
    const token = await linkTokenOf(email);
    const [row] = await db().select().from(s.passwordTokens).where(eq(s.passwordTokens.staffId, staff.id));
    expect(row!.tokenHash).toBe(sha256(token));
    expect(row!.purpose).toBe('reset');
    const minutes = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60.1);
  });

  it('sets the password once; the link then fails clearly, and every session has ended', async () => {
    const institution = await makeInstitution(db());
    const { email, password } = await makeStaff(db(), 'service_technician', institution.id);
    const session = await loginClient(server.baseUrl, email, password);
    await anonymous().post('/api/v1/auth/password-reset', { email });
    const token = await linkTokenOf(email);

    const short = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'short',
    });
    expect(short.status).toBe(422);
    const done = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'reset-new-password',
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ kind: 'staff', email });
    expect((await session.get('/api/v1/auth/session')).status).toBe(401);
    expect((await login(email, password)).status).toBe(401);
    expect((await login(email, 'reset-new-password')).status).toBe(200);

    const again = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'another-new-password',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'conflict', details: { reason: 'used' } });
    expect((await login(email, 'reset-new-password')).status).toBe(200);
  });

  it('refuses an expired link and an unknown one', async () => {
    const institution = await makeInstitution(db());
    const { staff } = await makeStaff(db(), 'accountant', institution.id);
    const token = `expired-token-${unique()}`;
    await db()
      .insert(s.passwordTokens)
      .values({
        tokenHash: sha256(token),
        staffId: staff.id,
        purpose: 'reset',
        expiresAt: new Date(Date.now() - 1000),
      });
    const expired = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'whatever-long-password',
    });
    expect(expired.status).toBe(409);
    expect(expired.body.details).toEqual({ reason: 'expired' });
    const unknown = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token: 'no-such-token-at-all',
      newPassword: 'whatever-long-password',
    });
    expect(unknown.status).toBe(404);
  });

  it("mails a driver with a portal password in the driver's language, and resets that password", async () => {
    const institution = await makeInstitution(db());
    const driver = await makePortalDriver(institution.id, { locale: 'en' });
    const session = await loginClient(server.baseUrl, driver.email, driver.password);
    expect(
      (await anonymous().post('/api/v1/auth/password-reset', { email: driver.email, locale: 'de' })).status,
    ).toBe(202);
    const [mail] = await mailsTo(driver.email);
    expect(mail!.subject).toBe('Reset your password');
    const token = await linkTokenOf(driver.email);
    const done = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'driver-reset-password',
    });
    expect(done.body).toEqual({ kind: 'driver', email: driver.email });
    expect((await session.get('/api/v1/auth/session')).status).toBe(401);
    expect((await login(driver.email, 'driver-reset-password')).status).toBe(200);
  });

  it('mails nothing to a driver without a portal password, nor to a deactivated staff account', async () => {
    const institution = await makeInstitution(db());
    const email = `nopass-${unique()}@example.test`;
    await db().insert(s.users).values({ institutionId: institution.id, name: 'No Portal', email });
    const inactive = await makeStaff(db(), 'accountant', institution.id);
    await db().update(s.staff).set({ active: false }).where(eq(s.staff.id, inactive.staff.id));
    for (const address of [email, inactive.email]) {
      expect((await anonymous().post('/api/v1/auth/password-reset', { email: address })).status).toBe(202);
      expect(await mailsTo(address)).toEqual([]);
    }
  });

  it('limits requests per e-mail address', async () => {
    const email = `limited-${unique()}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await anonymous().post('/api/v1/auth/password-reset', { email })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

describe('invitations for drivers', () => {
  it('mails a 7-day link that gives the driver a portal log-in, audited', async () => {
    const institution = await makeInstitution(db(), { name: `Stadtwerke ${unique()}` });
    const admin = await makeStaff(db(), 'institution_admin', institution.id);
    const email = `invited-${unique()}@example.test`;
    const [user] = await db()
      .insert(s.users)
      .values({ institutionId: institution.id, name: 'Ina Invited', email, locale: 'de' })
      .returning();
    const client = await loginClient(server.baseUrl, admin.email, admin.password);
    const invited = await client.post(`/api/v1/users/${user!.id}/invitation`);
    expect(invited.status).toBe(202);
    expect(invited.body).toMatchObject({ sentTo: email, mailStatus: 'logged' });
    const days = (Date.parse(invited.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({ purpose: 'invitation', institutionId: institution.id });
    expect(mail!.subject).toBe(`Ihr Zugang zum Ladeportal von ${institution.name}`);

    expect((await login(email, 'invited-password-1')).status).toBe(401);
    const token = await linkTokenOf(email);
    const done = await anonymous().post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'invited-password-1',
    });
    expect(done.body).toEqual({ kind: 'driver', email });
    const session = await login(email, 'invited-password-1');
    expect(session.status).toBe(200);
    expect(session.body.session).toMatchObject({ kind: 'driver', id: user!.id });
    const audit = await db()
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.target, `user:${user!.id}`));
    expect(audit.map((row) => row.action).sort()).toEqual(['password.invitation_accepted', 'user.invited']);
  });

  it("is tenant-checked: another institution's user is not found, a technician may not invite", async () => {
    const a = await makeInstitution(db());
    const b = await makeInstitution(db());
    const adminB = await makeStaff(db(), 'institution_admin', b.id);
    const technicianA = await makeStaff(db(), 'service_technician', a.id);
    const email = `a-user-${unique()}@example.test`;
    const [user] = await db()
      .insert(s.users)
      .values({ institutionId: a.id, name: 'A user', email })
      .returning();
    const asB = await loginClient(server.baseUrl, adminB.email, adminB.password);
    const fromB = await asB.post(`/api/v1/users/${user!.id}/invitation`);
    expect(fromB.status).toBe(404);
    const asTechnician = await loginClient(server.baseUrl, technicianA.email, technicianA.password);
    expect((await asTechnician.post(`/api/v1/users/${user!.id}/invitation`)).status).toBe(403);
    expect(await mailsTo(email)).toEqual([]);
  });

  it('needs an e-mail address', async () => {
    const institution = await makeInstitution(db());
    const admin = await makeStaff(db(), 'institution_admin', institution.id);
    const [user] = await db()
      .insert(s.users)
      .values({ institutionId: institution.id, name: 'No mail' })
      .returning();
    const client = await loginClient(server.baseUrl, admin.email, admin.password);
    const answer = await client.post(`/api/v1/users/${user!.id}/invitation`);
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual({ field: 'email' });
  });
});

describe('TOTP second factor', () => {
  const STEP = 30_000;

  async function enrolled(role: 'institution_admin' | 'platform_admin' = 'institution_admin') {
    const institution = role === 'platform_admin' ? null : (await makeInstitution(db())).id;
    const made = await makeStaff(db(), role, institution);
    const client = await loginClient(server.baseUrl, made.email, made.password);
    const setup = await client.post('/api/v1/auth/totp/setup');
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    expect(setup.body.otpauthUri).toContain(`secret=${secret}`);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    // Not in force before a code confirms it.
    expect((await login(made.email, made.password)).status).toBe(200);
    const enrolCode = totpCode(secret, Date.now());
    const enable = await client.post('/api/v1/auth/totp/enable', { code: enrolCode });
    expect(enable.status).toBe(200);
    expect(enable.body.totpEnabledAt).not.toBeNull();
    return { ...made, secret, client, enrolCode };
  }

  it('asks for the code after the password, refuses a wrong one and a replayed one', async () => {
    const { email, password, secret, enrolCode } = await enrolled();
    const without = await login(email, password);
    expect(without.status).toBe(401);
    expect(without.body.code).toBe('totp_required');
    const wrongPassword = await login(email, 'wrong-password-x', totpCode(secret, Date.now()));
    expect(wrongPassword.body.code).toBe('unauthenticated');
    const wrongCode = await login(
      email,
      password,
      '000000' === totpCode(secret, Date.now()) ? '111111' : '000000',
    );
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe('unauthenticated');
    // The enrolment's code is spent.
    expect((await login(email, password, enrolCode)).status).toBe(401);
    const next = totpCode(secret, Date.now() + STEP);
    const ok = await login(email, password, next);
    expect(ok.status).toBe(200);
    expect(ok.body.session.totpEnabled).toBe(true);
    const replay = await login(email, password, next);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('unauthenticated');
  });

  it('counts wrong codes in the log-in limiter', async () => {
    const { email, password, secret } = await enrolled();
    const wrong = (Number(totpCode(secret, Date.now() + STEP)) + 500_000) % 1_000_000;
    for (let i = 0; i < 10; i++) {
      const answer = await login(email, password, String(wrong).padStart(6, '0'));
      expect(answer.status).toBe(401);
    }
    const limited = await login(email, password, totpCode(secret, Date.now() + STEP));
    expect(limited.status).toBe(429);
  });

  it('turns off with the password only; an admin can reset it for another account', async () => {
    const { email, password, client, staff } = await enrolled();
    const wrong = await client.post('/api/v1/auth/totp/disable', { password: 'not-my-password' });
    expect(wrong.status).toBe(422);
    expect((await client.post('/api/v1/auth/totp/disable', { password })).status).toBe(200);
    expect((await login(email, password)).status).toBe(200);

    const other = await enrolled();
    const admin = await makeStaff(db(), 'institution_admin', other.staff.institutionId);
    const adminClient = await loginClient(server.baseUrl, admin.email, admin.password);
    const reset = await adminClient.delete(`/api/v1/staff/${other.staff.id}/totp`);
    expect(reset.status).toBe(200);
    expect(reset.body.totpEnabledAt).toBeNull();
    expect((await login(other.email, other.password)).status).toBe(200);
    const elsewhere = await makeStaff(db(), 'institution_admin', (await makeInstitution(db())).id);
    const elsewhereClient = await loginClient(server.baseUrl, elsewhere.email, elsewhere.password);
    expect((await elsewhereClient.delete(`/api/v1/staff/${staff.id}/totp`)).status).toBe(404);
  });

  it('has nothing for drivers', async () => {
    const institution = await makeInstitution(db());
    const driver = await makePortalDriver(institution.id);
    const client = await loginClient(server.baseUrl, driver.email, driver.password);
    expect((await client.post('/api/v1/auth/totp/setup')).status).toBe(403);
  });
});

describe('platform admins when TOTP_REQUIRED_FOR_PLATFORM_ADMINS is on', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ totpRequiredForPlatformAdmins: true }, server.database);
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('allows only the session, password and enrolment until a second factor is set up', async () => {
    const { email, password } = await makeStaff(db(), 'platform_admin', null);
    const client: ApiClient = await loginClient(strict.baseUrl, email, password);
    const blocked = await client.get('/api/v1/institutions');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('totp_setup_required');
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ totpEnabled: false, totpSetupRequired: true });

    const setup = await client.post('/api/v1/auth/totp/setup');
    expect(setup.status).toBe(200);
    const enable = await client.post('/api/v1/auth/totp/enable', {
      code: totpCode(setup.body.secret, Date.now()),
    });
    expect(enable.status).toBe(200);
    expect((await client.get('/api/v1/institutions')).status).toBe(200);
    expect((await client.get('/api/v1/auth/session')).body.totpSetupRequired).toBe(false);
  });

  it('leaves other roles alone', async () => {
    const institution = await makeInstitution(db());
    const { email, password } = await makeStaff(db(), 'institution_admin', institution.id);
    const client = await loginClient(strict.baseUrl, email, password);
    expect((await client.get('/api/v1/stations')).status).toBe(200);
  });
});

describe('the mail log', () => {
  it('shows platform admins what was mailed, newest first, with filters; nobody else', async () => {
    const institution = await makeInstitution(db());
    const { email } = await makeStaff(db(), 'accountant', institution.id);
    await anonymous().post('/api/v1/auth/password-reset', { email });
    const platform = await makeStaff(db(), 'platform_admin', null);
    const client = await loginClient(server.baseUrl, platform.email, platform.password);
    const list = await client.get(`/api/v1/emails?to=${encodeURIComponent(email)}&purpose=password_reset`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ to: email, status: 'logged', purpose: 'password_reset' });
    const all = await client.get('/api/v1/emails?limit=5');
    const times = (all.body as { createdAt: string }[]).map((row) => Date.parse(row.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    const admin = await makeStaff(db(), 'institution_admin', institution.id);
    const adminClient = await loginClient(server.baseUrl, admin.email, admin.password);
    expect((await adminClient.get('/api/v1/emails')).status).toBe(403);
  });
});
