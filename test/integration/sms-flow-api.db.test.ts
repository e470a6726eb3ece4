/** SMS sessions in the staff API: filters, masked phones, and who sees a receipt PIN. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStaff } from '../support/factories.js';
import { loginClient } from '../http/api-client.js';
import type { TestServer } from '../support/server.js';
import { staffClients, type StaffClients } from '../support/staff-clients.js';
import {
  answer,
  loadCompartment,
  makeLocker,
  pinIn,
  startSmsServer,
  type Locker,
} from './sms-flow.support.js';

const ALICE = '4917300000001';

let server: TestServer;
let locker: Locker;
let clients: StaffClients;
let smsSessionId: string;
let pin: string;

beforeAll(async () => {
  server = await startSmsServer();
  locker = await makeLocker(server, { evses: 2 });
  clients = await staffClients(server, locker.institutionId);
  await loadCompartment(server, locker, 1);
  const confirmation = await answer(server, locker, ALICE, 'P20-01');
  smsSessionId = confirmation.smsSessionId!;
  pin = pinIn(confirmation);
});

afterAll(async () => {
  await locker.sim?.stop();
  await server.close();
});

describe('the charging session behind an SMS session', () => {
  it('shows the receipt PIN as its id token only to admins', async () => {
    const sessionOf = async (client: StaffClients['admin']) => {
      const { status, body } = await client.get(`/api/v1/sessions?stationId=${locker.stationId}`);
      expect(status).toBe(200);
      const sessions = body as Array<{ id: string; idTag: string; smsSessionId: string | null }>;
      const found = sessions.find((session) => session.smsSessionId === smsSessionId);
      expect(found, 'the SMS session started a charging session').toBeDefined();
      const one = await client.get(`/api/v1/sessions/${found!.id}`);
      return { listed: found!.idTag, single: (one.body as { idTag: string }).idTag };
    };
    await expect.poll(async () => (await sessionOf(clients.admin)).listed).toBe(pin);
    expect(await sessionOf(clients.admin)).toEqual({ listed: pin, single: pin });
    for (const client of [clients.technician, clients.accountant]) {
      expect(await sessionOf(client)).toEqual({ listed: '••••••', single: '••••••' });
    }
  });
});

describe('GET /sms/sessions', () => {
  it('shows the admin the full phone and the PIN of an open session', async () => {
    const { status, body } = await clients.admin.get(`/api/v1/sms/sessions/${smsSessionId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: smsSessionId,
      shortName: 'P20-01',
      chargeBoxId: locker.chargeBoxId,
      phone: ALICE,
      phoneMasked: false,
      state: 'active',
      receiptPin: pin,
      serviceNumber: locker.number,
      language: 'de',
    });
    expect(body.receiptUrl).toMatch(new RegExp(`^${server.config.publicUrl}/r/[A-Za-z0-9_-]{22}$`));
  });

  it('masks the phone and hides PIN and receipt link from technicians', async () => {
    const { status, body } = await clients.technician.get(`/api/v1/sms/sessions/${smsSessionId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      phone: '+49 173 •••••001',
      phoneMasked: true,
      receiptPin: null,
      receiptUrl: null,
    });
    expect(JSON.stringify(body)).not.toContain(pin);
  });

  it('shows accountants the phone but not the PIN', async () => {
    const { body } = await clients.accountant.get(`/api/v1/sms/sessions/${smsSessionId}`);
    expect(body).toMatchObject({ phone: ALICE, receiptPin: null });
  });

  it('lists with filters', async () => {
    const all = await clients.technician.get('/api/v1/sms/sessions');
    expect(all.body.map((r: { id: string }) => r.id)).toEqual([smsSessionId]);
    const active = await clients.technician.get(
      `/api/v1/sms/sessions?state=active&stationId=${locker.stationId}`,
    );
    expect(active.body).toHaveLength(1);
    const none = await clients.technician.get('/api/v1/sms/sessions?state=completed');
    expect(none.body).toEqual([]);
    const other = await clients.technician.get(
      `/api/v1/sms/sessions?chargePointId=${locker.chargePoints[1]!.id}`,
    );
    expect(other.body).toEqual([]);
    const before = await clients.technician.get('/api/v1/sms/sessions?before=2000-01-01T00:00:00Z');
    expect(before.body).toEqual([]);
    const bad = await clients.technician.get('/api/v1/sms/sessions?state=sleeping');
    expect(bad.status).toBe(400);
  });

  it('hides sessions of another institution', async () => {
    const other = await makeLocker(server, { simulate: false, evses: 1 });
    const staff = await makeStaff(server.database.db, 'institution_admin', other.institutionId);
    const client = await loginClient(server.baseUrl, staff.email, staff.password);
    expect((await client.get(`/api/v1/sms/sessions/${smsSessionId}`)).status).toBe(404);
    expect((await client.get('/api/v1/sms/sessions')).body).toEqual([]);
  });
});
