import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import * as s from '../db/schema.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { apiClient, loginClient, type ApiClient } from '../../test/http/api-client.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import type { InboundSmsHandler, StoredInboundSms } from './sms.js';

const ACME_TOKEN = 'acme-inbound-token-0123456789';
const OTHER_TOKEN = 'other-inbound-token-0123456789';

let server: TestServer;
let institutionId: string;
let serviceNumber: string;
let staff: StaffClients;
let platform: ApiClient;
const handled: StoredInboundSms[] = [];

/** Stands in for the flow: records what the gateway hands over. */
const handler: InboundSmsHandler = {
  async handleInbound(_ctx: Ctx, message: StoredInboundSms) {
    handled.push(message);
  },
};

beforeAll(async () => {
  const defaults = loadConfig({});
  server = await startTestServer({
    sms: {
      ...defaults.sms,
      inboundTokens: new Map([
        ['acme', ACME_TOKEN],
        ['other', OTHER_TOKEN],
      ]),
    },
  });
  server.fachwerk.services.smsGateway.setHandler(handler);
  const db = server.database.db;
  institutionId = (await makeInstitution(db)).id;
  serviceNumber = `49151${String(Date.now()).slice(-8)}`;
  await db.insert(s.smsNumbers).values({ institutionId, number: serviceNumber, label: 'Haupt' });
  staff = await staffClients(server, institutionId);
  const admin = await makeStaff(db, 'platform_admin', null);
  platform = await loginClient(server.baseUrl, admin.email, admin.password);
});
afterAll(async () => {
  await server?.close();
});

