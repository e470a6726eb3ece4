import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';

let server: TestServer;
const db = () => server.database.db;

interface Tenant {
  institutionId: string;
  online: { id: string; chargeBoxId: string; cps: { id: string; shortName: string }[] };
  offline: { id: string; chargeBoxId: string };
  technician: ApiClient;
}

/**
 * One institution: an online locker (free, charging, door open, faulted), an offline one (2
 * compartments, one last said Charging), a pending station, two open alerts and one acknowledged.
 */
async function tenant(prefix: string): Promise<Tenant> {
  const institution = await makeInstitution(db());
  const online = await makeStation(db(), {
    institutionId: institution.id,
    chargeBoxId: `${prefix}-ON`,
    kind: 'locker',
    evses: 4,
    shortNamePrefix: prefix,
  });
  await db()
    .update(s.stations)
    .set({ connectedNode: 'node-test', connectedAt: new Date(), ocppVersion: 'ocpp1.6' })
    .where(eq(s.stations.id, online.station.id));
  const cps = online.chargePoints;
  const set = (i: number, values: Partial<typeof s.chargePoints.$inferInsert>) =>
    db().update(s.chargePoints).set(values).where(eq(s.chargePoints.id, cps[i]!.id));
  await set(0, { status: 'Available', errorCode: 'NoError', door: 'closed' });
  await set(1, { status: 'Charging', door: 'locked' });
  await set(2, { status: 'Available', door: 'open' });
  await set(3, { status: 'Faulted', errorCode: 'ConnectorLockFailure', door: 'closed' });
  await db().insert(s.sessions).values({
    institutionId: institution.id,
    stationId: online.station.id,
    chargePointId: cps[1]!.id,
    evseId: 2,
    transactionId: '1',
    ocppVersion: 'ocpp1.6',
    startedAt: new Date(),
  });
  const offline = await makeStation(db(), {
    institutionId: institution.id,
    chargeBoxId: `${prefix}-OFF`,
    kind: 'locker',
    evses: 2,
    shortNamePrefix: `${prefix}X`,
  });
  await db()
    .update(s.chargePoints)
    .set({ status: 'Charging' })
    .where(eq(s.chargePoints.id, offline.chargePoints[0]!.id));
  await makeStation(db(), {
    institutionId: institution.id,
    chargeBoxId: `${prefix}-NEW`,
    evses: 0,
    registration: 'pending',
  });
  const alert = (kind: string, createdAt: Date, acknowledgedAt: Date | null = null) => ({
    institutionId: institution.id,
    stationId: online.station.id,
    kind,
    severity: 'warning' as const,
    message: { de: `Hinweis ${kind}`, en: `Alert ${kind}` },
    createdAt,
    acknowledgedAt,
  });
  await db()
    .insert(s.alerts)
    .values([
      alert('keypad_locked', new Date('2026-01-01T10:00:00Z')),
      alert('sms_stop_pending', new Date('2026-01-01T11:00:00Z')),
      alert('old', new Date('2026-01-01T09:00:00Z'), new Date('2026-01-01T09:30:00Z')),
    ]);
  const staff = await makeStaff(db(), 'service_technician', institution.id);
  return {
    institutionId: institution.id,
    online: {
      id: online.station.id,
      chargeBoxId: online.station.chargeBoxId,
      cps: cps.map((cp) => ({ id: cp.id, shortName: cp.shortName })),
    },
    offline: { id: offline.station.id, chargeBoxId: offline.station.chargeBoxId },
    technician: await loginClient(server.baseUrl, staff.email, staff.password),
  };
}

