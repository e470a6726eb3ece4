/**
 * Local authorization lists (SendLocalList, OCPP 1.6 and 2.0.1): each station keeps the
 * institution's cards so a locker goes on working offline; changes go out as differential updates.
 *
 * Triggers: an accepted boot (that station) and `cards.changed` (every station of the institution
 * connected to this node, once per burst: changes within `debounceMs` are coalesced). Syncs to one
 * station never overlap: a request while one runs makes it run once more afterwards.
 * docs/authorization.md, "Local authorization lists".
 */
import type { ServiceDeps } from '../app/services.js';
import { decideCard } from '../authorization/card-rules.js';
import type { CommandResult } from '../commands/command.js';
import type { CommandService } from '../commands/commands.service.js';
import type { LiveEvent } from '../live/live-events.js';
import {
  applyMessage,
  entryFor,
  limitList,
  planSync,
  type ListEntry,
  type ListMessage,
} from './local-list-plan.js';
import {
  connectedListStations,
  findListStation,
  listCardFacts,
  recordAccepted,
  recordInSync,
  recordSyncProblem,
  storedEntries,
  type ListStation,
} from './local-list.repository.js';

export interface LocalListOptions {
  /** How long card changes are collected before the institution's stations are synced. */
  debounceMs?: number;
  /** How long after an accepted boot the station is synced (its BootNotification answer goes out first). */
  bootDelayMs?: number;
}

/** What the station can take: from its configuration, read once per boot. */
export interface StationListLimits {
  /** 1.6 LocalAuthListMaxLength; unknown for 2.0.1 (the maximum is a characteristic, not a value). */
  maxLength?: number;
  /** 1.6 SendLocalListMaxLength, 2.0.1 LocalAuthListCtrlr.ItemsPerMessage. */
  itemsPerMessage: number;
  /** 2.0.1 LocalAuthListCtrlr.BytesPerMessage. */
  bytesPerMessage?: number;
}

/** When a station does not say how many entries one message may carry. */
export const DEFAULT_ITEMS_PER_MESSAGE = 100;

export type SyncOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'inSync'; version: number }
  | { status: 'sent'; version: number; messages: number; dropped: number }
  | { status: 'failed'; reason: string; version: number };

const SYSTEM_REASON = 'local authorization list';

export class LocalListService {
  private readonly debounceMs: number;
  private readonly bootDelayMs: number;
  private unsubscribe: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly institutionTimers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<SyncOutcome>>();
  private readonly again = new Set<string>();
  private readonly limits = new Map<string, StationListLimits>();
  private stopped = false;

  constructor(
    private readonly deps: ServiceDeps & { commands: CommandService },
    options: LocalListOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 500;
    this.bootDelayMs = options.bootDelayMs ?? 200;
  }

  /** Starts listening for boots and card changes. */
  start(): void {
    this.stopped = false;
    this.unsubscribe ??= this.deps.live.subscribe((event) => this.onEvent(event));
  }

  /** Stops listening; waits for syncs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.institutionTimers.clear();
    this.again.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Resolves when no sync runs or waits (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.running.values()]);
      if (this.running.size === 0 && this.timers.size > 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private onEvent(event: LiveEvent): void {
    if (this.stopped) return;
    if (event.type === 'station.booted' && event.registration === 'accepted') {
      // A rebooted station may have another list (or none): read its limits and version again.
      this.limits.delete(event.stationId);
      this.later(this.bootDelayMs, () => void this.request(event.stationId));
    } else if (event.type === 'station.disconnected') {
      this.limits.delete(event.stationId);
    } else if (event.type === 'cards.changed') {
      // A burst (an import, a company suspended) becomes one sync: the first change starts the wait.
      if (this.institutionTimers.has(event.institutionId)) return;
      const timer = this.later(this.debounceMs, () => {
        this.institutionTimers.delete(event.institutionId);
        void this.syncInstitution(event.institutionId);
      });
      this.institutionTimers.set(event.institutionId, timer);
    }
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  /** Every station of the institution with a local list that is connected here. */
  async syncInstitution(institutionId: string): Promise<void> {
    try {
      const ids = await connectedListStations(this.deps.db, institutionId, this.deps.config.nodeId);
      await Promise.all(ids.map((id) => this.request(id)));
    } catch (error) {
      this.deps.log.error({ err: error, institutionId }, 'local list sync of the institution failed');
    }
  }

