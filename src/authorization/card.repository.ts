/** The reads behind a card decision: kept to one query for the station and the token, then the payer. */
import { and, eq, inArray, or } from 'drizzle-orm';
import { resolvePayer } from '../accounts/payer.js';
import { balanceOf } from '../billing/balance.js';
import type { Db } from '../db/database.js';
import { authTokens, stations, type StationAuthorizationMode } from '../db/schema.js';
import { isUuid } from '../stations/station-naming.js';
import type { CardFacts } from './card-rules.js';

export interface StationAndTokens {
  /** null: the station does not exist (any more) in the institution. */
  mode: StationAuthorizationMode | null;
  tokens: { id: string; value: string }[];
}

/** The station's authorization mode and the institution's tokens matching the candidates, in one query. */
export async function findStationAndTokens(
  db: Db,
  institutionId: string,
  stationId: string,
  candidates: string[],
): Promise<StationAndTokens> {
  const rows = await db
    .select({ mode: stations.authorizationMode, id: authTokens.id, value: authTokens.value })
    .from(stations)
    .leftJoin(
      authTokens,
      and(eq(authTokens.institutionId, stations.institutionId), inArray(authTokens.value, candidates)),
    )
    .where(and(eq(stations.id, stationId), eq(stations.institutionId, institutionId)));
  const tokens = rows.flatMap((r) =>
    r.id === null || r.value === null ? [] : [{ id: r.id, value: r.value }],
  );
  if (rows.length > 0) return { mode: rows[0]!.mode, tokens };
  // Not a station of this institution: the tokens alone (the card rules then apply as on a card station).
  const only = await db
    .select({ id: authTokens.id, value: authTokens.value })
    .from(authTokens)
    .where(and(eq(authTokens.institutionId, institutionId), inArray(authTokens.value, candidates)));
  return { mode: null, tokens: only };
}

export async function stationMode(db: Db, stationId: string): Promise<StationAuthorizationMode | undefined> {
  const [row] = await db
    .select({ mode: stations.authorizationMode })
    .from(stations)
    .where(eq(stations.id, stationId));
  return row?.mode;
}

/** The payer of a card and, for a prepaid payer, its balance: one query, two for prepaid cards. */
export async function cardFacts(db: Db, tokenId: string): Promise<CardFacts | undefined> {
  const payer = await resolvePayer(db, tokenId);
  if (payer === undefined) return undefined;
  const balanceCents =
    payer.strategyKind === 'prepaid' && payer.accountId !== null
      ? await balanceOf(db, payer.accountId)
      : null;
  return { ...payer, balanceCents };
}

export async function findToken(db: Db, tokenId: string) {
  const [row] = await db
    .select({ id: authTokens.id, institutionId: authTokens.institutionId, value: authTokens.value })
    .from(authTokens)
    .where(eq(authTokens.id, tokenId));
  return row;
}

/** By UUID or charge box id. */
export async function findStation(db: Db, ref: string) {
  const rows = await db
    .select({ id: stations.id, institutionId: stations.institutionId, mode: stations.authorizationMode })
    .from(stations)
    .where(
      isUuid(ref) ? or(eq(stations.id, ref), eq(stations.chargeBoxId, ref)) : eq(stations.chargeBoxId, ref),
    );
  return rows.find((row) => row.id === ref) ?? rows[0];
}
