/**
 * Phone-number retention on a real database: a settled SMS session older than the retention period
 * loses its number (same pseudonym for the same number) in the session, its messages and its
 * carrier charge; unsettled and fresh ones keep it; service numbers are never touched.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import * as s from '../db/schema.js';
import { DevCarrierBillingAdapter } from '../carrier-billing/dev-adapter.js';
import { makeInstitution, makeStaff, makeStation } from '../../test/support/factories.js';
import {
  makeBilledSmsSession,
  makeHalfHourTariff,
  makeSmsSession,
  systemCtx,
} from '../../test/support/sms-billing.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { staffClients, type StaffClients } from '../../test/support/staff-clients.js';
import { loginClient } from '../../test/http/api-client.js';
import { PhoneRetentionService } from './phone-retention.service.js';
import { isPseudonym, pseudonymFor } from './pseudonym.js';

const KEY = 'retention-test-key-0123456789';
const DAY = 86_400_000;

let server: TestServer;
let institutionId: string;
let station: typeof s.stations.$inferSelect;
let chargePoints: (typeof s.chargePoints.$inferSelect)[];
let staff: StaffClients;
let serviceNumber: string;
let creditNoteId: string;
let next = 0;
const db = () => server.database.db;

const expectedPseudonym = (phone: string) =>
  `p-${createHmac('sha256', KEY).update(phone).digest('hex').slice(0, 32)}`;
const phone = () => `49172${String(Math.floor(1e6 + Math.random() * 9e6))}`;

beforeAll(async () => {
  server = await startTestServer({
    privacy: { ...loadConfig({}).privacy, phoneRetentionDays: 30, phonePseudonymKey: KEY },
  });
  await server.fachwerk.services.carrierBilling.stop();
  server.fachwerk.services.carrierBilling.useAdapter(new DevCarrierBillingAdapter());
  const institution = await makeInstitution(db());
  institutionId = institution.id;
  await makeHalfHourTariff(db(), institutionId, 50);
  ({ station, chargePoints } = await makeStation(db(), { institutionId, kind: 'locker', evses: 30 }));
  staff = await staffClients(server, institutionId);
  serviceNumber = `8${String(Math.floor(1e5 + Math.random() * 9e5))}`;
  await db().insert(s.smsNumbers).values({ institutionId, number: serviceNumber });
  const [document] = await db()
    .insert(s.documents)
    .values({
      institutionId,
      kind: 'credit_note',
      number: 'GS-2026-000099',
      periodStart: new Date('2026-06-01T00:00:00Z'),
      issuedAt: new Date(),
      issuer: {},
      recipient: {},
      netCents: 0,
      vatCents: 0,
      grossCents: 0,
      pdf: Buffer.from('%PDF-1.4\n%%EOF\n'),
      createdBy: 'test',
    })
    .returning();
  creditNoteId = document!.id;
});

afterAll(async () => {
  await server.close();
});

/** An SMS session `daysAgo` old with an inbound and an outbound message; its charge `charged` or left pending. */
async function smsSession(number: string, daysAgo: number, settle: 'credited' | 'charged' | 'pending') {
  const cp = chargePoints[next++ % chargePoints.length]!;
  const startedAt = new Date(Date.now() - daysAgo * DAY);
  const billed = await makeBilledSmsSession(server, {
    institutionId,
    stationId: station.id,
    chargePointId: cp.id,
    evseId: cp.evseId,
    startedAt,
    minutes: 40,
    phone: number,
    serviceNumber,
  });
  if (settle !== 'pending') {
    await db()
      .update(s.carrierCharges)
      .set({
        status: 'charged',
        settledAt: startedAt,
        creditNoteId: settle === 'credited' ? creditNoteId : null,
      })
      .where(eq(s.carrierCharges.id, billed.charge!.id));
  }
  for (const direction of ['inbound', 'outbound'] as const) {
    await db()
      .insert(s.smsMessages)
      .values({
        institutionId,
        direction,
        provider: 'log',
        providerMessageId: randomBytes(6).toString('hex'),
        fromNumber: direction === 'inbound' ? number : serviceNumber,
        toNumber: direction === 'inbound' ? serviceNumber : number,
        text: direction === 'inbound' ? cp.shortName : 'Ladefach gestartet',
        status: direction === 'inbound' ? 'handled' : 'sent',
        smsSessionId: billed.sms.id,
        createdAt: startedAt,
      });
  }
  return billed;
}

async function stored(smsSessionId: string) {
  const [session] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, smsSessionId));
  const messages = await db()
    .select()
    .from(s.smsMessages)
    .where(eq(s.smsMessages.smsSessionId, smsSessionId));
  const [charge] = await db()
    .select()
    .from(s.carrierCharges)
    .where(eq(s.carrierCharges.smsSessionId, smsSessionId));
  return { session: session!, messages, charge: charge! };
}

