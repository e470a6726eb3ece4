/**
 * What a station's local authorization list should hold and how to get it there, as pure functions:
 * the desired list from the cards' decisions, its cut to the station's size, the difference to what
 * the station last accepted, and the SendLocalList messages (chunked) that bring it there.
 * docs/authorization.md, "Local authorization lists".
 */
import type { LocalListEntry, LocalListEntryStatus } from '../commands/command.js';
import type { AuthorizationDecision } from '../authorization/authorization.js';

/** An entry as the station holds it (never `removed`). */
export type ListEntry = LocalListEntry & { status: Exclude<LocalListEntryStatus, 'removed'> };

/**
 * A card's station-independent decision as a list entry. Refusals for money reasons (NoCredit, no
 * payer, strategy inactive) are listed as Invalid, so an offline station refuses them too rather
 * than letting its cache or "allow unknown offline" setting decide.
 */
export function entryFor(
  idTag: string,
  decision: AuthorizationDecision,
  idTagType?: ListEntry['idTagType'],
): ListEntry {
  const status: ListEntry['status'] =
    decision.status === 'Accepted'
      ? 'accepted'
      : decision.status === 'Blocked'
        ? 'blocked'
        : decision.status === 'Expired'
          ? 'expired'
          : 'invalid';
  return {
    idTag,
    status,
    ...(status === 'accepted' && decision.expiresAt !== undefined
      ? { expiresAt: decision.expiresAt.toISOString() }
      : {}),
    ...(idTagType === undefined ? {} : { idTagType }),
  };
}

/** Which entries a station too small for the whole list keeps first: those that let people charge. */
const PRIORITY: Record<ListEntry['status'], number> = { accepted: 0, blocked: 1, expired: 2, invalid: 3 };

/**
 * The list cut to the station's maximum length: accepted cards first (the locker keeps working
 * offline), then blocked ones (a lost card stays refused), expired, invalid; by id tag within each.
 */
export function limitList(
  desired: ListEntry[],
  maxLength: number | undefined,
): { kept: ListEntry[]; dropped: number } {
  const sorted = [...desired].sort(
    (a, b) => PRIORITY[a.status] - PRIORITY[b.status] || (a.idTag < b.idTag ? -1 : a.idTag > b.idTag ? 1 : 0),
  );
  if (maxLength === undefined || sorted.length <= maxLength) return { kept: sorted, dropped: 0 };
  return { kept: sorted.slice(0, Math.max(0, maxLength)), dropped: sorted.length - Math.max(0, maxLength) };
}

/** The token type is not compared: a card keeps its type, and the stored list does not hold it. */
const sameEntry = (a: ListEntry, b: ListEntry) =>
  a.status === b.status && (a.expiresAt ?? null) === (b.expiresAt ?? null);

/** What a differential update must send: new and changed entries, and the id tags to remove. */
export function diffLocalList(
  current: ListEntry[],
  desired: ListEntry[],
): { changed: ListEntry[]; removed: string[] } {
  const before = new Map(current.map((e) => [e.idTag, e]));
  const wanted = new Set(desired.map((e) => e.idTag));
  const changed = desired.filter((e) => {
    const old = before.get(e.idTag);
    return old === undefined || !sameEntry(old, e);
  });
  const removed = current.filter((e) => !wanted.has(e.idTag)).map((e) => e.idTag);
  return { changed, removed };
}

export interface MessageLimits {
  /** 1.6 SendLocalListMaxLength, 2.0.1 LocalAuthListCtrlr.ItemsPerMessage. */
  itemsPerMessage: number;
  /** 2.0.1 LocalAuthListCtrlr.BytesPerMessage (the whole message as JSON). */
  bytesPerMessage?: number;
}

/** Room left for the entries once the message's own fields are counted. */
const MESSAGE_OVERHEAD_BYTES = 200;

/** A rough, generous size of an entry on the wire (2.0.1 carries the token type and longer names). */
export function entryBytes(entry: LocalListEntry): number {
  return JSON.stringify(entry).length + 60;
}

/** Splits entries into messages of at most `itemsPerMessage` entries and `bytesPerMessage` bytes. */
export function chunkEntries(entries: LocalListEntry[], limits: MessageLimits): LocalListEntry[][] {
  const maxItems = Math.max(1, limits.itemsPerMessage);
  const maxBytes =
    limits.bytesPerMessage === undefined ? Infinity : limits.bytesPerMessage - MESSAGE_OVERHEAD_BYTES;
  const chunks: LocalListEntry[][] = [];
  let chunk: LocalListEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (chunk.length > 0 && (chunk.length >= maxItems || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

export interface ListMessage {
  updateType: 'full' | 'differential';
  version: number;
  /** For a differential update, removals carry status `removed`. */
  entries: LocalListEntry[];
}

export interface SyncPlanInput {
  /** The version the station last accepted from us (stations.local_list_version; 0: none). */
  ourVersion: number;
  /** What the station answered to GetLocalListVersion. */
  stationVersion: number;
  /** What the station last accepted (local_list_entries). */
  stored: ListEntry[];
  desired: ListEntry[];
  limits: MessageLimits;
  /** After a VersionMismatch: send the whole list whatever the versions say. */
  forceFull?: boolean;
}

/**
 * The SendLocalList messages to send, in order. A full update when the station has no list from us
 * (version 0) or holds another version than we recorded; a differential one (changes and removals)
 * otherwise. A list bigger than one message goes out as a full update with the first chunk,
 * then differential updates with the rest, each with the next version.
 */
export function planSync(input: SyncPlanInput): ListMessage[] {
  const full =
    input.forceFull === true || input.ourVersion === 0 || input.stationVersion !== input.ourVersion;
  if (full) {
    // The station has nothing and nothing is wanted: nothing to say.
    if (input.desired.length === 0 && input.stationVersion === 0 && input.forceFull !== true) return [];
    const base = Math.max(input.ourVersion, input.stationVersion, 0);
    const chunks = chunkEntries(input.desired, input.limits);
    if (chunks.length === 0) return [{ updateType: 'full', version: base + 1, entries: [] }];
    return chunks.map((entries, i) => ({
      updateType: i === 0 ? 'full' : 'differential',
      version: base + 1 + i,
      entries,
    }));
  }
  const { changed, removed } = diffLocalList(input.stored, input.desired);
  const entries: LocalListEntry[] = [
    ...changed,
    ...removed.map((idTag) => ({ idTag, status: 'removed' as const })),
  ];
  return chunkEntries(entries, input.limits).map((chunk, i) => ({
    updateType: 'differential',
    version: input.ourVersion + 1 + i,
    entries: chunk,
  }));
}

/** The station's list after it accepted `message`. */
export function applyMessage(stored: ListEntry[], message: ListMessage): ListEntry[] {
  const next =
    message.updateType === 'full' ? new Map<string, ListEntry>() : new Map(stored.map((e) => [e.idTag, e]));
  for (const entry of message.entries) {
    if (entry.status === 'removed') next.delete(entry.idTag);
    else next.set(entry.idTag, entry as ListEntry);
  }
  return [...next.values()];
}
