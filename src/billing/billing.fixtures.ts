/**
 * Test fixtures for billing: a small pricer of its own (billing is tested apart from the pricing
 * engine), payer rows, and services wired like app/services.ts but with that pricer.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import * as s from '../db/schema.js';
import { AuthorizationService } from '../authorization/authorization.service.js';
import { LiveEvents } from '../live/live-events.js';
import type { PricedSession, PricingSubject, SessionPricer } from '../pricing/pricing.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { TariffNotFound } from '../shared/errors.js';
import { WriteBatcher } from '../shared/write-batcher.js';
import { BillingService } from './billing.service.js';
import { splitGross } from '../shared/money.js';

/**
 * Prices with the tariff assigned to the station (tariff_assignments, target 'station'), whose
 * definition is `{ startedHalfHourCents, kwhCents }`; no assignment: TariffNotFound.
 */
export class TestPricer implements SessionPricer {
  /** Every subject asked about, to check what billing hands to pricing. */
  readonly subjects: PricingSubject[] = [];

  async priceSession(tx: Db, subject: PricingSubject): Promise<PricedSession> {
    this.subjects.push(subject);
    const [row] = await tx
      .select({ tariff: s.tariffs })
      .from(s.tariffAssignments)
      .innerJoin(s.tariffs, eq(s.tariffs.id, s.tariffAssignments.tariffId))
      .where(
        and(
          eq(s.tariffAssignments.targetKind, 'station'),
          eq(s.tariffAssignments.targetId, subject.stationId),
        ),
      );
    if (row === undefined) throw new TariffNotFound(subject.chargePointId, subject.stationId);
    const definition = row.tariff.definition as { startedHalfHourCents: number; kwhCents: number };
    const minutes = (subject.stoppedAt.getTime() - subject.startedAt.getTime()) / 60_000;
    const units = Math.max(1, Math.ceil(minutes / 30));
    const lines: PricedSession['lines'] = [
      {
        kind: 'time',
        description: { de: 'Je angefangene 30 min', en: 'Per started 30 min' },
        quantity: units,
        unit: 'unit',
        unitPriceCents: definition.startedHalfHourCents,
        amountCents: units * definition.startedHalfHourCents,
      },
      {
        kind: 'energy',
        description: { de: 'Energie', en: 'Energy' },
        quantity: subject.energyWh,
        unit: 'Wh',
        unitPriceCents: definition.kwhCents,
        amountCents: Math.round((subject.energyWh * definition.kwhCents) / 1000),
      },
    ];
    const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    return {
      currency: 'EUR',
      lines,
      totalCents,
      vatRateBp: row.tariff.vatRateBp,
      ...splitGross(totalCents, row.tariff.vatRateBp),
      tariffId: row.tariff.id,
      tariffName: row.tariff.name,
      tariffSnapshot: row.tariff.definition,
      eventId: null,
      discountIds: [],
    };
  }
}

export const testCtx = (): Ctx => ({
  actor: systemActor('test'),
  now: () => new Date(),
  log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
});

/** Sessions and billing over `db`, with the test pricer, wired as app/services.ts does. */
export function billingWorld(db: Db) {
  const live = new LiveEvents();
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const deps = { config: loadConfig({}), db, log, live, now: () => new Date() };
  const writes = new WriteBatcher(db, { concurrency: 1 });
  const sessions = new SessionsService({ ...deps, authorization: new AuthorizationService([]), writes });
  const pricer = new TestPricer();
  const billing = new BillingService({ ...deps, pricer });
  sessions.onSessionCompleted(billing);
  return { live, sessions, billing, pricer };
}

const unique = () => randomBytes(4).toString('hex');

export async function assignTariff(
  db: Db,
  institutionId: string,
  stationId: string,
  definition = { startedHalfHourCents: 50, kwhCents: 30 },
) {
  const [tariff] = await db
    .insert(s.tariffs)
    .values({ institutionId, name: `Tariff ${unique()}`, definition })
    .returning();
  await db
    .insert(s.tariffAssignments)
    .values({ institutionId, targetKind: 'station', targetId: stationId, tariffId: tariff!.id });
  return tariff!;
}

