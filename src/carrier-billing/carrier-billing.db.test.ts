/**
 * Carrier billing on a real database: an SMS session is booked to the phone with one outbox charge;
 * the worker charges it once (also with two workers), retries with backoff, records every outcome;
 * the http adapter against a real aggregator on loopback; the carrier-charges API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import { makeBilledSmsSession, makeHalfHourTariff } from '../../test/support/sms-billing.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';
import { loginClient } from '../../test/http/api-client.js';
import type { CarrierChargeOutcome, CarrierChargeRequest } from './carrier-billing-adapter.js';
import { CarrierBillingService } from './carrier-billing.service.js';
import { DevCarrierBillingAdapter } from './dev-adapter.js';
import { HttpCarrierBillingAdapter } from './http-adapter.js';

let server: TestServer;
let institutionId: string;
let station: typeof s.stations.$inferSelect;
let chargePoints: (typeof s.chargePoints.$inferSelect)[];
let staff: StaffClients;
let evse = 0;

const db = () => server.database.db;
const carrier = () => server.fachwerk.services.carrierBilling;

beforeAll(async () => {
  server = await startTestServer();
  // The tests drive the worker round by round; no background rounds in between.
  await carrier().stop();
  const institution = await makeInstitution(db());
  institutionId = institution.id;
  await makeHalfHourTariff(db(), institutionId, 50);
  ({ station, chargePoints } = await makeStation(db(), { institutionId, kind: 'locker', evses: 40 }));
  staff = await staffClients(server, institutionId);
});

afterAll(async () => {
  await server.close();
});

/** A finished SMS session of `minutes`, booked by billing (a pending carrier charge). */
async function billed(minutes = 70, phone?: string) {
  const cp = chargePoints[evse++ % chargePoints.length]!;
  return billedAt(cp, minutes, phone);
}
async function billedAt(cp: (typeof chargePoints)[number], minutes: number, phone?: string) {
  return makeBilledSmsSession(server, {
    institutionId,
    stationId: station.id,
    chargePointId: cp.id,
    evseId: cp.evseId,
    startedAt: new Date(Date.now() - (minutes + 5) * 60_000),
    minutes,
    ...(phone === undefined ? {} : { phone }),
  });
}

async function chargeRow(id: string) {
  const [row] = await db().select().from(s.carrierCharges).where(eq(s.carrierCharges.id, id));
  return row!;
}

/** Makes every pending charge due now (instead of waiting out the backoff). */
async function makeDue(id: string) {
  await db()
    .update(s.carrierCharges)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(eq(s.carrierCharges.id, id));
}

/** Runs rounds until nothing is due. */
async function drain(service: CarrierBillingService = carrier()) {
  while ((await service.runOnce()) > 0);
}

