/**
 * SMS sessions and their billing straight into the database, for tests of carrier billing, credit
 * notes and privacy that do not need the SMS flow: a tariff, an SMS session, and a completed OCPP
 * session it started, priced and booked by the real billing service.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { systemActor, type Ctx } from '../../src/shared/context.js';
import type { TestServer } from './server.js';

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

/** EUR `priceCents` per started 30 minutes (gross, 19 % VAT) for every charge point of the institution. */
export async function makeHalfHourTariff(db: Db, institutionId: string, priceCents = 50) {
  const [tariff] = await db
    .insert(s.tariffs)
    .values({
      institutionId,
      name: 'Ladefach',
      definition: { elements: [{ time: { priceCents, stepMinutes: 30 } }] },
    })
    .returning();
  await db
    .insert(s.tariffAssignments)
    .values({ institutionId, targetKind: 'institution', targetId: institutionId, tariffId: tariff!.id });
  return tariff!;
}

export interface SmsSessionInput {
  institutionId: string;
  stationId: string;
  chargePointId: string;
  evseId: number;
  phone?: string;
  pin?: string;
  state?: s.SmsSessionState;
  createdAt?: Date;
  endedAt?: Date | null;
  serviceNumber?: string;
}

export async function makeSmsSession(db: Db, input: SmsSessionInput) {
  const [row] = await db
    .insert(s.smsSessions)
    .values({
      institutionId: input.institutionId,
      stationId: input.stationId,
      chargePointId: input.chargePointId,
      evseId: input.evseId,
      serviceNumber: input.serviceNumber ?? '841122',
      phone: input.phone ?? `49171${digits(7)}`,
      language: 'de',
      receiptPin: input.pin ?? digits(6),
      receiptToken: randomBytes(16).toString('base64url'),
      state: input.state ?? 'starting',
      ...(input.createdAt === undefined ? {} : { createdAt: input.createdAt }),
      endedAt: input.endedAt ?? null,
    })
    .returning();
  return row!;
}

export const systemCtx = (server: TestServer): Ctx => ({
  actor: systemActor('test'),
  now: () => new Date(),
  log: server.fachwerk.services.deps.log,
});

/**
 * An SMS session that became a completed OCPP session of `minutes` starting at `startedAt`, priced and
 * booked by BillingService (the same freeze as a StopTransaction). Returns the rows.
 */
export async function makeBilledSmsSession(
  server: TestServer,
  input: SmsSessionInput & { startedAt: Date; minutes: number },
) {
  const db = server.database.db;
  const stoppedAt = new Date(input.startedAt.getTime() + input.minutes * 60_000);
  const sms = await makeSmsSession(db, {
    state: 'completed',
    createdAt: input.startedAt,
    endedAt: stoppedAt,
    ...input,
  });
  const [session] = await db
    .insert(s.sessions)
    .values({
      institutionId: input.institutionId,
      stationId: input.stationId,
      chargePointId: input.chargePointId,
      evseId: input.evseId,
      transactionId: `sms-${randomBytes(6).toString('hex')}`,
      ocppVersion: 'ocpp1.6',
      idTag: sms.receiptPin,
      authorizationStatus: 'Accepted',
      authorizationReason: 'receipt_pin',
      smsSessionId: sms.id,
      status: 'completed',
      startedAt: input.startedAt,
      stoppedAt,
    })
    .returning();
  await db.update(s.smsSessions).set({ sessionId: session!.id }).where(eq(s.smsSessions.id, sms.id));
  const { record } = await server.fachwerk.services.billing.priceSession(systemCtx(server), session!.id);
  const [charge] = await db
    .select()
    .from(s.carrierCharges)
    .where(eq(s.carrierCharges.chargeRecordId, record.id));
  return { sms: { ...sms, sessionId: session!.id }, session: session!, record, charge };
}
