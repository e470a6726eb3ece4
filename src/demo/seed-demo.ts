/**
 * Seeds the demo institution of `npm start` through the ordinary services, once: a database that
 * already has the demo institution is left alone. Generated passwords go to DATA_DIR/demo.json,
 * so the built-in simulator can connect and the start-up output can show the log-ins.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Services } from '../app/services.js';
import { berlinLocalToUtc, berlinParts } from '../shared/berlin-time.js';
import { systemActor, type Ctx } from '../shared/context.js';
import { randomSecret } from '../shared/passwords.js';
import { DEMO, type DemoStation } from './demo-data.js';

export interface DemoCredentials {
  stations: {
    chargeBoxId: string;
    password: string;
    version: DemoStation['version'];
    kind: DemoStation['kind'];
    evses: number;
  }[];
  staff: { email: string; role: string; password: string }[];
  /** Drivers' portal log-ins (their own area; the company admin also sees the company). */
  drivers?: { email: string; role: 'driver' | 'company_admin'; password: string }[];
  /** The bearer token of the demo's SMS webhook provider `demo` (unless SMS_INBOUND_TOKENS is set). */
  smsInboundToken?: string;
}

const credentialsFile = (dataDir: string) => path.join(dataDir, 'demo.json');

export async function readDemoCredentials(dataDir: string): Promise<DemoCredentials | undefined> {
  try {
    return JSON.parse(await readFile(credentialsFile(dataDir), 'utf8')) as DemoCredentials;
  } catch {
    return undefined;
  }
}