  /**
   * Brings one station's list up to date. While a sync of the station runs, another request makes
   * it run once more when done (it may have started before the change), never twice at once.
   */
  request(stationId: string): Promise<SyncOutcome> {
    const current = this.running.get(stationId);
    if (current !== undefined) {
      this.again.add(stationId);
      return current;
    }
    const run = async (): Promise<SyncOutcome> => {
      let outcome: SyncOutcome;
      do {
        this.again.delete(stationId);
        outcome = await this.syncSafely(stationId);
      } while (this.again.has(stationId) && !this.stopped);
      return outcome;
    };
    const promise = run().finally(() => this.running.delete(stationId));
    this.running.set(stationId, promise);
    return promise;
  }

  private async syncSafely(stationId: string): Promise<SyncOutcome> {
    try {
      return await this.sync(stationId);
    } catch (error) {
      // Offline, timed out, a CALLERROR: the next boot or card change tries again.
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.log.warn({ err: error, stationId }, 'local list sync failed');
      const station = await findListStation(this.deps.db, stationId).catch(() => undefined);
      if (station !== undefined) {
        await recordSyncProblem(this.deps.db, station, { reason }, this.deps.now()).catch(() => undefined);
      }
      return { status: 'failed', reason, version: station?.localListVersion ?? 0 };
    }
  }

  private async sync(stationId: string): Promise<SyncOutcome> {
    const station = await findListStation(this.deps.db, stationId);
    if (station === undefined) return { status: 'skipped', reason: 'unknown station' };
    if (!station.localListEnabled) return { status: 'skipped', reason: 'local list disabled' };
    if (station.registration !== 'accepted') return { status: 'skipped', reason: 'not accepted' };
    const log = this.deps.log.child({ stationId: station.id, chargeBoxId: station.chargeBoxId });

    const all = await this.desiredList(station);
    // Nothing sent yet and nothing to send: the station is not even asked (no commands at every boot
    // of an institution without cards).
    if (all.length === 0 && station.localListVersion === 0) {
      await recordInSync(this.deps.db, station.id, this.deps.now());
      return { status: 'inSync', version: 0 };
    }
    const stationVersion = await this.stationVersion(station);
    if (stationVersion === undefined) {
      await this.problem(station, { reason: 'notSupported', command: 'getLocalListVersion' });
      log.warn('station keeps no local authorization list');
      return { status: 'failed', reason: 'notSupported', version: station.localListVersion };
    }
    const limits = await this.limitsOf(station);
    const { kept: desired, dropped } = limitList(all, limits.maxLength);
    if (dropped > 0) {
      log.warn({ dropped, maxLength: limits.maxLength }, 'local list longer than the station holds: cut');
    }
    let stored = await storedEntries(this.deps.db, station.id);
    let plan = planSync({ ourVersion: station.localListVersion, stationVersion, stored, desired, limits });
    if (plan.length === 0) {
      await recordInSync(this.deps.db, station.id, this.deps.now());
      return { status: 'inSync', version: station.localListVersion };
    }
    let retriedFull = false;
    let version = station.localListVersion;
    let sent = 0;
    for (let i = 0; i < plan.length; i++) {
      const message = plan[i]!;
      const result = await this.send(station, message);
      sent++;
      if (result.status === 'accepted') {
        await recordAccepted(this.deps.db, station.id, message, this.deps.now());
        stored = applyMessage(stored, message);
        version = message.version;
        continue;
      }
      if (result.status === 'versionMismatch' && !retriedFull) {
        // The station's list is not the one we recorded: replace it whole (1.6 §5.15, 2.0.1 D01.FR.11).
        retriedFull = true;
        const now = (await this.stationVersion(station)) ?? message.version;
        log.info({ ours: version, station: now }, 'local list version mismatch: sending the full list');
        plan = planSync({
          ourVersion: version,
          stationVersion: now,
          stored,
          desired,
          limits,
          forceFull: true,
        });
        i = -1;
        continue;
      }
      await this.problem(station, {
        reason: result.status,
        updateType: message.updateType,
        version: message.version,
        entries: message.entries.length,
      });
      log.warn({ status: result.status, updateType: message.updateType }, 'station refused the local list');
      return { status: 'failed', reason: result.status, version };
    }
    log.info({ version, messages: sent, entries: desired.length }, 'local list synced');
    return { status: 'sent', version, messages: sent, dropped };
  }