const webhook = (token: string | undefined, body: unknown, raw?: string) =>
  fetch(`${server.baseUrl}/api/v1/sms/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: raw ?? JSON.stringify(body),
  });

const sms = (overrides: Record<string, unknown> = {}) => ({
  from: '+49 171 2345678',
  to: serviceNumber,
  text: 'P20-07',
  id: randomUUID(),
  ...overrides,
});

const idle = () => server.fachwerk.services.smsGateway.idle();

describe('POST /sms/inbound', () => {
  it('stores the SMS, answers its id and hands it to the flow once, even when delivered again', async () => {
    const body = sms({ receivedAt: '2025-03-01T10:00:00Z' });
    const first = await webhook(ACME_TOKEN, body);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { id: string; duplicate: boolean };
    expect(answer.duplicate).toBe(false);
    const again = await webhook(ACME_TOKEN, body);
    expect(await again.json()).toEqual({ id: answer.id, duplicate: true });
    await idle();
    expect(handled.filter((m) => m.id === answer.id)).toHaveLength(1);
    const [row] = await server.database.db
      .select()
      .from(s.smsMessages)
      .where(eq(s.smsMessages.id, answer.id));
    expect(row).toMatchObject({
      provider: 'acme',
      providerMessageId: body.id,
      fromNumber: '491712345678',
      toNumber: serviceNumber,
      institutionId,
      status: 'handled',
      receivedAt: new Date('2025-03-01T10:00:00Z'),
    });
  });

  it('keeps message ids apart per provider', async () => {
    const body = sms();
    const acme = (await (await webhook(ACME_TOKEN, body)).json()) as { id: string };
    const other = (await (await webhook(OTHER_TOKEN, body)).json()) as { id: string; duplicate: boolean };
    expect(other.duplicate).toBe(false);
    expect(other.id).not.toBe(acme.id);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'not-a-configured-token-at-all'],
    ['a token differing in one character', `${ACME_TOKEN.slice(0, -1)}X`],
  ])('answers 401 problem+json to %s, before looking at the body', async (_label, token) => {
    const response = await webhook(token, { nonsense: true });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
  });

  it('answers 401 to a staff API session cookie (only provider tokens count)', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: staff.admin.cookie! },
      body: JSON.stringify(sms()),
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a missing text', { text: undefined }],
    ['an empty text', { text: '' }],
    ['a text longer than 1600 characters', { text: 'x'.repeat(1601) }],
    ['a sender that is no number', { from: 'Vodafone' }],
    ['a missing id', { id: undefined }],
    ['a bad receivedAt', { receivedAt: 'yesterday' }],
  ])('answers 400 to %s', async (_label, overrides) => {
    const response = await webhook(ACME_TOKEN, sms(overrides));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('validation_failed');
  });

  it('answers 400 to broken JSON and 413 to an oversized body', async () => {
    expect((await webhook(ACME_TOKEN, undefined, '{"from":')).status).toBe(400);
    const huge = await webhook(ACME_TOKEN, sms({ padding: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
  });

  it('answers 422 to a number the schema lets through but no phone can have', async () => {
    const response = await webhook(ACME_TOKEN, sms({ from: '+49 171 1234 5678 9012 34' }));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/sender/);
  });
});

describe('the SMS log', () => {
  let messageId: string;
  beforeAll(async () => {
    const answer = await webhook(ACME_TOKEN, sms({ from: '+49 171 9876543', text: 'HILFE' }));
    messageId = ((await answer.json()) as { id: string }).id;
    await idle();
  });

  it('masks the person’s number for technicians but never the service number', async () => {
    const list = await staff.technician.get('/api/v1/sms/messages?direction=inbound');
    expect(list.status).toBe(200);
    const found = list.body.find((m: { id: string }) => m.id === messageId);
    expect(found).toMatchObject({
      from: '+49 171 ••••543',
      to: serviceNumber,
      phoneMasked: true,
      text: 'HILFE',
    });
    expect(JSON.stringify(list.body)).not.toContain('4917198765');
    const one = await staff.technician.get(`/api/v1/sms/messages/${messageId}`);
    expect(one.body).toMatchObject({ from: '+49 171 ••••543', phoneMasked: true });
  });

  it.each(['accountant', 'admin'] as const)('shows the full number to the %s', async (role) => {
    const one = await staff[role].get(`/api/v1/sms/messages/${messageId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ from: '491719876543', phoneMasked: false });
  });

  it('masks the recipient of outbound messages', async () => {
    const { id } = await server.fachwerk.services.smsGateway.send(
      { actor: systemActor('test'), now: () => new Date(), log: server.fachwerk.services.deps.log },
      {
        institutionId,
        from: serviceNumber,
        to: '491719876543',
        text: 'Hilfe: Ladefach-Namen senden.',
        language: 'de',
        kind: 'reply',
        inReplyToId: messageId,
      },
    );
    await idle();
    const one = await staff.technician.get(`/api/v1/sms/messages/${id}`);
    expect(one.body).toMatchObject({
      from: serviceNumber,
      to: '+49 171 ••••543',
      status: 'sent',
      segments: 1,
    });
  });

  it('hides receipt PINs in outbound texts from everyone but admins', async () => {
    const { id } = await server.fachwerk.services.smsGateway.send(
      { actor: systemActor('test'), now: () => new Date(), log: server.fachwerk.services.deps.log },
      {
        institutionId,
        from: serviceNumber,
        to: '491719876543',
        text: 'P20-07 lädt. Quittungs-PIN 482913. 0,50 € je 30 Min.',
        language: 'de',
        kind: 'confirmation',
      },
    );
    await idle();
    for (const role of ['technician', 'accountant'] as const) {
      const one = await staff[role].get(`/api/v1/sms/messages/${id}`);
      expect(one.body.text).toBe('P20-07 lädt. Quittungs-PIN ••••••. 0,50 € je 30 Min.');
    }
    expect((await staff.admin.get(`/api/v1/sms/messages/${id}`)).body.text).toContain('482913');
  });

  it('filters by phone only for roles that see phone numbers', async () => {
    expect((await staff.technician.get('/api/v1/sms/messages?phone=01719876543')).status).toBe(403);
    const found = await staff.accountant.get('/api/v1/sms/messages?phone=01719876543');
    expect(found.status).toBe(200);
    expect(found.body.length).toBeGreaterThanOrEqual(2);
    for (const m of found.body) expect([m.from, m.to]).toContain('491719876543');
  });

  it('filters by direction and status', async () => {
    const sent = await staff.admin.get('/api/v1/sms/messages?direction=outbound&status=sent');
    expect(sent.body.length).toBeGreaterThan(0);
    for (const m of sent.body) expect(m).toMatchObject({ direction: 'outbound', status: 'sent' });
  });

  it('shows a message to a number nobody owns only to the platform', async () => {
    const answer = await webhook(ACME_TOKEN, sms({ to: '4930555000111' }));
    const { id } = (await answer.json()) as { id: string };
    expect((await staff.admin.get(`/api/v1/sms/messages/${id}`)).status).toBe(404);
    expect((await platform.get(`/api/v1/sms/messages/${id}`)).body).toMatchObject({ institutionId: null });
  });
});

