/** Database access for tariffs, their assignments, price events and discounts. */
import { and, asc, eq, gt, inArray, lte, or } from 'drizzle-orm';
import type { InstitutionScope } from '../access/tenant-scope.js';
import type { Db } from '../db/database.js';
import {
  accountingStrategies,
  accounts,
  chargePoints,
  companies,
  discounts,
  institutions,
  locations,
  priceEvents,
  stationGroups,
  stations,
  tariffAssignments,
  tariffs,
  userGroups,
  users,
  type PriceRuleTargetKind,
  type TariffTargetKind,
} from '../db/schema.js';
import type { TariffDefinition } from './tariff-definition.js';

/** Definitions are validated on write (tariff-definition.ts); the engine validates again before pricing. */
export type TariffRow = Omit<typeof tariffs.$inferSelect, 'definition'> & { definition: TariffDefinition };
export type TariffAssignmentRow = typeof tariffAssignments.$inferSelect;
export type PriceEventRow = typeof priceEvents.$inferSelect;
export type DiscountRow = typeof discounts.$inferSelect;

// ---- tariffs ------------------------------------------------------------------------------------

export async function findTariff(db: Db, id: string): Promise<TariffRow | undefined> {
  const [row] = await db.select().from(tariffs).where(eq(tariffs.id, id));
  return row as TariffRow | undefined;
}

export async function findTariffs(db: Db, ids: string[]): Promise<TariffRow[]> {
  if (ids.length === 0) return [];
  return (await db.select().from(tariffs).where(inArray(tariffs.id, ids))) as TariffRow[];
}

export async function listTariffs(
  db: Db,
  scope: InstitutionScope,
  query: { institutionId?: string },
): Promise<TariffRow[]> {
  return (await db
    .select()
    .from(tariffs)
    .where(
      and(
        scope.kind === 'one' ? eq(tariffs.institutionId, scope.institutionId) : undefined,
        query.institutionId === undefined ? undefined : eq(tariffs.institutionId, query.institutionId),
      ),
    )
    .orderBy(asc(tariffs.name))) as TariffRow[];
}

export async function insertTariff(db: Db, values: typeof tariffs.$inferInsert): Promise<TariffRow> {
  const [row] = await db.insert(tariffs).values(values).returning();
  return row as TariffRow;
}

export async function updateTariff(
  db: Db,
  id: string,
  values: Partial<typeof tariffs.$inferInsert>,
): Promise<TariffRow> {
  const [row] = await db.update(tariffs).set(values).where(eq(tariffs.id, id)).returning();
  return row as TariffRow;
}

export async function deleteTariff(db: Db, id: string): Promise<void> {
  await db.delete(tariffs).where(eq(tariffs.id, id));
}

// ---- assignments and the inheritance chain ------------------------------------------------------

export async function findAssignment(
  db: Db,
  targetKind: TariffTargetKind,
  targetId: string,
): Promise<TariffAssignmentRow | undefined> {
  const [row] = await db
    .select()
    .from(tariffAssignments)
    .where(and(eq(tariffAssignments.targetKind, targetKind), eq(tariffAssignments.targetId, targetId)));
  return row;
}

export async function upsertAssignment(
  db: Db,
  values: { institutionId: string; targetKind: TariffTargetKind; targetId: string; tariffId: string },
): Promise<TariffAssignmentRow> {
  const [row] = await db
    .insert(tariffAssignments)
    .values(values)
    .onConflictDoUpdate({
      target: [tariffAssignments.targetKind, tariffAssignments.targetId],
      set: { tariffId: values.tariffId },
    })
    .returning();
  return row!;
}

export async function deleteAssignment(
  db: Db,
  targetKind: TariffTargetKind,
  targetId: string,
): Promise<void> {
  await db
    .delete(tariffAssignments)
    .where(and(eq(tariffAssignments.targetKind, targetKind), eq(tariffAssignments.targetId, targetId)));
}

export interface AssignmentListRow extends TariffAssignmentRow {
  /** The target's name as staff know it: a location's or group's name, a station's name or charge box id, a charge point's short name. */
  targetName: string | null;
}

