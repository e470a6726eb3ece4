import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstitution } from '../../test/support/factories.js';
import { makeCompany } from '../../test/support/payers.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { staffClients } from '../../test/support/staff-clients.js';
import * as s from '../db/schema.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function world() {
  const db = server.database.db;
  const institution = await makeInstitution(db);
  const { company } = await makeCompany(db, institution.id, { kind: 'postpaid' });
  const { company: other } = await makeCompany(db, institution.id, { kind: 'postpaid' });
  return { institutionId: institution.id, company, other, ...(await staffClients(server, institution.id)) };
}

describe('company admins', () => {
  it('are marked on a member (audited), refused without a company, and end when the member leaves or moves', async () => {
    const w = await world();
    const member = await w.admin.post('/api/v1/users', { name: 'Mia Member', companyId: w.company.id });
    expect(member.status).toBe(201);
    expect(member.body).toMatchObject({ companyAdmin: false, hasPortalLogin: false });
    const id = member.body.id as string;

    const marked = await w.admin.patch(`/api/v1/users/${id}`, { companyAdmin: true });
    expect(marked.status).toBe(200);
    expect(marked.body.companyAdmin).toBe(true);
    expect((await w.technician.get(`/api/v1/users/${id}`)).body.companyAdmin).toBe(true);
    expect((await w.technician.patch(`/api/v1/users/${id}`, { companyAdmin: false })).status).toBe(403);
    expect((await w.accountant.patch(`/api/v1/users/${id}`, { companyAdmin: false })).status).toBe(403);

    const { body: log } = await w.admin.get('/api/v1/audit-log?limit=1000');
    const entry = (log as { action: string; target: string; details: Record<string, unknown> }[]).find(
      (row) => row.action === 'user.updated' && row.target === `user:${id}`,
    );
    expect(entry?.details).toEqual({ companyAdmin: true });

    const moved = await w.admin.patch(`/api/v1/users/${id}`, { companyId: w.other.id });
    expect(moved.body).toMatchObject({ companyId: w.other.id, companyAdmin: false });
    await w.admin.patch(`/api/v1/users/${id}`, { companyAdmin: true });
    const left = await w.admin.patch(`/api/v1/users/${id}`, { companyId: null });
    expect(left.body).toMatchObject({ companyId: null, companyAdmin: false });

    const refused = await w.admin.patch(`/api/v1/users/${id}`, { companyAdmin: true });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual({ field: 'companyAdmin' });
    const direct = await w.admin.post('/api/v1/users', { name: 'Solo', companyAdmin: true });
    expect(direct.status).toBe(422);
  });

  it('can join a company and be its admin in one change', async () => {
    const w = await world();
    const { body: user } = await w.admin.post('/api/v1/users', { name: 'Jo' });
    const patched = await w.admin.patch(`/api/v1/users/${user.id as string}`, {
      companyId: w.company.id,
      companyAdmin: true,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ companyId: w.company.id, companyAdmin: true });
  });
});

describe('portal log-in of a user', () => {
  it('is shown as a yes or no, never as the password hash', async () => {
    const w = await world();
    const { body: user } = await w.admin.post('/api/v1/users', { name: 'Pia', email: 'pia@example.test' });
    const id = user.id as string;
    expect(user.hasPortalLogin).toBe(false);
    await server.database.db
      .update(s.users)
      .set({ passwordHash: '$argon2id$v=19$secret' })
      .where(eq(s.users.id, id));

    for (const path of [`/api/v1/users/${id}`, '/api/v1/users?q=Pia']) {
      const response = await w.technician.get(path);
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain('argon2');
      expect(JSON.stringify(response.body)).not.toContain('passwordHash');
    }
    expect((await w.admin.get(`/api/v1/users/${id}`)).body.hasPortalLogin).toBe(true);
    const listed = (await w.admin.get('/api/v1/users?q=Pia')).body as { hasPortalLogin: boolean }[];
    expect(listed.map((u) => u.hasPortalLogin)).toEqual([true]);
  });
});