describe('booking an SMS session', () => {
  it('books it carrier, to no payer account, with exactly one pending charge to the phone', async () => {
    const { record, charge, sms } = await billed(70, '4917155501234');
    expect(record).toMatchObject({
      booking: 'carrier',
      strategyKind: 'carrier',
      accountId: null,
      userId: null,
      totalCents: 150,
    });
    expect(charge).toMatchObject({
      institutionId,
      chargeRecordId: record.id,
      smsSessionId: sms.id,
      phone: '4917155501234',
      amountCents: 150,
      currency: 'EUR',
      status: 'pending',
      attempts: 0,
    });
    expect(charge!.nextAttemptAt).toBeInstanceOf(Date);
    // Pricing the session again finds the record and books nothing twice.
    const again = await staff.accountant.post(`/api/v1/sessions/${record.sessionId}/charge-record`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(record.id);
    const charges = await db()
      .select()
      .from(s.carrierCharges)
      .where(eq(s.carrierCharges.smsSessionId, sms.id));
    expect(charges).toHaveLength(1);
  });

  it('waives a session that costs nothing: never sent to the carrier', async () => {
    const free = await makeInstitution(db());
    await makeHalfHourTariff(db(), free.id, 0);
    const { station: st, chargePoints: cps } = await makeStation(db(), { institutionId: free.id, evses: 1 });
    const { record, charge } = await makeBilledSmsSession(server, {
      institutionId: free.id,
      stationId: st.id,
      chargePointId: cps[0]!.id,
      evseId: 1,
      startedAt: new Date(Date.now() - 3_600_000),
      minutes: 40,
    });
    expect(record).toMatchObject({ booking: 'carrier', totalCents: 0 });
    expect(charge).toMatchObject({ status: 'waived', amountCents: 0, nextAttemptAt: null });
    expect(charge!.settledAt).toBeInstanceOf(Date);
    const adapter = new DevCarrierBillingAdapter();
    carrier().useAdapter(adapter);
    await drain();
    expect(adapter.requests.filter((r) => r.idempotencyKey === charge!.id)).toEqual([]);
  });

  it('books a session at a free station free, with no carrier charge', async () => {
    const { station: st, chargePoints: cps } = await makeStation(db(), {
      institutionId,
      evses: 1,
      authorizationMode: 'free',
    });
    const { record, charge } = await makeBilledSmsSession(server, {
      institutionId,
      stationId: st.id,
      chargePointId: cps[0]!.id,
      evseId: 1,
      startedAt: new Date(Date.now() - 3_600_000),
      minutes: 40,
    });
    expect(record).toMatchObject({ booking: 'free', totalCents: 0 });
    expect(charge).toBeUndefined();
  });

  it('refuses a second carrier charge for the same record (the unique index is the backstop)', async () => {
    const { record, charge } = await billed(30);
    await expect(
      db()
        .insert(s.carrierCharges)
        .values({ ...charge!, id: undefined, status: 'pending' }),
    ).rejects.toThrow();
    const rows = await db()
      .select()
      .from(s.carrierCharges)
      .where(eq(s.carrierCharges.chargeRecordId, record.id));
    expect(rows).toHaveLength(1);
  });
});

describe('the outbox worker', () => {
  it('charges a pending charge once and records the outcome', async () => {
    const adapter = new DevCarrierBillingAdapter();
    carrier().useAdapter(adapter);
    const { charge } = await billed(70);
    await drain();
    const row = await chargeRow(charge!.id);
    expect(row).toMatchObject({
      status: 'charged',
      adapter: 'dev',
      attempts: 1,
      error: null,
      nextAttemptAt: null,
    });
    expect(row.providerReference).toMatch(/^dev-[0-9a-f]{16}$/);
    expect(row.settledAt).toBeInstanceOf(Date);
    const sent = adapter.requests.filter((r) => r.idempotencyKey === charge!.id);
    expect(sent).toEqual([
      expect.objectContaining({ phone: charge!.phone, amountCents: 150, currency: 'EUR', institutionId }),
    ]);
    expect(sent[0]!.description).toMatch(/^Laden \S+-\d\d \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    await drain();
    expect(adapter.requests.filter((r) => r.idempotencyKey === charge!.id)).toHaveLength(1);
  });

  it('is kicked by a stopped session and charges without being asked', async () => {
    const adapter = new DevCarrierBillingAdapter();
    const worker = new CarrierBillingService(server.fachwerk.services.deps, {
      adapter,
      pollIntervalMs: 60_000,
    });
    const { charge } = await billed(20);
    worker.start();
    try {
      server.fachwerk.services.deps.live.publish({
        type: 'session.stopped',
        institutionId,
        stationId: station.id,
        sessionId: charge!.chargeRecordId,
        energyWh: 0,
      });
      const deadline = Date.now() + 5_000;
      while ((await chargeRow(charge!.id)).status !== 'charged') {
        if (Date.now() > deadline) throw new Error('not charged in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop();
    }
    expect(adapter.requests.map((r) => r.idempotencyKey)).toContain(charge!.id);
  });

  it('charges every row exactly once with two workers running at the same time', async () => {
    const calls: string[] = [];
    const counting = {
      name: 'dev',
      async charge(request: CarrierChargeRequest): Promise<CarrierChargeOutcome> {
        calls.push(request.idempotencyKey);
        // Let the other worker run while this attempt is "in flight".
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { kind: 'charged', reference: `ref-${request.idempotencyKey}` };
      },
    };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await billed(10 + i)).charge!.id);
    const deps = server.fachwerk.services.deps;
    const one = new CarrierBillingService(deps, { adapter: counting, batchSize: 2 });
    const two = new CarrierBillingService(deps, { adapter: counting, batchSize: 3 });
    await Promise.all([drain(one), drain(two)]);
    for (const id of ids)
      expect(
        calls.filter((c) => c === id),
        id,
      ).toHaveLength(1);
    const rows = await Promise.all(ids.map(chargeRow));
    expect(rows.every((r) => r.status === 'charged' && r.attempts === 1)).toBe(true);
  });

  it('retries a retryable failure with backoff and fails a refused charge for good', async () => {
    const flaky = (await billed(30)).charge!;
    const refused = (await billed(30)).charge!;
    let flakyCalls = 0;
    carrier().useAdapter(
      new DevCarrierBillingAdapter({
        decide: (request) => {
          if (request.idempotencyKey === flaky.id && flakyCalls++ === 0)
            return { kind: 'failed', retryable: true, error: 'carrier busy' };
          if (request.idempotencyKey === refused.id)
            return { kind: 'failed', retryable: false, error: 'number barred for premium charges' };
          return undefined;
        },
      }),
    );
    const before = Date.now();
    await drain();
    const pending = await chargeRow(flaky.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, error: 'carrier busy', settledAt: null });
    // The first retry is 30 s later: not due now.
    expect(pending.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 29_000);
    expect(await chargeRow(refused.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'number barred for premium charges',
    });
    expect((await chargeRow(refused.id)).settledAt).toBeInstanceOf(Date);
    await makeDue(flaky.id);
    await drain();
    expect(await chargeRow(flaky.id)).toMatchObject({ status: 'charged', attempts: 2, error: null });
  });

  it('charges through the http adapter once after a 500, with the same idempotency key', async () => {
    const keys: string[] = [];
    const booked = new Map<string, string>();
    let answered = 0;
    const aggregator: Server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const key = request.headers['idempotency-key'] as string;
        keys.push(key);
        if (answered++ === 0) {
          response.writeHead(500).end('temporarily unavailable');
          return;
        }
        if (!booked.has(key)) booked.set(key, `agg-${booked.size + 1}`);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ reference: booked.get(key) }));
      });
    });
    await new Promise<void>((resolve) => aggregator.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(aggregator.address() as AddressInfo).port}/charge`;
      carrier().useAdapter(new HttpCarrierBillingAdapter({ url, token: 'tok', timeoutMs: 2_000 }));
      const { charge } = await billed(45);
      await drain();
      expect(await chargeRow(charge!.id)).toMatchObject({
        status: 'pending',
        adapter: 'http',
        attempts: 1,
        error: 'HTTP 500: temporarily unavailable',
      });
      await makeDue(charge!.id);
      await drain();
      expect(await chargeRow(charge!.id)).toMatchObject({
        status: 'charged',
        attempts: 2,
        providerReference: 'agg-1',
        error: null,
      });
      expect(keys).toEqual([charge!.id, charge!.id]);
      expect(booked.size).toBe(1);
    } finally {
      await new Promise((resolve) => aggregator.close(resolve));
    }
  });
});

describe('the carrier-charges API', () => {
  it('lists and shows charges with filters; technicians see no money', async () => {
    carrier().useAdapter(
      new DevCarrierBillingAdapter({
        decide: () => ({ kind: 'failed', retryable: false, error: 'refused' }),
      }),
    );
    const { charge, sms, record } = await billed(25, '4917166601234');
    await drain();
    const failed = await staff.accountant.get('/api/v1/carrier-charges?status=failed&limit=500');
    expect(failed.status).toBe(200);
    expect(failed.body.map((c: { id: string }) => c.id)).toContain(charge!.id);
    expect(failed.body.every((c: { status: string }) => c.status === 'failed')).toBe(true);
    const one = await staff.admin.get(`/api/v1/carrier-charges/${charge!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: charge!.id,
      smsSessionId: sms.id,
      sessionId: record.sessionId,
      phone: '4917166601234',
      amountCents: 50,
      status: 'failed',
      error: 'refused',
      chargePointName: record.chargePointName,
    });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await staff.admin.get(`/api/v1/carrier-charges?from=${future}`)).body).toEqual([]);
    const upTo = await staff.admin.get(`/api/v1/carrier-charges?to=${future}&limit=1`);
    expect(upTo.body).toHaveLength(1);
    expect((await staff.technician.get('/api/v1/carrier-charges')).status).toBe(403);
    expect((await staff.technician.get(`/api/v1/carrier-charges/${charge!.id}`)).status).toBe(403);
    expect((await staff.admin.get('/api/v1/carrier-charges?status=bogus')).status).toBe(400);
    expect(
      (await staff.admin.get('/api/v1/carrier-charges/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('retries a failed charge on request (audited), and only a failed one', async () => {
    carrier().useAdapter(
      new DevCarrierBillingAdapter({
        decide: () => ({ kind: 'failed', retryable: false, error: 'refused' }),
      }),
    );
    const { charge } = await billed(35);
    await drain();
    expect((await chargeRow(charge!.id)).status).toBe('failed');
    expect((await staff.technician.post(`/api/v1/carrier-charges/${charge!.id}/retry`)).status).toBe(403);
    const retried = await staff.accountant.post(`/api/v1/carrier-charges/${charge!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0, error: 'refused' });
    const [audit] = await db()
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.action, 'carrier_charge.retried'),
          eq(s.auditLog.target, `carrier_charge:${charge!.id}`),
        ),
      );
    expect(audit?.details).toMatchObject({ previousAttempts: 1, previousError: 'refused' });
    carrier().useAdapter(new DevCarrierBillingAdapter());
    await drain();
    expect(await chargeRow(charge!.id)).toMatchObject({ status: 'charged', attempts: 1 });
    const again = await staff.accountant.post(`/api/v1/carrier-charges/${charge!.id}/retry`);
    expect(again.status).toBe(409);
  });

  it("hides another institution's charges", async () => {
    const other = await makeInstitution(db());
    const stranger = await makeStaff(db(), 'institution_admin', other.id);
    const client = await loginClient(server.baseUrl, stranger.email, stranger.password);
    const { charge } = await billed(15);
    expect((await client.get(`/api/v1/carrier-charges/${charge!.id}`)).status).toBe(404);
    expect((await client.post(`/api/v1/carrier-charges/${charge!.id}/retry`)).status).toBe(404);
    expect((await client.get('/api/v1/carrier-charges')).body).toEqual([]);
  });
});