export const COMPLETE_PROFILE = {
  legalName: 'Stadtwerke Musterstadt GmbH',
  street: 'Hauptstraße 1',
  postalCode: '12345',
  city: 'Musterstadt',
  country: 'DE',
  vatId: 'DE123456789',
  billingEmail: 'rechnung@stadtwerke.example',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
};

/** A payer account of `kind` held by a new user with a card; returns user, account and card. */
export async function makePayer(
  db: Db,
  institutionId: string,
  kind: s.AccountingStrategyKind,
  options: { minimumBalanceCents?: number; locale?: 'de' | 'en' } = {},
) {
  const tag = unique();
  const [strategy] = await db
    .insert(s.accountingStrategies)
    .values({
      institutionId,
      name: `${kind} ${tag}`,
      kind,
      minimumBalanceCents: options.minimumBalanceCents ?? 0,
    })
    .returning();
  const [account] = await db
    .insert(s.accounts)
    .values({ institutionId, strategyId: strategy!.id, holderKind: 'user', number: `K-${tag}` })
    .returning();
  const [user] = await db
    .insert(s.users)
    .values({
      institutionId,
      name: `Erika Mustermann ${tag}`,
      email: `erika-${tag}@example.test`,
      street: 'Lindenweg 5',
      postalCode: '54321',
      city: 'Beispielhausen',
      locale: options.locale ?? 'de',
      accountId: account!.id,
    })
    .returning();
  const [card] = await db
    .insert(s.authTokens)
    .values({ institutionId, value: `04${unique().toUpperCase()}AA`, userId: user!.id })
    .returning();
  return { strategy: strategy!, account: account!, user: user!, card: card! };
}

/** A company on a postpaid (or other) strategy with one member user and the member's card. */
export async function makeCompanyPayer(db: Db, institutionId: string, kind: s.AccountingStrategyKind) {
  const tag = unique();
  const [strategy] = await db
    .insert(s.accountingStrategies)
    .values({ institutionId, name: `company ${kind} ${tag}`, kind })
    .returning();
  const [account] = await db
    .insert(s.accounts)
    .values({ institutionId, strategyId: strategy!.id, holderKind: 'company', number: `F-${tag}` })
    .returning();
  const [company] = await db
    .insert(s.companies)
    .values({
      institutionId,
      name: `Carsharing ${tag} GmbH`,
      street: 'Am Markt 3',
      postalCode: '10115',
      city: 'Berlin',
      vatId: 'DE987654321',
      accountId: account!.id,
    })
    .returning();
  const [user] = await db
    .insert(s.users)
    .values({ institutionId, name: `Member ${tag}`, companyId: company!.id })
    .returning();
  const [card] = await db
    .insert(s.authTokens)
    .values({ institutionId, value: `05${unique().toUpperCase()}BB`, userId: user!.id })
    .returning();
  return { strategy: strategy!, account: account!, company: company!, user: user!, card: card! };
}

/** A running 1.6 session on the station's first charge point, as if StartTransaction was stored. */
export async function startSession(
  db: Db,
  station: { id: string; institutionId: string },
  chargePointId: string | null,
  options: { tokenId?: string | null; idTag?: string; startedAt?: Date; meterStartWh?: number } = {},
) {
  const [session] = await db
    .insert(s.sessions)
    .values({
      institutionId: station.institutionId,
      stationId: station.id,
      chargePointId,
      evseId: 1,
      transactionId: String(Math.floor(Math.random() * 2_000_000_000)),
      ocppVersion: 'ocpp1.6',
      idTag: options.idTag ?? 'UNKNOWN',
      tokenId: options.tokenId ?? null,
      startedAt: options.startedAt ?? new Date(Date.now() - 65 * 60_000),
      meterStartWh: options.meterStartWh ?? 1000,
    })
    .returning();
  return session!;
}