/** Returns the demo credentials, seeding the demo data first when the database has none. */
export async function seedDemo(
  services: Services,
  dataDir: string,
  options: { smsInboundToken?: string } = {},
): Promise<{ seeded: boolean; credentials: DemoCredentials }> {
  const { log, now } = services.deps;
  const ctx: Ctx = { actor: systemActor('demo seed'), now, log };
  const existing = await services.institutions.findBySlug(ctx, DEMO.institution.slug);
  if (existing !== undefined) {
    const credentials = await readDemoCredentials(dataDir);
    if (credentials === undefined) {
      throw new Error(
        `The demo institution exists but ${credentialsFile(dataDir)} is missing; start with an empty DATA_DIR or database`,
      );
    }
    return { seeded: false, credentials };
  }

  const institution = await services.institutions.createInstitution(ctx, {
    ...DEMO.institution,
    acceptUnknownStations: true,
  });
  const institutionId = institution.id;
  const locations = new Map<string, string>();
  for (const location of DEMO.locations) {
    const row = await services.locations.createLocation(ctx, { ...location, institutionId });
    locations.set(location.name, row.id);
  }
  const group = await services.locations.createGroup(ctx, { name: DEMO.group, institutionId });

  const credentials: DemoCredentials = {
    stations: [],
    staff: [],
    ...(options.smsInboundToken === undefined ? {} : { smsInboundToken: options.smsInboundToken }),
  };
  for (const station of DEMO.stations) {
    const password = randomSecret(24);
    await services.stations.createStation(ctx, {
      institutionId,
      chargeBoxId: station.chargeBoxId,
      name: station.name,
      kind: station.kind,
      password,
      locationId: locations.get(station.location),
      groupId: group.id,
      chargePoints: station.shortNames,
    });
    credentials.stations.push({
      chargeBoxId: station.chargeBoxId,
      password,
      version: station.version,
      kind: station.kind,
      evses: station.shortNames.length,
    });
  }
  credentials.drivers = await seedMoney(services, ctx, institutionId, group.id);
  await services.smsGateway.numbers.create(ctx, { ...DEMO.sms, institutionId });
  for (const member of DEMO.staff) {
    const password = randomSecret(12);
    await services.staff.createStaff(ctx, { ...member, institutionId, password });
    credentials.staff.push({ email: member.email, role: member.role, password });
  }

  await mkdir(dataDir, { recursive: true });
  await writeFile(credentialsFile(dataDir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { seeded: true, credentials };
}

/**
 * Tariffs, accounting strategies, a prepaid driver with a balance, a company billed monthly whose
 * driver belongs to a car-sharing group with its own price and a discount, and their cards.
 */
async function seedMoney(
  services: Services,
  ctx: Ctx,
  institutionId: string,
  stationGroupId: string,
): Promise<NonNullable<DemoCredentials['drivers']>> {
  const { pricing, accounts, billing, authTokens, stations } = services;
  await billing.updateBillingProfile(ctx, institutionId, DEMO.billingProfile);
  const lockerTariff = await pricing.createTariff(ctx, { ...DEMO.tariffs.locker, institutionId });
  const chargePointTariff = await pricing.createTariff(ctx, { ...DEMO.tariffs.chargePoint, institutionId });
  const carSharingTariff = await pricing.createTariff(ctx, { ...DEMO.tariffs.carSharing, institutionId });
  await pricing.assignTariff(ctx, 'institution', institutionId, lockerTariff.id);
  const chargePointStation = DEMO.stations.find((station) => station.kind === 'charge_point')!;
  const stationId = (await stations.getStation(ctx, chargePointStation.chargeBoxId)).id;
  await pricing.assignTariff(ctx, 'station', stationId, chargePointTariff.id);

  const prepaid = await accounts.strategies.createStrategy(ctx, {
    ...DEMO.strategies.prepaid,
    institutionId,
  });
  const postpaid = await accounts.strategies.createStrategy(ctx, {
    ...DEMO.strategies.postpaid,
    institutionId,
  });
  const carSharing = await accounts.userGroups.createUserGroup(ctx, {
    name: DEMO.userGroup,
    tariffId: carSharingTariff.id,
    institutionId,
  });
  await pricing.createDiscount(ctx, {
    strategyId: postpaid.id,
    name: 'Parkhäuser 10 %',
    targetKind: 'station_group',
    targetId: stationGroupId,
    percentBp: 1000,
  });

  const cards = new Map<string, string>();
  for (const card of DEMO.cards) {
    const row = await authTokens.createToken(ctx, {
      institutionId,
      value: card.value,
      label: card.label,
      status: card.status,
    });
    cards.set(card.holder === 'company' ? 'company' : card.value, row.id);
  }
  const company = await accounts.companies.createCompany(ctx, {
    ...DEMO.company,
    strategyId: postpaid.id,
    masterTokenId: cards.get('company')!,
    institutionId,
  });
  const erika = await accounts.users.createUser(ctx, {
    ...DEMO.users.erika,
    strategyId: prepaid.id,
    institutionId,
  });
  const max = await accounts.users.createUser(ctx, {
    ...DEMO.users.max,
    companyId: company.id,
    groupId: carSharing.id,
    institutionId,
  });
  const petra = await accounts.users.createUser(ctx, {
    ...DEMO.users.petra,
    companyId: company.id,
    companyAdmin: true,
    institutionId,
  });
  const holders: Record<string, string> = { erika: erika.id, max: max.id, petra: petra.id };
  for (const card of DEMO.cards) {
    if (card.holder === 'company') continue;
    await authTokens.updateToken(ctx, cards.get(card.value)!, { userId: holders[card.holder]! });
  }
  await billing.topUp(ctx, erika.accountId!, {
    amountCents: DEMO.topUpCents,
    note: 'Startguthaben',
    idempotencyKey: 'demo-start',
  });
  await replayLastMonth(services, ctx, institutionId);
  const drivers: NonNullable<DemoCredentials['drivers']> = [];
  for (const key of DEMO.portalDrivers) {
    const user = { erika, petra }[key];
    const password = randomSecret(12);
    await services.selfService.setPortalPassword(ctx, user.id, password);
    drivers.push({ email: user.email!, role: user.companyAdmin ? 'company_admin' : 'driver', password });
  }
  return drivers;
}

/** Last month's sessions at the locker, through the same verbs a station's messages call, then its invoices. */
async function replayLastMonth(services: Services, ctx: Ctx, institutionId: string) {
  const today = berlinParts(ctx.now().getTime()).date;
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const monthText = `${last.year}-${String(last.month).padStart(2, '0')}`;
  const locker = DEMO.stations.find((station) => station.kind === 'locker')!;
  const station = await services.stations.getStation(ctx, locker.chargeBoxId);
  const ref = { stationId: station.id, institutionId, chargeBoxId: station.chargeBoxId };
  const cardOf = { erika: DEMO.cards[0].value, max: DEMO.cards[1].value };
  let meterWh = 1_000;
  for (const use of DEMO.history) {
    const day = `${monthText}-${String(use.day).padStart(2, '0')}`;
    const startedAt = new Date(berlinLocalToUtc(day, use.startHour * 60));
    const stoppedAt = new Date(startedAt.getTime() + use.minutes * 60_000);
    const idToken = { value: cardOf[use.holder], type: 'ISO14443' };
    // The station reports as it happens: "now" is the moment of each message.
    const started = await services.sessions.startTransaction({ ...ctx, now: () => startedAt }, ref, {
      evseId: use.compartment,
      idToken,
      meterStartWh: meterWh,
      startedAt,
      reservationId: null,
    });
    meterWh += use.energyWh;
    await services.sessions.stopTransaction({ ...ctx, now: () => stoppedAt }, ref, {
      transactionId: started.transactionId,
      meterStopWh: meterWh,
      stoppedAt,
      idToken,
      reason: 'Local',
      samples: [],
      payload: null,
    });
  }
  await services.billing.runInvoices(ctx, { month: monthText, institutionId });
}