  /** Every card of the institution with its decision as on this station (its mode, not its place). */
  private async desiredList(station: ListStation): Promise<ListEntry[]> {
    const now = this.deps.now();
    const cards = await listCardFacts(this.deps.db, station.institutionId);
    return cards.map((card) =>
      entryFor(card.value, decideCard(card, now, station.authorizationMode), card.type),
    );
  }

  /** undefined: the station has no local list (1.6 answers -1). */
  private async stationVersion(station: ListStation): Promise<number | undefined> {
    const { result } = await this.deps.commands.sendAsSystem(SYSTEM_REASON, station.id, {
      command: 'getLocalListVersion',
    });
    if (result.status !== 'accepted' || result.listVersion === undefined) return undefined;
    return result.listVersion;
  }

  private async send(station: ListStation, message: ListMessage): Promise<CommandResult> {
    const { result } = await this.deps.commands.sendAsSystem(SYSTEM_REASON, station.id, {
      command: 'sendLocalList',
      version: message.version,
      updateType: message.updateType,
      entries: message.entries,
    });
    return result;
  }

  private async problem(station: ListStation, payload: Record<string, unknown>): Promise<void> {
    await recordSyncProblem(this.deps.db, station, payload, this.deps.now());
  }

  /** The station's list limits, read from its configuration once per boot. */
  private async limitsOf(station: ListStation): Promise<StationListLimits> {
    const known = this.limits.get(station.id);
    if (known !== undefined) return known;
    const limits = await this.readLimits(station).catch((error: unknown) => {
      this.deps.log.debug({ err: error, stationId: station.id }, 'local list limits unknown');
      return { itemsPerMessage: DEFAULT_ITEMS_PER_MESSAGE };
    });
    this.limits.set(station.id, limits);
    return limits;
  }

  private async readLimits(station: ListStation): Promise<StationListLimits> {
    const v201 = station.ocppVersion === 'ocpp2.0.1';
    const { result } = await this.deps.commands.sendAsSystem(
      SYSTEM_REASON,
      station.id,
      v201
        ? {
            command: 'getConfiguration',
            variables: [
              { component: 'LocalAuthListCtrlr', variable: 'ItemsPerMessage' },
              { component: 'LocalAuthListCtrlr', variable: 'BytesPerMessage' },
            ],
          }
        : { command: 'getConfiguration', keys: ['LocalAuthListMaxLength', 'SendLocalListMaxLength'] },
    );
    const value = (key: string, variable: string): number | undefined => {
      const found = (result.values ?? []).find(
        (v) => v.status === 'accepted' && (v.key === key || v.variable === variable),
      );
      const parsed = found?.value === undefined ? NaN : Number.parseInt(found.value, 10);
      return Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
    };
    if (v201) {
      const bytes = value('LocalAuthListCtrlr.BytesPerMessage', 'BytesPerMessage');
      return {
        itemsPerMessage:
          value('LocalAuthListCtrlr.ItemsPerMessage', 'ItemsPerMessage') ?? DEFAULT_ITEMS_PER_MESSAGE,
        ...(bytes === undefined ? {} : { bytesPerMessage: bytes }),
      };
    }
    const maxLength = value('LocalAuthListMaxLength', 'LocalAuthListMaxLength');
    const perMessage = value('SendLocalListMaxLength', 'SendLocalListMaxLength');
    return {
      itemsPerMessage: perMessage ?? maxLength ?? DEFAULT_ITEMS_PER_MESSAGE,
      ...(maxLength === undefined ? {} : { maxLength }),
    };
  }
}