describe('numbers', () => {
  it('registers a number normalised, refuses it twice, relabels, deactivates and deletes it (audited)', async () => {
    const created = await staff.admin.post('/api/v1/sms/numbers', {
      number: '+49 160 5550001',
      label: 'Werkstatt',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: '491605550001',
      label: 'Werkstatt',
      active: true,
      institutionId,
    });
    const again = await staff.admin.post('/api/v1/sms/numbers', { number: '0049 160 5550001' });
    expect(again.status).toBe(409);
    const patched = await staff.admin.patch(`/api/v1/sms/numbers/${created.body.id}`, {
      active: false,
      label: null,
    });
    expect(patched.body).toMatchObject({ active: false, label: null });
    const list = await staff.technician.get('/api/v1/sms/numbers');
    expect(list.body.map((n: { number: string }) => n.number)).toEqual(
      expect.arrayContaining([serviceNumber, '491605550001']),
    );
    expect((await staff.admin.delete(`/api/v1/sms/numbers/${created.body.id}`)).status).toBe(204);
    expect((await staff.admin.get(`/api/v1/sms/numbers/${created.body.id}`)).status).toBe(404);
    const audit = await server.database.db
      .select({ action: s.auditLog.action })
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.institutionId, institutionId),
          eq(s.auditLog.target, `sms_number:${created.body.id}`),
        ),
      );
    expect(audit.map((a) => a.action).sort()).toEqual([
      'sms_number.created',
      'sms_number.deleted',
      'sms_number.updated',
    ]);
  });

  it('refuses to delete a number while an open SMS session uses it', async () => {
    const db = server.database.db;
    const number = await staff.admin.post('/api/v1/sms/numbers', { number: '491605550002' });
    const { station, chargePoints } = await makeStation(db, { institutionId, evses: 1 });
    await db.insert(s.smsSessions).values({
      institutionId,
      stationId: station.id,
      chargePointId: chargePoints[0]!.id,
      evseId: 1,
      serviceNumber: '491605550002',
      phone: '491711111111',
      language: 'de',
      receiptPin: '123456',
      receiptToken: randomUUID(),
      state: 'active',
    });
    const refused = await staff.admin.delete(`/api/v1/sms/numbers/${number.body.id}`);
    expect(refused.status).toBe(409);
    expect((await staff.admin.get(`/api/v1/sms/numbers/${number.body.id}`)).status).toBe(200);
  });

  it('lets only admins manage numbers, and the platform name the institution', async () => {
    expect((await staff.technician.post('/api/v1/sms/numbers', { number: '491605550003' })).status).toBe(403);
    expect((await staff.accountant.post('/api/v1/sms/numbers', { number: '491605550003' })).status).toBe(403);
    expect((await platform.post('/api/v1/sms/numbers', { number: '491605550003' })).status).toBe(403);
    const made = await platform.post('/api/v1/sms/numbers', { number: '491605550003', institutionId });
    expect(made.status).toBe(201);
    expect(made.body.institutionId).toBe(institutionId);
  });

  it('answers 422 to a number that is none', async () => {
    expect((await staff.admin.post('/api/v1/sms/numbers', { number: '0049 1234 5678 9012 34' })).status).toBe(
      422,
    );
  });
});

describe('POST /sms/test-inbound', () => {
  it('lets an admin simulate an SMS to the institution’s number; the flow gets it', async () => {
    const response = await staff.admin.post('/api/v1/sms/test-inbound', {
      from: '0171 5554444',
      to: serviceNumber,
      text: 'STATUS P20-07',
    });
    expect(response.status).toBe(200);
    await idle();
    const message = handled.find((m) => m.id === response.body.id);
    expect(message).toMatchObject({
      provider: 'portal',
      from: '491715554444',
      institutionId,
      text: 'STATUS P20-07',
    });
  });

  it('refuses a number of another institution and technicians', async () => {
    const other = await makeInstitution(server.database.db);
    await server.database.db.insert(s.smsNumbers).values({ institutionId: other.id, number: '491605559999' });
    const foreign = await staff.admin.post('/api/v1/sms/test-inbound', {
      from: '491715554444',
      to: '491605559999',
      text: 'P20-07',
    });
    expect(foreign.status).toBe(404);
    const technician = await staff.technician.post('/api/v1/sms/test-inbound', {
      from: '491715554444',
      to: serviceNumber,
      text: 'P20-07',
    });
    expect(technician.status).toBe(403);
  });

  it('needs a logged-in staff member', async () => {
    const anonymous = apiClient(server.baseUrl);
    expect(
      (
        await anonymous.post('/api/v1/sms/test-inbound', {
          from: '491715554444',
          to: serviceNumber,
          text: 'x',
        })
      ).status,
    ).toBe(401);
  });
});