describe('phone retention', () => {
  it('pseudonymises a settled old session everywhere, the same pseudonym for the same number', async () => {
    const number = phone();
    const first = await smsSession(number, 100, 'credited');
    const second = await smsSession(number, 60, 'credited');
    const unsettled = await smsSession(number, 100, 'charged');
    const pending = await smsSession(phone(), 100, 'pending');
    const fresh = await smsSession(phone(), 5, 'credited');
    const neverStarted = await makeSmsSession(db(), {
      institutionId,
      stationId: station.id,
      chargePointId: chargePoints[0]!.id,
      evseId: 1,
      phone: number,
      state: 'failed',
      createdAt: new Date(Date.now() - 45 * DAY),
    });

    const result = await server.fachwerk.services.carrierBilling.privacy.apply(
      systemCtx(server),
      institutionId,
    );
    expect(result).toMatchObject({ mode: 'pseudonym', smsSessions: 3, smsMessages: 4, carrierCharges: 2 });

    const pseudonym = expectedPseudonym(number);
    expect(pseudonym).toBe(pseudonymFor(number, KEY));
    for (const billed of [first, second]) {
      const { session, messages, charge } = await stored(billed.sms.id);
      expect(session.phone).toBe(pseudonym);
      expect(session.pseudonymisedAt).toBeInstanceOf(Date);
      expect(charge.phone).toBe(pseudonym);
      expect(charge.pseudonymisedAt).toBeInstanceOf(Date);
      const inbound = messages.find((m) => m.direction === 'inbound')!;
      const outbound = messages.find((m) => m.direction === 'outbound')!;
      expect([inbound.fromNumber, inbound.toNumber]).toEqual([pseudonym, serviceNumber]);
      expect([outbound.fromNumber, outbound.toNumber]).toEqual([serviceNumber, pseudonym]);
      expect(messages.every((m) => m.pseudonymisedAt !== null)).toBe(true);
    }
    const [failed] = await db().select().from(s.smsSessions).where(eq(s.smsSessions.id, neverStarted.id));
    expect(failed!.phone).toBe(pseudonym);

    // Not on a credit note yet, still pending, or too recent: the number stays.
    for (const billed of [unsettled, pending, fresh]) {
      const { session, messages, charge } = await stored(billed.sms.id);
      expect(session.phone).toBe(billed.sms.phone);
      expect(session.pseudonymisedAt).toBeNull();
      expect(charge.phone).toBe(billed.sms.phone);
      expect(messages.some((m) => m.fromNumber === billed.sms.phone)).toBe(true);
    }
    // The institution's service number is never touched.
    const [own] = await db().select().from(s.smsNumbers).where(eq(s.smsNumbers.number, serviceNumber));
    expect(own?.institutionId).toBe(institutionId);

    // A second run finds nothing left.
    const again = await server.fachwerk.services.carrierBilling.privacy.apply(
      systemCtx(server),
      institutionId,
    );
    expect(again).toMatchObject({ smsSessions: 0, smsMessages: 0, carrierCharges: 0 });
  });

  it('pseudonymises old messages that belong to no session, and keeps fresh ones', async () => {
    const number = phone();
    const message = async (daysAgo: number) => {
      const [row] = await db()
        .insert(s.smsMessages)
        .values({
          institutionId,
          direction: 'inbound',
          provider: 'log',
          providerMessageId: randomBytes(6).toString('hex'),
          fromNumber: number,
          toNumber: serviceNumber,
          text: 'HILFE',
          status: 'handled',
          createdAt: new Date(Date.now() - daysAgo * DAY),
        })
        .returning();
      return row!;
    };
    const old = await message(40);
    const recent = await message(2);
    await server.fachwerk.services.carrierBilling.privacy.apply(systemCtx(server), institutionId);
    const [oldRow] = await db().select().from(s.smsMessages).where(eq(s.smsMessages.id, old.id));
    const [recentRow] = await db().select().from(s.smsMessages).where(eq(s.smsMessages.id, recent.id));
    expect([oldRow!.fromNumber, oldRow!.toNumber]).toEqual([expectedPseudonym(number), serviceNumber]);
    expect(recentRow!.fromNumber).toBe(number);
  });

  it('erases the number when no pseudonym key is configured', async () => {
    const deps = server.fachwerk.services.deps;
    const eraser = new PhoneRetentionService({
      ...deps,
      config: { ...deps.config, privacy: { phoneRetentionDays: 30, phonePseudonymKey: undefined } },
    });
    const billed = await smsSession(phone(), 90, 'credited');
    const result = await eraser.apply(systemCtx(server), institutionId);
    expect(result.mode).toBe('erase');
    const { session, charge, messages } = await stored(billed.sms.id);
    expect([session.phone, charge.phone]).toEqual(['erased', 'erased']);
    expect(messages.map((m) => (m.direction === 'inbound' ? m.fromNumber : m.toNumber))).toEqual([
      'erased',
      'erased',
    ]);
    expect(isPseudonym(session.phone)).toBe(true);
  });

  it('runs on demand for the institution (audited), never for another one', async () => {
    const billed = await smsSession(phone(), 80, 'credited');
    expect((await staff.technician.post('/api/v1/privacy/phone-retention/run', {})).status).toBe(403);
    const run = await staff.accountant.post('/api/v1/privacy/phone-retention/run', {});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ mode: 'pseudonym', institutionId, smsSessions: 1, carrierCharges: 1 });
    expect((await stored(billed.sms.id)).session.phone).toMatch(/^p-[0-9a-f]{32}$/);
    const [audit] = await db()
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.action, 'privacy.phone_retention_run'),
          eq(s.auditLog.institutionId, institutionId),
        ),
      );
    expect(audit?.details).toMatchObject({ smsSessions: 1 });

    const other = await makeInstitution(db());
    const otherAdmin = await makeStaff(db(), 'institution_admin', other.id);
    const client = await loginClient(server.baseUrl, otherAdmin.email, otherAdmin.password);
    const refused = await client.post('/api/v1/privacy/phone-retention/run', { institutionId });
    expect(refused.status).toBe(404);

    const platformAdmin = await makeStaff(db(), 'platform_admin', null);
    const platform = await loginClient(server.baseUrl, platformAdmin.email, platformAdmin.password);
    const all = await platform.post('/api/v1/privacy/phone-retention/run', {});
    expect(all.status).toBe(200);
    expect(all.body.institutionId).toBeNull();
  });
});
