/**
 * The local authorization list (sent by the CSMS with SendLocalList) and the authorization cache
 * (filled from the CSMS's answers). Both let the station authorize while it is offline
 * (1.6 §3.5, 2.0.1 C13/C14/D01).
 */
import type { AuthorizationStatus } from './types.js';

export interface LocalEntry {
  status: AuthorizationStatus;
  expiresAt?: Date;
}

export type LocalListUpdate =
  | { kind: 'Full'; version: number; entries: Array<{ token: string; info?: LocalEntry }> }
  | { kind: 'Differential'; version: number; entries: Array<{ token: string; info?: LocalEntry }> };

export type LocalListResult = 'Accepted' | 'VersionMismatch' | 'Failed';

export const LOCAL_LIST_MAX_LENGTH = 1000;

export class LocalAuthorization {
  private list = new Map<string, LocalEntry>();
  private cache = new Map<string, LocalEntry>();
  private listVersion = 0;

  get version(): number {
    return this.listVersion;
  }

  get listSize(): number {
    return this.list.size;
  }

  /** 1.6 §5.15 / 2.0.1 D01: a Full update replaces the list; a Differential one adds, changes and (without info) removes. */
  applyUpdate(update: LocalListUpdate): LocalListResult {
    if (update.kind === 'Differential' && update.version <= this.listVersion) return 'VersionMismatch';
    const next = update.kind === 'Full' ? new Map<string, LocalEntry>() : new Map(this.list);
    for (const { token, info } of update.entries) {
      if (info === undefined) {
        if (update.kind === 'Full') return 'Failed'; // a full list entry needs its info
        next.delete(token);
      } else {
        next.set(token, info);
      }
    }
    if (next.size > LOCAL_LIST_MAX_LENGTH) return 'Failed';
    this.list = next;
    // 2.0.1 D01.FR.18: version 0 on a Full update with an empty list clears it; the version is recorded as given.
    this.listVersion = update.version;
    return 'Accepted';
  }

  /** The list's entry for a token (not the cache), as the CSMS last sent it. */
  listEntry(token: string): LocalEntry | undefined {
    return this.list.get(token);
  }

  remember(token: string, entry: LocalEntry): void {
    this.cache.set(token, entry);
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** The local list wins over the cache (1.6 §3.5.3); expired entries count as unknown. */
  lookup(
    token: string,
    options: { useList: boolean; useCache: boolean; now: Date },
  ): AuthorizationStatus | undefined {
    const fromList = options.useList ? this.list.get(token) : undefined;
    const entry = fromList ?? (options.useCache ? this.cache.get(token) : undefined);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt.getTime() <= options.now.getTime()) return 'Expired';
    return entry.status;
  }
}