/** Every assignment in scope (optionally of one tariff), with the name of what it is assigned to. */
export async function listAssignments(
  db: Db,
  scope: InstitutionScope,
  query: { institutionId?: string; tariffId?: string },
): Promise<AssignmentListRow[]> {
  const rows = await db
    .select()
    .from(tariffAssignments)
    .where(
      and(
        scope.kind === 'one' ? eq(tariffAssignments.institutionId, scope.institutionId) : undefined,
        query.institutionId === undefined
          ? undefined
          : eq(tariffAssignments.institutionId, query.institutionId),
        query.tariffId === undefined ? undefined : eq(tariffAssignments.tariffId, query.tariffId),
      ),
    )
    .orderBy(asc(tariffAssignments.createdAt));
  const idsOf = (kind: TariffTargetKind) => rows.filter((r) => r.targetKind === kind).map((r) => r.targetId);
  const names = new Map<string, string | null>();
  const load = async (
    ids: string[],
    fetch: (ids: string[]) => Promise<{ id: string; name: string | null }[]>,
  ) => {
    if (ids.length === 0) return;
    for (const row of await fetch(ids)) names.set(row.id, row.name);
  };
  await Promise.all([
    load(idsOf('institution'), (ids) =>
      db
        .select({ id: institutions.id, name: institutions.name })
        .from(institutions)
        .where(inArray(institutions.id, ids)),
    ),
    load(idsOf('location'), (ids) =>
      db.select({ id: locations.id, name: locations.name }).from(locations).where(inArray(locations.id, ids)),
    ),
    load(idsOf('station_group'), (ids) =>
      db
        .select({ id: stationGroups.id, name: stationGroups.name })
        .from(stationGroups)
        .where(inArray(stationGroups.id, ids)),
    ),
    load(idsOf('station'), async (ids) =>
      (
        await db
          .select({ id: stations.id, name: stations.name, chargeBoxId: stations.chargeBoxId })
          .from(stations)
          .where(inArray(stations.id, ids))
      ).map((r) => ({ id: r.id, name: r.name ?? r.chargeBoxId })),
    ),
    load(idsOf('charge_point'), (ids) =>
      db
        .select({ id: chargePoints.id, name: chargePoints.shortName })
        .from(chargePoints)
        .where(inArray(chargePoints.id, ids)),
    ),
  ]);
  return rows.map((row) => ({ ...row, targetName: names.get(row.targetId) ?? null }));
}

/** Assignments of any of the given targets (one query for a whole inheritance chain). */
export async function assignmentsFor(
  db: Db,
  targets: { kind: TariffTargetKind; id: string }[],
): Promise<TariffAssignmentRow[]> {
  if (targets.length === 0) return [];
  return db
    .select()
    .from(tariffAssignments)
    .where(
      or(
        ...targets.map((t) =>
          and(eq(tariffAssignments.targetKind, t.kind), eq(tariffAssignments.targetId, t.id)),
        ),
      ),
    );
}

export async function findStationPlace(db: Db, stationId: string) {
  const [row] = await db
    .select({
      id: stations.id,
      institutionId: stations.institutionId,
      groupId: stations.groupId,
      locationId: stations.locationId,
    })
    .from(stations)
    .where(eq(stations.id, stationId));
  return row;
}

export async function findChargePointPlace(db: Db, chargePointId: string) {
  const [row] = await db
    .select({
      id: chargePoints.id,
      shortName: chargePoints.shortName,
      institutionId: chargePoints.institutionId,
      stationId: stations.id,
      groupId: stations.groupId,
      locationId: stations.locationId,
    })
    .from(chargePoints)
    .innerJoin(stations, eq(stations.id, chargePoints.stationId))
    .where(eq(chargePoints.id, chargePointId));
  return row;
}

/** The institution a price-rule or assignment target belongs to, or undefined when it does not exist. */
export async function institutionOfTarget(
  db: Db,
  kind: TariffTargetKind | Exclude<PriceRuleTargetKind, 'all'>,
  id: string,
): Promise<string | undefined> {
  const table = {
    charge_point: chargePoints,
    station: stations,
    station_group: stationGroups,
    location: locations,
    user: users,
    user_group: userGroups,
  } as const;
  if (kind === 'institution') {
    const [row] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id));
    return row?.id;
  }
  const t = table[kind];
  const [row] = await db.select({ institutionId: t.institutionId }).from(t).where(eq(t.id, id));
  return row?.institutionId;
}

export async function findUserGroup(db: Db, id: string) {
  const [row] = await db.select().from(userGroups).where(eq(userGroups.id, id));
  return row;
}

