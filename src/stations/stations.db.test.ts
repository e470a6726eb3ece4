import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { verifyPassword } from '../shared/passwords.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';
import { connectStation, refusedWith, waitFor } from '../../test/support/ocpp-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.database.db;

/** An institution with one client per role. */
async function institutionWithStaff() {
  const institution = await makeInstitution(db());
  const clients = {} as Record<'admin' | 'technician' | 'accountant', ApiClient>;
  for (const [key, role] of [
    ['admin', 'institution_admin'],
    ['technician', 'service_technician'],
    ['accountant', 'accountant'],
  ] as const) {
    const staff = await makeStaff(db(), role, institution.id);
    clients[key] = await loginClient(server.baseUrl, staff.email, staff.password);
  }
  return { institution, ...clients };
}

describe('creating stations', () => {
  it('creates a locker with numbered compartments and stores the password as argon2', async () => {
    const { institution, admin } = await institutionWithStaff();
    const chargeBoxId = `LOCKER-${institution.slug}`;
    const response = await admin.post('/api/v1/stations', {
      chargeBoxId,
      password: 'correct-horse-battery',
      kind: 'locker',
      name: 'Locker at the garage',
      chargePoints: 3,
      shortNamePrefix: 'p20',
    });
    expect(response.status).toBe(201);
    expect(response.body.generatedPassword).toBeNull();
    expect(response.body.station).toMatchObject({
      chargeBoxId,
      kind: 'locker',
      institutionId: institution.id,
      registration: 'accepted',
      hasPassword: true,
      online: false,
    });
    expect(response.body.station).not.toHaveProperty('passwordHash');
    expect(response.body.station.chargePoints.map((cp: { shortName: string }) => cp.shortName)).toEqual([
      'P20-01',
      'P20-02',
      'P20-03',
    ]);
    const [row] = await db().select().from(s.stations).where(eq(s.stations.chargeBoxId, chargeBoxId));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash!, 'correct-horse-battery')).toBe(true);

    const byId = await admin.get(`/api/v1/stations/${row!.id}`);
    const byChargeBoxId = await admin.get(`/api/v1/stations/${chargeBoxId}`);
    expect(byId.body).toEqual(byChargeBoxId.body);

    const audit = await admin.get('/api/v1/audit-log');
    expect(audit.body[0]).toMatchObject({ action: 'station.created', target: `station:${row!.id}` });
  });

  it('generates a password of OCPP length when none is given, and rotates it', async () => {
    const { institution, admin } = await institutionWithStaff();
    const created = await admin.post('/api/v1/stations', {
      chargeBoxId: `GEN-${institution.slug}`,
      chargePoints: ['a-1'],
    });
    expect(created.status).toBe(201);
    const generated: string = created.body.generatedPassword;
    expect(generated.length).toBeGreaterThanOrEqual(16);
    expect(generated.length).toBeLessThanOrEqual(40);
    expect(created.body.station.chargePoints[0].shortName).toBe('A-1');

    const id = created.body.station.id;
    const rotated = await admin.put(`/api/v1/stations/${id}/password`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.generatedPassword).not.toBe(generated);
    const [row] = await db().select().from(s.stations).where(eq(s.stations.id, id));
    expect(await verifyPassword(row!.passwordHash!, rotated.body.generatedPassword)).toBe(true);
    expect(await verifyPassword(row!.passwordHash!, generated)).toBe(false);

    const chosen = await admin.put(`/api/v1/stations/${id}/password`, { password: 'x'.repeat(15) });
    expect(chosen.status).toBe(400);
    expect(chosen.body.details.errors[0].field).toBe('body.password');
  });

  it('refuses a taken charge box id, a bad one, and repeated short names', async () => {
    const { institution, admin } = await institutionWithStaff();
    const chargeBoxId = `DUP-${institution.slug}`;
    expect((await admin.post('/api/v1/stations', { chargeBoxId })).status).toBe(201);
    const duplicate = await admin.post('/api/v1/stations', { chargeBoxId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('conflict');
    expect((await admin.post('/api/v1/stations', { chargeBoxId: 'has:colon' })).status).toBe(400);
    const repeated = await admin.post('/api/v1/stations', {
      chargeBoxId: `R-${institution.slug}`,
      chargePoints: ['X-1', 'x-1'],
    });
    expect(repeated.status).toBe(422);
    const invalid = await admin.post('/api/v1/stations', {
      chargeBoxId: `I-${institution.slug}`,
      chargePoints: ['X 1'],
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.field).toBe('shortName');
  });

  it('lets technicians and accountants read but not create or change stations', async () => {
    const { institution, admin, technician, accountant } = await institutionWithStaff();
    const { station } = await makeStation(db(), { institutionId: institution.id });
    for (const client of [technician, accountant]) {
      const created = await client.post('/api/v1/stations', { chargeBoxId: `NO-${institution.slug}` });
      expect(created.status).toBe(403);
      expect(created.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(created.body).toMatchObject({
        code: 'forbidden',
        status: 403,
        type: 'urn:fachwerk:problem:forbidden',
      });
      expect((await client.patch(`/api/v1/stations/${station.id}`, { name: 'x' })).status).toBe(403);
      expect((await client.post('/api/v1/locations', { name: 'x' })).status).toBe(403);
      expect((await client.post('/api/v1/auth-tokens', { value: '04a1b2c3' })).status).toBe(403);
      const list = await client.get('/api/v1/stations');
      expect(list.status).toBe(200);
      expect(list.body.map((st: { id: string }) => st.id)).toEqual([station.id]);
      expect((await client.get(`/api/v1/stations/${station.id}/status`)).status).toBe(200);
    }
    expect((await admin.patch(`/api/v1/stations/${station.id}`, { name: 'Renamed' })).body.name).toBe(
      'Renamed',
    );
  });
});

describe('short names', () => {
  it('are unique per institution, case-insensitively, and free across institutions', async () => {
    const { institution, admin } = await institutionWithStaff();
    const other = await institutionWithStaff();
    const first = await admin.post('/api/v1/stations', {
      chargeBoxId: `S1-${institution.slug}`,
      chargePoints: ['P20-07'],
    });
    const second = await admin.post('/api/v1/stations', {
      chargeBoxId: `S2-${institution.slug}`,
      chargePoints: ['P20-08'],
    });
    expect(second.status).toBe(201);

    const clash = await admin.post('/api/v1/stations', {
      chargeBoxId: `S3-${institution.slug}`,
      chargePoints: ['p20-07'],
    });
    expect(clash.status).toBe(409);
    // The failed creation left no half station behind.
    expect((await admin.get(`/api/v1/stations/S3-${institution.slug}`)).status).toBe(404);

    const cpId = second.body.station.chargePoints[0].id;
    const rename = await admin.patch(`/api/v1/charge-points/${cpId}`, { shortName: ' p20-07 ' });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ code: 'conflict', details: { shortName: 'P20-07' } });
    const added = await admin.post(`/api/v1/stations/${first.body.station.id}/charge-points`, {
      shortName: 'p20-08',
    });
    expect(added.status).toBe(409);
    const evseClash = await admin.post(`/api/v1/stations/${first.body.station.id}/charge-points`, {
      shortName: 'P20-09',
      evseId: 1,
    });
    expect(evseClash.status).toBe(409);
    const next = await admin.post(`/api/v1/stations/${first.body.station.id}/charge-points`, {
      shortName: 'p20-09',
    });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ shortName: 'P20-09', evseId: 2 });

    const elsewhere = await other.admin.post('/api/v1/stations', {
      chargeBoxId: `S1-${other.institution.slug}`,
      chargePoints: ['P20-07'],
    });
    expect(elsewhere.status).toBe(201);

    const renamed = await admin.patch(`/api/v1/charge-points/${cpId}`, { shortName: 'p20-10' });
    expect(renamed.body.shortName).toBe('P20-10');
    const search = await admin.get('/api/v1/charge-points?q=p20-1');
    expect(search.body.map((cp: { shortName: string }) => cp.shortName)).toEqual(['P20-10']);
  });
});