let a: Tenant;
let b: Tenant;
let platform: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  a = await tenant('DA');
  b = await tenant('DB');
  const admin = await makeStaff(db(), 'platform_admin', null);
  platform = await loginClient(server.baseUrl, admin.email, admin.password);
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/v1/dashboard', () => {
  it('counts stations, compartments by state, sessions and open alerts of the own institution', async () => {
    const response = await a.technician.get('/api/v1/dashboard');
    expect(response.status).toBe(200);
    expect(response.body.stations).toEqual({ total: 2, online: 1, offline: 1, faulted: 1, pending: 1 });
    expect(response.body.compartments).toEqual({
      total: 6,
      // The offline locker's compartments are unavailable, whatever they last said.
      byState: { free: 1, occupied: 0, charging: 1, door_open: 1, fault: 1, unavailable: 2 },
    });
    expect(response.body.activeSessions).toBe(1);
    expect(response.body.openAlerts).toBe(2);
    expect(response.body.alerts.map((x: { kind: string }) => x.kind)).toEqual([
      'sms_stop_pending',
      'keypad_locked',
    ]);
    expect(response.body.alerts[0]).toMatchObject({
      chargeBoxId: a.online.chargeBoxId,
      message: { de: 'Hinweis sms_stop_pending', en: 'Alert sms_stop_pending' },
    });
  });

  it('lists the stations needing attention, offline first, with the compartments behind it', async () => {
    const { body } = await a.technician.get('/api/v1/dashboard');
    expect(body.attention).toHaveLength(2);
    expect(body.attention[0]).toMatchObject({
      chargeBoxId: a.offline.chargeBoxId,
      online: false,
      reasons: ['offline'],
      chargePoints: [],
    });
    expect(body.attention[1]).toMatchObject({
      chargeBoxId: a.online.chargeBoxId,
      online: true,
      reasons: ['faulted', 'door_open'],
    });
    expect(
      body.attention[1].chargePoints.map((cp: { shortName: string; state: string }) => [
        cp.shortName,
        cp.state,
      ]),
    ).toEqual([
      ['DA-03', 'door_open'],
      ['DA-04', 'fault'],
    ]);
    expect(body.attention[1].chargePoints[1]).toMatchObject({
      status: 'Faulted',
      errorCode: 'ConnectorLockFailure',
    });
  });

  it('follows a change at once: a closed door leaves the list', async () => {
    await db()
      .update(s.chargePoints)
      .set({ door: 'closed' })
      .where(eq(s.chargePoints.id, a.online.cps[2]!.id));
    const { body } = await a.technician.get('/api/v1/dashboard');
    expect(body.attention[1].reasons).toEqual(['faulted']);
    expect(body.compartments.byState).toMatchObject({ free: 2, door_open: 0 });
    await db().update(s.chargePoints).set({ door: 'open' }).where(eq(s.chargePoints.id, a.online.cps[2]!.id));
  });

  it('never shows another institution’s stations, sessions or alerts', async () => {
    const { body } = await b.technician.get('/api/v1/dashboard');
    const ids = body.attention.map((x: { stationId: string }) => x.stationId);
    expect(ids).not.toContain(a.online.id);
    expect(ids).not.toContain(a.offline.id);
    expect(body.stations.total).toBe(2);
    expect(body.openAlerts).toBe(2);
    for (const x of body.alerts) expect(x.institutionId).toBe(b.institutionId);
    // Naming another institution does not widen the view.
    const other = await b.technician.get(`/api/v1/dashboard?institutionId=${a.institutionId}`);
    expect(other.status).toBe(200);
    expect(other.body.stations.total).toBe(0);
    expect(other.body.attention).toEqual([]);
  });

  it('shows a platform admin every institution, or the one asked for', async () => {
    const all = await platform.get('/api/v1/dashboard');
    expect(all.body.stations.total).toBeGreaterThanOrEqual(4);
    const ids = all.body.attention.map((x: { stationId: string }) => x.stationId);
    expect(ids).toEqual(expect.arrayContaining([a.online.id, b.online.id]));
    const one = await platform.get(`/api/v1/dashboard?institutionId=${a.institutionId}`);
    const own = await a.technician.get('/api/v1/dashboard');
    expect({ ...one.body, generatedAt: null }).toEqual({ ...own.body, generatedAt: null });
  });

  it('refuses a bad institution id and an anonymous caller', async () => {
    expect((await a.technician.get('/api/v1/dashboard?institutionId=nope')).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/api/v1/dashboard`)).status).toBe(401);
  });
});

describe('GET /api/v1/dashboard/stations', () => {
  it('gives each visible station its compartments by state and its flags', async () => {
    const { status, body } = await a.technician.get('/api/v1/dashboard/stations');
    expect(status).toBe(200);
    expect(body).toHaveLength(3);
    const online = body.find((x: { stationId: string }) => x.stationId === a.online.id);
    expect(online).toMatchObject({
      online: true,
      faulted: true,
      doorOpen: true,
      byState: { free: 1, occupied: 0, charging: 1, door_open: 1, fault: 1, unavailable: 0 },
    });
    expect(online.chargePoints.map((cp: { state: string }) => cp.state)).toEqual([
      'free',
      'charging',
      'door_open',
      'fault',
    ]);
    const offline = body.find((x: { stationId: string }) => x.stationId === a.offline.id);
    expect(offline).toMatchObject({ online: false, faulted: false, doorOpen: false });
    expect(body.map((x: { stationId: string }) => x.stationId)).not.toContain(b.online.id);
  });
});

describe('GET /api/v1/stations/{id}/status', () => {
  it('names each compartment’s state beside the raw status', async () => {
    const { body } = await a.technician.get(`/api/v1/stations/${a.online.id}/status`);
    expect(body.chargePoints.map((cp: { state: string }) => cp.state)).toEqual([
      'free',
      'charging',
      'door_open',
      'fault',
    ]);
    expect(body.chargePoints[1].activeSessionId).not.toBeNull();
  });
});
