import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { LiveEvent } from '../live/live-events.js';
import { systemActor } from '../shared/context.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { loginClient } from '../../test/http/api-client.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

let server: TestServer;
let institutionId: string;
let stationId: string;
let staff: StaffClients;
const ctx = { actor: systemActor('test'), now: () => new Date(), log: pino({ level: 'silent' }) };

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  institutionId = (await makeInstitution(db)).id;
  stationId = (await makeStation(db, { institutionId, chargeBoxId: `ALERT-${Date.now()}` })).station.id;
  staff = await staffClients(server, institutionId);
});
afterAll(async () => {
  await server?.close();
});

const raise = (kind = 'keypad_locked') =>
  server.fachwerk.services.alerts.raise(ctx, {
    institutionId,
    stationId,
    kind,
    severity: 'warning',
    message: { de: 'Tastenfeld gesperrt', en: 'Keypad locked' },
    payload: { failures: 5 },
  });

describe('alerts', () => {
  it('announces a raised alert live and lists it as open for staff', async () => {
    const seen: LiveEvent[] = [];
    const unsubscribe = server.fachwerk.services.deps.live.subscribe((event) => seen.push(event));
    const alert = await raise();
    unsubscribe();
    expect(seen).toContainEqual({
      type: 'alert.raised',
      institutionId,
      alertId: alert.id,
      kind: 'keypad_locked',
      stationId,
    });
    const open = await staff.technician.get('/api/v1/alerts?open=true');
    expect(open.status).toBe(200);
    expect(open.body.map((a: { id: string }) => a.id)).toContain(alert.id);
    expect(open.body.find((a: { id: string }) => a.id === alert.id)).toMatchObject({
      kind: 'keypad_locked',
      severity: 'warning',
      message: { de: 'Tastenfeld gesperrt', en: 'Keypad locked' },
      payload: { failures: 5 },
      acknowledgedAt: null,
    });
  });

  it('acknowledges once, records who did it, and drops it from the open list', async () => {
    const alert = await raise('sms_stop_pending');
    const first = await staff.admin.post(`/api/v1/alerts/${alert.id}/acknowledge`);
    expect(first.status).toBe(200);
    expect(first.body.acknowledgedBy).toMatch(/^staff:/);
    const again = await staff.technician.post(`/api/v1/alerts/${alert.id}/acknowledge`);
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);
    expect(again.body.acknowledgedBy).toBe(first.body.acknowledgedBy);
    const open = await staff.admin.get('/api/v1/alerts?open=true');
    expect(open.body.map((a: { id: string }) => a.id)).not.toContain(alert.id);
    const audit = await staff.admin.get('/api/v1/audit-log');
    expect(audit.body.filter((e: { target: string }) => e.target === `alert:${alert.id}`)).toHaveLength(1);
  });

  it("hides another institution's alerts", async () => {
    const alert = await raise();
    const other = await makeInstitution(server.database.db);
    const stranger = await makeStaff(server.database.db, 'institution_admin', other.id);
    const client = await loginClient(server.baseUrl, stranger.email, stranger.password);
    expect((await client.get(`/api/v1/alerts/${alert.id}`)).status).toBe(404);
    expect((await client.post(`/api/v1/alerts/${alert.id}/acknowledge`)).status).toBe(404);
    expect((await client.get('/api/v1/alerts')).body).toEqual([]);
  });
});
