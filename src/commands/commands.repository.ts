/** What the command service reads and writes: the station addressed and the remote_commands rows. */
import { desc, eq, or } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { remoteCommands, stations, type CommandStatus, type OcppVersion } from '../db/schema.js';

export interface CommandTarget {
  id: string;
  institutionId: string;
  chargeBoxId: string;
  /** The version the station last connected with; null when it never connected. */
  ocppVersion: OcppVersion | null;
}

export type RemoteCommandRow = typeof remoteCommands.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; anything that is not a UUID cannot name a row (and would make PostgreSQL throw). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** By UUID or by charge box id, as the station routes take either. */
export async function findCommandTarget(db: Db, stationRef: string): Promise<CommandTarget | undefined> {
  const condition = isUuid(stationRef)
    ? or(eq(stations.id, stationRef), eq(stations.chargeBoxId, stationRef))
    : eq(stations.chargeBoxId, stationRef);
  const rows = await db
    .select({
      id: stations.id,
      institutionId: stations.institutionId,
      chargeBoxId: stations.chargeBoxId,
      ocppVersion: stations.ocppVersion,
    })
    .from(stations)
    .where(condition);
  // A charge box id that happens to look like another station's UUID: the UUID wins.
  return rows.find((row) => row.id === stationRef) ?? rows[0];
}

export interface NewRemoteCommand {
  institutionId: string;
  stationId: string;
  command: string;
  action: string;
  request: unknown;
  status: CommandStatus;
  error?: string;
  requestedBy: string;
  createdAt: Date;
}

export async function insertCommand(db: Db, values: NewRemoteCommand): Promise<RemoteCommandRow> {
  const [row] = await db
    .insert(remoteCommands)
    .values({ ...values, error: values.error ?? null })
    .returning();
  return row!;
}

export interface CommandOutcome {
  status: Exclude<CommandStatus, 'pending'>;
  response: unknown;
  error: string | null;
  answeredAt: Date | null;
}

export async function finishCommand(db: Db, id: string, outcome: CommandOutcome): Promise<RemoteCommandRow> {
  const [row] = await db
    .update(remoteCommands)
    .set({
      status: outcome.status,
      response: outcome.response ?? null,
      error: outcome.error,
      answeredAt: outcome.answeredAt,
    })
    .where(eq(remoteCommands.id, id))
    .returning();
  return row!;
}

export async function findCommand(db: Db, id: string): Promise<RemoteCommandRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(remoteCommands).where(eq(remoteCommands.id, id));
  return row;
}

/** Newest first. */
export async function listCommands(db: Db, stationId: string, limit: number): Promise<RemoteCommandRow[]> {
  return db
    .select()
    .from(remoteCommands)
    .where(eq(remoteCommands.stationId, stationId))
    .orderBy(desc(remoteCommands.createdAt), desc(remoteCommands.id))
    .limit(limit);
}