/** A driver with their group and the accounting strategy of whoever pays for them. */
export async function findUserForPricing(db: Db, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      institutionId: users.institutionId,
      groupId: users.groupId,
      companyAccountId: companies.accountId,
      ownAccountId: users.accountId,
    })
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, userId));
  if (row === undefined) return undefined;
  const accountId = row.companyAccountId ?? row.ownAccountId;
  let strategyId: string | null = null;
  if (accountId !== null) {
    const [account] = await db
      .select({ strategyId: accounts.strategyId })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    strategyId = account?.strategyId ?? null;
  }
  return { id: row.id, institutionId: row.institutionId, groupId: row.groupId, strategyId };
}

export async function findStrategy(db: Db, id: string) {
  const [row] = await db.select().from(accountingStrategies).where(eq(accountingStrategies.id, id));
  return row;
}

// ---- price events -------------------------------------------------------------------------------

export async function findPriceEvent(db: Db, id: string): Promise<PriceEventRow | undefined> {
  const [row] = await db.select().from(priceEvents).where(eq(priceEvents.id, id));
  return row;
}

export async function listPriceEvents(
  db: Db,
  scope: InstitutionScope,
  query: { institutionId?: string },
): Promise<PriceEventRow[]> {
  return db
    .select()
    .from(priceEvents)
    .where(
      and(
        scope.kind === 'one' ? eq(priceEvents.institutionId, scope.institutionId) : undefined,
        query.institutionId === undefined ? undefined : eq(priceEvents.institutionId, query.institutionId),
      ),
    )
    .orderBy(asc(priceEvents.validFrom), asc(priceEvents.name));
}

/** Events of an institution valid at an instant. */
export async function priceEventsAt(db: Db, institutionId: string, at: Date): Promise<PriceEventRow[]> {
  return db
    .select()
    .from(priceEvents)
    .where(
      and(
        eq(priceEvents.institutionId, institutionId),
        lte(priceEvents.validFrom, at),
        gt(priceEvents.validTo, at),
      ),
    );
}

export async function insertPriceEvent(
  db: Db,
  values: typeof priceEvents.$inferInsert,
): Promise<PriceEventRow> {
  const [row] = await db.insert(priceEvents).values(values).returning();
  return row!;
}

export async function updatePriceEvent(
  db: Db,
  id: string,
  values: Partial<typeof priceEvents.$inferInsert>,
): Promise<PriceEventRow> {
  const [row] = await db.update(priceEvents).set(values).where(eq(priceEvents.id, id)).returning();
  return row!;
}

export async function deletePriceEvent(db: Db, id: string): Promise<void> {
  await db.delete(priceEvents).where(eq(priceEvents.id, id));
}

// ---- discounts ----------------------------------------------------------------------------------

export async function findDiscount(db: Db, id: string): Promise<DiscountRow | undefined> {
  const [row] = await db.select().from(discounts).where(eq(discounts.id, id));
  return row;
}

export async function listDiscounts(
  db: Db,
  scope: InstitutionScope,
  query: { institutionId?: string; strategyId?: string },
): Promise<DiscountRow[]> {
  return db
    .select()
    .from(discounts)
    .where(
      and(
        scope.kind === 'one' ? eq(discounts.institutionId, scope.institutionId) : undefined,
        query.institutionId === undefined ? undefined : eq(discounts.institutionId, query.institutionId),
        query.strategyId === undefined ? undefined : eq(discounts.strategyId, query.strategyId),
      ),
    )
    .orderBy(asc(discounts.name));
}

export async function discountsOfStrategy(db: Db, strategyId: string): Promise<DiscountRow[]> {
  return db.select().from(discounts).where(eq(discounts.strategyId, strategyId));
}

export async function insertDiscount(db: Db, values: typeof discounts.$inferInsert): Promise<DiscountRow> {
  const [row] = await db.insert(discounts).values(values).returning();
  return row!;
}

export async function updateDiscount(
  db: Db,
  id: string,
  values: Partial<typeof discounts.$inferInsert>,
): Promise<DiscountRow> {
  const [row] = await db.update(discounts).set(values).where(eq(discounts.id, id)).returning();
  return row!;
}

export async function deleteDiscount(db: Db, id: string): Promise<void> {
  await db.delete(discounts).where(eq(discounts.id, id));
}
