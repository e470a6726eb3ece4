/** Over HTTP: the audit trail newest first, filtered by action and time, with the actors' names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStaff } from '../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { loginClient, type ApiClient } from '../../test/http/api-client.js';

let server: TestServer;
let admin: ApiClient;
let technician: ApiClient;
let strangerAdmin: ApiClient;
let adminId: string;

const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
  const own = await makeInstitution(db());
  const other = await makeInstitution(db());
  const madeAdmin = await makeStaff(db(), 'institution_admin', own.id);
  adminId = madeAdmin.staff.id;
  admin = await loginClient(server.baseUrl, madeAdmin.email, madeAdmin.password);
  const madeTechnician = await makeStaff(db(), 'service_technician', own.id);
  technician = await loginClient(server.baseUrl, madeTechnician.email, madeTechnician.password);
  const stranger = await makeStaff(db(), 'institution_admin', other.id);
  strangerAdmin = await loginClient(server.baseUrl, stranger.email, stranger.password);

  const row = (action: string, at: string, actor: string, institutionId = own.id) => ({
    institutionId,
    actor,
    action,
    target: 'charge_point:x',
    details: { reason: 'Akku vergessen' },
    at: new Date(at),
  });
  await db()
    .insert(s.auditLog)
    .values([
      row('charge_point.unlocked', '2025-03-01T10:00:00Z', `staff:${madeTechnician.staff.id}`),
      row('charge_point.renamed', '2025-03-02T10:00:00Z', `staff:${adminId}`),
      row('charge_pointx.other', '2025-03-03T10:00:00Z', 'system:test'),
      row('tariff.updated', '2025-03-04T10:00:00Z', `station:${own.id}`),
      row('charge_point.unlocked', '2025-03-05T10:00:00Z', `staff:${stranger.staff.id}`, other.id),
    ]);
});

afterAll(async () => {
  await server?.close();
});

const actions = (body: Array<{ action: string }>) => body.map((e) => e.action);

describe('GET /api/v1/audit-log', () => {
  it('lists newest first with who did it by name, never another institution', async () => {
    const response = await admin.get('/api/v1/audit-log');
    expect(response.status).toBe(200);
    expect(actions(response.body)).toEqual([
      'tariff.updated',
      'charge_pointx.other',
      'charge_point.renamed',
      'charge_point.unlocked',
    ]);
    expect(response.body.map((e: { actorName: string | null }) => e.actorName)).toEqual([
      null,
      null,
      'institution_admin',
      'service_technician',
    ]);
    expect(response.body[3].details).toEqual({ reason: 'Akku vergessen' });
  });

  it.each([
    ['an exact action', 'action=charge_point.unlocked', ['charge_point.unlocked']],
    ['a context, not a look-alike', 'action=charge_point', ['charge_point.renamed', 'charge_point.unlocked']],
    ['a context with its dot', 'action=charge_point.', ['charge_point.renamed', 'charge_point.unlocked']],
    [
      'a time range',
      'from=2025-03-02T00:00:00Z&to=2025-03-04T00:00:00Z',
      ['charge_pointx.other', 'charge_point.renamed'],
    ],
    ['action and time together', 'action=charge_point&from=2025-03-02T00:00:00Z', ['charge_point.renamed']],
  ])('filters by %s', async (_name, query, expected) => {
    const response = await admin.get(`/api/v1/audit-log?${query}`);
    expect(response.status).toBe(200);
    expect(actions(response.body)).toEqual(expected);
  });

  it('pages with beforeId', async () => {
    const first = await admin.get('/api/v1/audit-log?limit=2');
    const next = await admin.get(`/api/v1/audit-log?limit=2&beforeId=${first.body[1].id}`);
    expect(actions(next.body)).toEqual(['charge_point.renamed', 'charge_point.unlocked']);
  });

  it('refuses a malformed action and a technician', async () => {
    expect((await admin.get('/api/v1/audit-log?action=a%25b')).status).toBe(400);
    expect((await technician.get('/api/v1/audit-log')).status).toBe(403);
    expect(actions((await strangerAdmin.get('/api/v1/audit-log')).body)).toEqual(['charge_point.unlocked']);
  });
});