describe('pending stations', () => {
  it('lists a station that connected unknown and adopts it with a new password', async () => {
    const { institution, admin, technician } = await institutionWithStaff();
    const { station } = await makeStation(db(), {
      institutionId: institution.id,
      registration: 'pending',
      evses: 0,
    });
    await makeStation(db(), { institutionId: institution.id });

    const pending = await admin.get('/api/v1/stations/pending');
    expect(pending.body.map((st: { id: string }) => st.id)).toEqual([station.id]);
    expect((await technician.post(`/api/v1/stations/${station.id}/adopt`, {})).status).toBe(403);

    const adopted = await admin.post(`/api/v1/stations/${station.chargeBoxId}/adopt`, {
      password: 'a-brand-new-password',
      name: 'Found in the garage',
    });
    expect(adopted.status).toBe(200);
    expect(adopted.body.station).toMatchObject({ registration: 'accepted', name: 'Found in the garage' });
    expect(adopted.body.generatedPassword).toBeNull();
    const [row] = await db().select().from(s.stations).where(eq(s.stations.id, station.id));
    expect(await verifyPassword(row!.passwordHash!, 'a-brand-new-password')).toBe(true);

    expect((await admin.get('/api/v1/stations/pending')).body).toEqual([]);
    const again = await admin.post(`/api/v1/stations/${station.id}/adopt`, {});
    expect(again.status).toBe(409);
  });
});

