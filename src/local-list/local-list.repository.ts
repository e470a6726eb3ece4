import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { selectCardsWithPayer } from '../accounts/payer.js';
import type { Db } from '../db/database.js';
import {
  authTokens,
  ledgerEntries,
  localListEntries,
  stationEvents,
  stations,
  type AuthTokenType,
} from '../db/schema.js';
import type { CardFacts } from '../authorization/card-rules.js';
import { neutralStatus, ocppEnum } from '../commands/command.js';
import type { ListEntry, ListMessage } from './local-list-plan.js';

/** Cards are what a reader presents; PINs, phone numbers and app tokens stay off the station's list. */
export const LISTED_TOKEN_TYPES: readonly AuthTokenType[] = ['ISO14443', 'ISO15693'];

export type CardRow = CardFacts & { value: string; type: AuthTokenType };

/**
 * Every card of the institution with what decides about it (the joins of accounts/payer.ts, for all
 * cards at once), and the prepaid balances in a second query.
 */
export async function listCardFacts(db: Db, institutionId: string): Promise<CardRow[]> {
  const rows = await selectCardsWithPayer(db).where(
    and(eq(authTokens.institutionId, institutionId), inArray(authTokens.type, [...LISTED_TOKEN_TYPES])),
  );
  const prepaid = [
    ...new Set(
      rows.flatMap((r) => (r.strategyKind === 'prepaid' && r.accountId !== null ? [r.accountId] : [])),
    ),
  ];
  const balances = new Map<string, number>();
  if (prepaid.length > 0) {
    const sums = await db
      .select({
        accountId: ledgerEntries.accountId,
        cents: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)`,
      })
      .from(ledgerEntries)
      .where(inArray(ledgerEntries.accountId, prepaid))
      .groupBy(ledgerEntries.accountId);
    for (const sum of sums) balances.set(sum.accountId, Number(sum.cents));
  }
  return rows.map((r) => ({
    ...r,
    balanceCents:
      r.strategyKind === 'prepaid' && r.accountId !== null ? (balances.get(r.accountId) ?? 0) : null,
  }));
}

export type ListStation = Pick<
  typeof stations.$inferSelect,
  | 'id'
  | 'institutionId'
  | 'chargeBoxId'
  | 'ocppVersion'
  | 'registration'
  | 'authorizationMode'
  | 'localListEnabled'
  | 'localListVersion'
  | 'connectedNode'
>;

const stationColumns = {
  id: stations.id,
  institutionId: stations.institutionId,
  chargeBoxId: stations.chargeBoxId,
  ocppVersion: stations.ocppVersion,
  registration: stations.registration,
  authorizationMode: stations.authorizationMode,
  localListEnabled: stations.localListEnabled,
  localListVersion: stations.localListVersion,
  connectedNode: stations.connectedNode,
};

export async function findListStation(db: Db, stationId: string): Promise<ListStation | undefined> {
  const [row] = await db.select(stationColumns).from(stations).where(eq(stations.id, stationId));
  return row;
}

/** The institution's stations with a local list, connected to this node. */
export async function connectedListStations(
  db: Db,
  institutionId: string,
  nodeId: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: stations.id })
    .from(stations)
    .where(
      and(
        eq(stations.institutionId, institutionId),
        eq(stations.localListEnabled, true),
        eq(stations.registration, 'accepted'),
        isNotNull(stations.connectedNode),
        eq(stations.connectedNode, nodeId),
      ),
    );
  return rows.map((r) => r.id);
}

/** Stored as the 2.0.1 AuthorizationStatusEnumType (`Accepted`), read back in the neutral spelling. */
export async function storedEntries(db: Db, stationId: string): Promise<ListEntry[]> {
  const rows = await db.select().from(localListEntries).where(eq(localListEntries.stationId, stationId));
  return rows.map((r) => ({
    idTag: r.idTag,
    status: neutralStatus(r.status) as ListEntry['status'],
    ...(r.expiresAt === null ? {} : { expiresAt: r.expiresAt.toISOString() }),
  }));
}

/** Records a message the station accepted: its entries and the new version. */
export async function recordAccepted(
  db: Db,
  stationId: string,
  message: ListMessage,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (message.updateType === 'full')
      await tx.delete(localListEntries).where(eq(localListEntries.stationId, stationId));
    const removed = message.entries.filter((e) => e.status === 'removed').map((e) => e.idTag);
    if (removed.length > 0) {
      await tx
        .delete(localListEntries)
        .where(and(eq(localListEntries.stationId, stationId), inArray(localListEntries.idTag, removed)));
    }
    const kept = message.entries.filter((e): e is ListEntry => e.status !== 'removed');
    if (kept.length > 0) {
      await tx
        .insert(localListEntries)
        .values(
          kept.map((e) => ({
            stationId,
            idTag: e.idTag,
            status: ocppEnum(e.status),
            expiresAt: e.expiresAt === undefined ? null : new Date(e.expiresAt),
          })),
        )
        .onConflictDoUpdate({
          target: [localListEntries.stationId, localListEntries.idTag],
          set: { status: sql`excluded.status`, expiresAt: sql`excluded.expires_at` },
        });
    }
    await tx
      .update(stations)
      .set({ localListVersion: message.version, localListSyncedAt: at })
      .where(eq(stations.id, stationId));
  });
}

/** Marks the list as checked and up to date (nothing had to be sent). */
export async function recordInSync(db: Db, stationId: string, at: Date): Promise<void> {
  await db.update(stations).set({ localListSyncedAt: at }).where(eq(stations.id, stationId));
}

/** A sync the station refused or could not take, kept with the station's events. */
export async function recordSyncProblem(
  db: Db,
  station: Pick<ListStation, 'id' | 'institutionId'>,
  payload: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db.insert(stationEvents).values({
    institutionId: station.institutionId,
    stationId: station.id,
    kind: 'local_list_sync_failed',
    payload,
    at,
  });
}