describe('finding stations and their status', () => {
  it('filters by location, group, online state and search text', async () => {
    const { institution, admin } = await institutionWithStaff();
    const location = await admin.post('/api/v1/locations', {
      name: 'Parkhaus P20',
      city: 'Köln',
      latitude: 50.9,
      longitude: 6.9,
    });
    const group = await admin.post('/api/v1/station-groups', { name: 'Garage' });
    const a = await makeStation(db(), {
      institutionId: institution.id,
      chargeBoxId: `FA-${institution.slug}`,
    });
    const b = await makeStation(db(), {
      institutionId: institution.id,
      chargeBoxId: `FB-${institution.slug}`,
      shortNamePrefix: 'ZZ',
    });
    expect(
      (
        await admin.patch(`/api/v1/stations/${a.station.id}`, {
          locationId: location.body.id,
          groupId: group.body.id,
        })
      ).status,
    ).toBe(200);
    await db().update(s.stations).set({ connectedNode: 'node-1' }).where(eq(s.stations.id, b.station.id));

    const ids = async (query: string) =>
      (await admin.get(`/api/v1/stations?${query}`)).body.map((st: { id: string }) => st.id).sort();
    expect(await ids(`locationId=${location.body.id}`)).toEqual([a.station.id]);
    expect(await ids(`groupId=${group.body.id}`)).toEqual([a.station.id]);
    expect(await ids('online=true')).toEqual([b.station.id]);
    expect(await ids('online=false')).toEqual([a.station.id]);
    expect(await ids('q=zz-0')).toEqual([b.station.id]);
    expect(await ids(`q=fa-${institution.slug}`)).toEqual([a.station.id]);

    const busy = await admin.delete(`/api/v1/locations/${location.body.id}`);
    expect(busy.status).toBe(409);
  });

  it('reports each charge point with status, door and the active session', async () => {
    const { institution, accountant } = await institutionWithStaff();
    const { station, chargePoints } = await makeStation(db(), {
      institutionId: institution.id,
      kind: 'locker',
      evses: 2,
    });
    const reportedAt = new Date('2026-01-02T03:04:05Z');
    await db()
      .update(s.chargePoints)
      .set({ status: 'Occupied', door: 'locked', doorAt: reportedAt, statusAt: reportedAt })
      .where(eq(s.chargePoints.id, chargePoints[1]!.id));
    await db()
      .update(s.stations)
      .set({ connectedNode: 'node-1', lastSeenAt: reportedAt, ocppVersion: 'ocpp1.6' })
      .where(eq(s.stations.id, station.id));
    const [session] = await db()
      .insert(s.sessions)
      .values({
        institutionId: institution.id,
        stationId: station.id,
        chargePointId: chargePoints[1]!.id,
        evseId: 2,
        transactionId: '17',
        ocppVersion: 'ocpp1.6',
        startedAt: reportedAt,
      })
      .returning();

    const status = await accountant.get(`/api/v1/stations/${station.id}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      stationId: station.id,
      online: true,
      ocppVersion: 'ocpp1.6',
      lastSeenAt: '2026-01-02T03:04:05.000Z',
    });
    expect(status.body.chargePoints).toEqual([
      expect.objectContaining({ evseId: 1, status: 'Unknown', door: null, activeSessionId: null }),
      expect.objectContaining({
        evseId: 2,
        status: 'Occupied',
        door: 'locked',
        activeSessionId: session!.id,
      }),
    ]);
  });
});

describe('a station created over the API', () => {
  it('connects with its password, shows online, and after a rotation only the new password works', async () => {
    const { institution, admin } = await institutionWithStaff();
    const chargeBoxId = `CONNECT-${institution.slug}`;
    const created = await admin.post('/api/v1/stations', {
      chargeBoxId,
      password: 'first-password-123',
      chargePoints: 2,
    });
    expect(created.status).toBe(201);
    const client = await connectStation({
      endpoint: server.ocppUrl,
      identity: chargeBoxId,
      password: 'first-password-123',
      protocols: ['ocpp1.6'],
    });
    try {
      const status = await waitFor(async () => {
        const response = await admin.get(`/api/v1/stations/${chargeBoxId}/status`);
        return response.body.online === true && response.body;
      });
      expect(status).toMatchObject({ chargeBoxId, online: true, ocppVersion: 'ocpp1.6' });
      expect(
        (await admin.get('/api/v1/stations?online=true')).body.map(
          (st: { chargeBoxId: string }) => st.chargeBoxId,
        ),
      ).toEqual([chargeBoxId]);

      const rotated = await admin.put(`/api/v1/stations/${chargeBoxId}/password`, {
        password: 'second-password-456',
      });
      expect(rotated.status).toBe(200);
      const attempt = { endpoint: server.ocppUrl, identity: chargeBoxId, protocols: ['ocpp1.6' as const] };
      expect(await refusedWith({ ...attempt, password: 'first-password-123' })).toBe(401);
      const again = await connectStation({ ...attempt, password: 'second-password-456' });
      await again.close({ force: true });
    } finally {
      await client.close({ force: true });
    }
  });
});
