/**
 * The SMS locker flow (DESIGN "The SMS locker flow"): a text with a compartment's name starts a
 * session at the station with a receipt PIN as its token; the same name from the same phone, or the
 * PIN at the keypad, ends it. Every other case gets a short answer in the sender's language.
 *
 * Who holds a compartment is decided by the database: an open SMS session per compartment and an open
 * PIN per station are partial unique indexes, so of two SMS for one compartment exactly one wins.
 * Every answer is queued in the outbox (durable with the change it reports) and sent after commit.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { assertVisible, requirePermission, scopeOf } from '../../access/tenant-scope.js';
import type { ServiceDeps } from '../../app/services.js';
import type { AlertsService } from '../../alerts/alerts.service.js';
import type { CommandService } from '../../commands/commands.service.js';
import type { Db } from '../../db/database.js';
import type { SmsKind, SmsSessionState } from '../../db/schema.js';
import type { LiveEvent } from '../../live/live-events.js';
import type { ConnectionRegistry } from '../../ocpp/connections.js';
import type { PricingService } from '../../pricing/pricing.service.js';
import type { SessionRow } from '../../sessions/sessions.repository.js';
import type { SessionCompletionHook } from '../../sessions/sessions.service.js';
import { systemActor, type Ctx } from '../../shared/context.js';
import { StationOffline, StationTimeout } from '../../shared/errors.js';
import {
  receiptPath,
  type InboundSmsHandler,
  type Language,
  type SmsOutbox,
  type StoredInboundSms,
} from '../sms.js';
import { CompartmentNames, parseSms, type SmsCommand } from './command-parser.js';
import { inUse, startRefusal } from './compartment-check.js';
import { PinDecider } from './pin.decider.js';
import { randomPin, randomReceiptToken, randomRemoteStartId } from './pin.js';
import { renderReply, type Money, type Reply } from './replies.js';
import { toSmsSessionView, type SmsSessionView } from './sms-session-view.js';
import * as repo from './sms-sessions.repository.js';
import type { Compartment, SmsSessionRow } from './sms-sessions.repository.js';

export interface SmsFlowDeps extends ServiceDeps {
  outbox: SmsOutbox;
  commands: CommandService;
  pricing: PricingService;
  alerts: AlertsService;
  connections: ConnectionRegistry;
}

export interface SmsFlowStartOptions {
  /** How often overdue sessions are looked for (default one minute). */
  reminderIntervalMs?: number;
}

/** PIN collisions at one station are rare (a million PINs); a few fresh draws always suffice. */
const PIN_ATTEMPTS = 8;
/** A stop asked this soon after the start may come before the station reported the transaction. */
const START_REPORT_GRACE_MS = 2 * 60_000;
/** A stop SMS this soon after the end is answered "already ended" rather than "nothing to stop". */
const RECENTLY_ENDED_MS = 60 * 60_000;
const DEFAULT_REMINDER_INTERVAL_MS = 60_000;
/** A pending stop the returning station refused is tried again after 1 s, 2 s, 4 s, ... (at most a minute apart). */
const PENDING_STOP_RETRY_MS = 1_000;
const PENDING_STOP_RETRIES = 8;
const REMINDER_BATCH = 100;
const MAX_STATUS_REPLIES = 3;
/** How long the parser's list of compartment names is reused (a name it misses is read again). */
const NAMES_TTL_MS = 10_000;
/** A stop refused within this long after the start is asked again after 0.5 s, 1 s, 2 s. */
const EARLY_STOP_WINDOW_MS = 30_000;
const EARLY_STOP_RETRY_MS = 500;
const EARLY_STOP_RETRIES = 3;

/** Where an answer goes: to the phone, from the number it texted, in its language. */
interface Conversation {
  institutionId: string | null;
  serviceNumber: string;
  phone: string;
  language: Language;
  inReplyToId?: string;
}

const REPLY_KIND: Partial<Record<Reply['kind'], SmsKind>> = {
  confirmation: 'confirmation',
  closing: 'closing',
  reminder: 'reminder',
};

export class SmsFlow implements InboundSmsHandler, SessionCompletionHook {
  /** Registered with the authorization service (app/services.ts) before the card decider. */
  readonly pinDecider: PinDecider;
  private unsubscribe: (() => void) | undefined;
  private reminderTimer: NodeJS.Timeout | undefined;
  private readonly work = new Set<Promise<unknown>>();
  /** SMS sessions whose pending stop is being sent now (a reconnect and a boot come close together). */
  private readonly sendingStops = new Set<string>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** sms.session events of completions, announced once their transaction committed. */
  private readonly completedBySession = new Map<string, LiveEvent>();
  private stopped = false;
  private readonly namesCache = new Map<string, { names: CompartmentNames; at: number }>();

  constructor(private readonly deps: SmsFlowDeps) {
    this.pinDecider = new PinDecider(deps);
  }

  // ---- inbound ----

  async handleInbound(ctx: Ctx, message: StoredInboundSms): Promise<void> {
    if (message.institutionId === null) {
      // A number nobody owns: answered once in German, the default.
      await this.reply(
        {
          institutionId: null,
          serviceNumber: message.to,
          phone: message.from,
          language: 'de',
          inReplyToId: message.id,
        },
        { kind: 'unknownNumber' },
      );
      return;
    }
    const institutionId = message.institutionId;
    let names = await this.compartmentNames(institutionId, false);
    let parsed = parseSms(message.text, names);
    // A name the cached list does not know may be a compartment added a moment ago: ask again.
    if (parsed.command.kind === 'unknown' && parsed.command.typed !== undefined) {
      names = await this.compartmentNames(institutionId, true);
      parsed = parseSms(message.text, names);
    }
    const { command, language } = parsed;
    const talk: Conversation = {
      institutionId,
      serviceNumber: message.to,
      phone: message.from,
      language,
      inReplyToId: message.id,
    };
    const named = 'name' in command && command.name !== undefined ? command.name : undefined;
    const compartment =
      named === undefined ? undefined : await repo.findCompartmentByName(this.deps.db, institutionId, named);
    if (named !== undefined && compartment === undefined) {
      // Renamed or removed since the list was read.
      this.namesCache.delete(institutionId);
      return this.reply(talk, {
        kind: 'unknownCompartment',
        typed: named,
        suggestions: [],
        example: names.names[0],
      });
    }
    const byName = () => compartment!;
    const example = names.names[0];
    ctx.log.info({ command: command.kind, language }, 'SMS command');
    await this.dispatch(ctx, talk, command, byName, example);
  }

  /**
   * The institution's compartment names for the parser, kept a few seconds: reading every name of a
   * large installation for each SMS would cost more than everything else the SMS does.
   */
  private async compartmentNames(institutionId: string, fresh: boolean): Promise<CompartmentNames> {
    const cached = this.namesCache.get(institutionId);
    const now = Date.now();
    if (!fresh && cached !== undefined && now - cached.at < NAMES_TTL_MS) return cached.names;
    const names = new CompartmentNames(await repo.listShortNames(this.deps.db, institutionId));
    this.namesCache.set(institutionId, { names, at: now });
    return names;
  }

  private async dispatch(
    ctx: Ctx,
    talk: Conversation,
    command: SmsCommand,
    byName: (name: string) => Compartment,
    example: string | undefined,
  ): Promise<void> {
    switch (command.kind) {
      case 'help':
        return this.reply(talk, { kind: 'help', example });
      case 'unknown':
        if (command.typed === undefined && command.suggestions.length === 0)
          return this.reply(talk, { kind: 'help', example });
        return this.reply(talk, {
          kind: 'unknownCompartment',
          typed: command.typed,
          suggestions: command.suggestions,
          example,
        });
      case 'status':
        return command.name === undefined
          ? this.statusOfPhone(ctx, talk)
          : this.status(ctx, talk, byName(command.name));
      case 'stop':
        return command.name === undefined
          ? this.stopOfPhone(ctx, talk)
          : this.stopCharge(ctx, talk, byName(command.name));
      case 'start':
        return this.startCharge(ctx, talk, byName(command.name), { explicit: true });
      case 'name': {
        const compartment = byName(command.name);
        const open = await repo.findOpenSession(this.deps.db, compartment.id);
        if (open !== undefined && open.phone === talk.phone) return this.stopCharge(ctx, talk, compartment);
        return this.startCharge(ctx, talk, compartment, { explicit: false });
      }
    }
  }

  // ---- start ----

  private async startCharge(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    how: { explicit: boolean },
  ): Promise<void> {
    const { db } = this.deps;
    const name = compartment.shortName;
    // Independent reads, asked at once: the time to the start command is what a person waits for.
    const [open, transactionRunning, price] = await Promise.all([
      repo.findOpenSession(db, compartment.id),
      repo.hasActiveOcppSession(db, compartment.stationId, compartment.evseId),
      this.priceText(ctx, compartment.id, talk.language),
    ]);
    if (open !== undefined)
      return this.answerOpen(ctx, talk, compartment, open, how.explicit ? 'start' : 'name');

    const refusal = startRefusal({
      online: this.online(compartment),
      status: compartment.status,
      door: compartment.door,
      locker: compartment.stationKind === 'locker',
      transactionRunning,
      smsSessionOpen: false,
    });
    if (refusal !== undefined) return this.reply(talk, { kind: refusal, name });

    // The price is part of the confirmation: without a tariff nothing starts (never a price of 0).
    if (price === undefined) {
      await this.deps.alerts.raise(ctx, {
        institutionId: compartment.institutionId,
        stationId: compartment.stationId,
        chargePointId: compartment.id,
        kind: 'sms_start_failed',
        severity: 'warning',
        message: {
          de: `SMS-Start an ${name} abgelehnt: kein Tarif.`,
          en: `SMS start at ${name} refused: no tariff.`,
        },
        payload: { reason: 'no_tariff' },
      });
      return this.reply(talk, { kind: 'outOfService', name });
    }

    const created = await this.createSession(ctx, talk, compartment);
    if (created.kind === 'taken') return this.answerOpen(ctx, talk, compartment, created.open, 'start');
    const sms = created.session;
    const log = ctx.log.child({ smsSessionId: sms.id, stationId: compartment.stationId });
    this.announce(sms);

    let outcome: { state: 'active' } | { state: 'failed'; reason: string; reply: Reply };
    try {
      const sent = await this.deps.commands.sendAsSystem('SMS start', compartment.stationId, {
        command: 'startSession',
        evseId: compartment.evseId,
        idTag: sms.receiptPin,
        idTagType: 'Central',
        remoteStartId: sms.remoteStartId ?? randomRemoteStartId(),
      });
      outcome =
        sent.result.status === 'accepted'
          ? { state: 'active' }
          : {
              state: 'failed',
              reason: `refused: ${sent.result.status}`,
              reply: { kind: 'startRefused', name },
            };
    } catch (error) {
      if (error instanceof StationOffline)
        outcome = { state: 'failed', reason: 'station_offline', reply: { kind: 'stationOffline', name } };
      else if (error instanceof StationTimeout)
        outcome = { state: 'failed', reason: 'station_timeout', reply: { kind: 'stationTimeout', name } };
      else {
        log.error({ err: error }, 'SMS start failed');
        outcome = { state: 'failed', reason: 'error', reply: { kind: 'error' } };
      }
    }

    const now = ctx.now();
    const row = await db.transaction(async (tx) => {
      if (outcome.state === 'active') {
        // The station may have reported the transaction already (linked it, state active).
        const changed = await repo.transition(
          tx,
          sms.id,
          ['starting', 'active'],
          { state: 'active', startedAt: sms.startedAt ?? now },
          now,
        );
        if (changed !== undefined)
          await this.queue(tx, ctx, talk, { kind: 'confirmation', name, pin: sms.receiptPin, price }, sms.id);
        return changed;
      }
      const changed = await repo.transition(
        tx,
        sms.id,
        ['starting'],
        { state: 'failed', failureReason: outcome.reason, endedAt: now },
        now,
      );
      if (changed !== undefined) await this.queue(tx, ctx, talk, outcome.reply, sms.id);
      return changed;
    });
    this.deps.outbox.kick();
    if (row !== undefined) this.announce(row);
    log.info(
      { state: row?.state ?? 'unchanged', outcome: outcome.state === 'failed' ? outcome.reason : 'accepted' },
      'SMS start',
    );
  }

  /** A new open session with a fresh PIN; `taken` when another one holds the compartment already. */
  private async createSession(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
  ): Promise<{ kind: 'created'; session: SmsSessionRow } | { kind: 'taken'; open: SmsSessionRow }> {
    for (let attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
      const now = ctx.now();
      const row = await repo.insertSmsSession(this.deps.db, {
        institutionId: compartment.institutionId,
        stationId: compartment.stationId,
        chargePointId: compartment.id,
        evseId: compartment.evseId,
        serviceNumber: talk.serviceNumber,
        phone: talk.phone,
        language: talk.language,
        receiptPin: randomPin(),
        receiptToken: randomReceiptToken(),
        remoteStartId: randomRemoteStartId(),
        state: 'starting',
        createdAt: now,
        updatedAt: now,
      });
      if (row !== undefined) return { kind: 'created', session: row };
      const open = await repo.findOpenSession(this.deps.db, compartment.id);
      if (open !== undefined) return { kind: 'taken', open };
      // Otherwise the PIN was taken at this station: draw another.
    }
    throw new Error(`No free receipt PIN at station ${compartment.stationId} after ${PIN_ATTEMPTS} draws`);
  }

  /** The compartment has an open session: the owner hears its state, anyone else that it is taken. */
  private async answerOpen(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    open: SmsSessionRow,
    intent: 'start' | 'name',
  ): Promise<void> {
    const name = compartment.shortName;
    if (open.phone !== talk.phone)
      return this.reply(talk, intent === 'name' ? { kind: 'notYours', name } : { kind: 'busy', name });
    switch (open.state) {
      case 'starting':
        return this.reply(talk, { kind: 'starting', name });
      case 'active':
        return this.reply(talk, await this.ownerStatus(ctx, compartment, open));
      case 'stopping':
        return this.reply(talk, { kind: 'stopping', name });
      default:
        return this.reply(talk, { kind: 'stopPending', name });
    }
  }

  // ---- stop ----

  private async stopOfPhone(ctx: Ctx, talk: Conversation): Promise<void> {
    const open = await repo.openSessionsOfPhone(this.deps.db, talk.institutionId!, talk.phone);
    if (open.length === 0) return this.reply(talk, { kind: 'nothingToStop', name: undefined });
    if (open.length > 1) return this.reply(talk, { kind: 'stopWhich', names: open.map((s) => s.shortName) });
    const compartment = await repo.findCompartment(this.deps.db, open[0]!.chargePointId);
    return this.stopCharge(ctx, talk, compartment!);
  }

  private async stopCharge(ctx: Ctx, talk: Conversation, compartment: Compartment): Promise<void> {
    const { db } = this.deps;
    const name = compartment.shortName;
    const open = await repo.findOpenSession(db, compartment.id);
    if (open === undefined) {
      const latest = await repo.findLatestOfPhone(db, compartment.id, talk.phone);
      const recentlyEnded =
        latest?.state === 'completed' &&
        latest.endedAt !== null &&
        ctx.now().getTime() - latest.endedAt.getTime() < RECENTLY_ENDED_MS;
      return this.reply(
        talk,
        recentlyEnded ? { kind: 'alreadyEnded', name } : { kind: 'nothingToStop', name },
      );
    }
    // Only the phone that started it may end it: nothing is sent to the station for anyone else.
    if (open.phone !== talk.phone) return this.reply(talk, { kind: 'notYours', name });
    if (open.state !== 'active') return this.answerOpen(ctx, talk, compartment, open, 'name');

    const ocpp = await repo.findOcppSession(db, open);
    const now = ctx.now();
    if (ocpp === undefined) {
      if (now.getTime() - open.createdAt.getTime() < START_REPORT_GRACE_MS)
        return this.reply(talk, { kind: 'notStartedYet', name });
      // Accepted but never started: nothing locked, nothing to bill; the compartment is free again.
      const failed = await db.transaction(async (tx) => {
        const row = await repo.transition(
          tx,
          open.id,
          ['active'],
          { state: 'failed', failureReason: 'no_transaction', endedAt: now },
          now,
        );
        if (row !== undefined) await this.queue(tx, ctx, talk, { kind: 'nothingToStop', name }, open.id);
        return row;
      });
      this.deps.outbox.kick();
      if (failed !== undefined) this.announce(failed);
      return;
    }
    if (ocpp.status === 'completed') return this.reply(talk, { kind: 'alreadyEnded', name });

    const claimed = await repo.transition(
      db,
      open.id,
      ['active'],
      { state: 'stopping', stopRequestedAt: now, sessionId: ocpp.id },
      now,
    );
    // Another stop (SMS, keypad) got there first.
    if (claimed === undefined) return this.reply(talk, { kind: 'stopping', name });
    this.announce(claimed);
    if (!this.online(compartment)) return this.deferStop(ctx, talk, compartment, claimed);

    try {
      let sent = await this.sendStop(compartment.stationId, ocpp.transactionId);
      // A stop texted right after the start may reach a 1.6 station before it has read the
      // transaction id in its StartTransaction answer: it refuses; asked again a moment later it stops.
      for (let retry = 0; sent !== 'accepted' && retry < EARLY_STOP_RETRIES; retry++) {
        if (ctx.now().getTime() - ocpp.startedAt.getTime() > EARLY_STOP_WINDOW_MS) break;
        await sleep(EARLY_STOP_RETRY_MS * 2 ** retry);
        sent = await this.sendStop(compartment.stationId, ocpp.transactionId);
      }
      // Accepted: the station ends the transaction and unlocks the door; the closing SMS follows
      // from sessionCompleted once the stop is stored and billed.
      if (sent === 'accepted') return;
      await this.undoStop(ctx, talk, claimed, { kind: 'stopRefused', name });
    } catch (error) {
      if (error instanceof StationOffline) return this.deferStop(ctx, talk, compartment, claimed);
      if (error instanceof StationTimeout)
        return this.undoStop(ctx, talk, claimed, { kind: 'stopTimeout', name });
      ctx.log.error({ err: error, smsSessionId: open.id }, 'SMS stop failed');
      return this.undoStop(ctx, talk, claimed, { kind: 'error' });
    }
  }

  private async sendStop(stationId: string, transactionId: string): Promise<string> {
    const sent = await this.deps.commands.sendAsSystem('SMS stop', stationId, {
      command: 'stopSession',
      transactionId,
    });
    return sent.result.status;
  }

  /** The stop did not happen: the session runs on (unless it ended meanwhile) and the person is told. */
  private async undoStop(ctx: Ctx, talk: Conversation, sms: SmsSessionRow, reply: Reply): Promise<void> {
    const now = ctx.now();
    const row = await this.deps.db.transaction(async (tx) => {
      const changed = await repo.transition(
        tx,
        sms.id,
        ['stopping'],
        { state: 'active', stopRequestedAt: null },
        now,
      );
      if (changed !== undefined) await this.queue(tx, ctx, talk, reply, sms.id);
      return changed;
    });
    this.deps.outbox.kick();
    if (row !== undefined) this.announce(row);
  }

  /** The station is offline: the stop waits for it (sent on reconnect), staff see an alert. */
  private async deferStop(
    ctx: Ctx,
    talk: Conversation,
    compartment: Compartment,
    sms: SmsSessionRow,
  ): Promise<void> {
    const now = ctx.now();
    const row = await this.deps.db.transaction(async (tx) => {
      const changed = await repo.transition(tx, sms.id, ['stopping'], { state: 'stop_pending' }, now);
      if (changed === undefined) return undefined;
      await this.queue(tx, ctx, talk, { kind: 'stopPending', name: compartment.shortName }, sms.id);
      await this.deps.alerts.raise(
        ctx,
        {
          institutionId: compartment.institutionId,
          stationId: compartment.stationId,
          chargePointId: compartment.id,
          kind: 'sms_stop_pending',
          severity: 'warning',
          message: {
            de: `Ende von ${compartment.shortName} per SMS wartet: Station ${compartment.chargeBoxId} offline.`,
            en: `SMS stop of ${compartment.shortName} waits: station ${compartment.chargeBoxId} offline.`,
          },
          payload: { smsSessionId: sms.id },
        },
        tx,
      );
      return changed;
    });
    this.deps.outbox.kick();
    if (row !== undefined) this.announce(row);
  }

  /** A station came back: its waiting stops are sent; the closing SMS tells the person. */
  async sendPendingStops(stationId: string): Promise<void> {
    const ctx = this.systemCtx('SMS pending stop');
    for (const sms of await repo.pendingStopsOfStation(this.deps.db, stationId)) {
      if (this.sendingStops.has(sms.id)) continue;
      this.sendingStops.add(sms.id);
      try {
        if (!(await this.sendPendingStop(ctx, sms))) this.retryPendingStop(sms, 1);
      } finally {
        this.sendingStops.delete(sms.id);
      }
    }
  }

  /**
   * Sends one waiting stop; true when it is done (accepted, or the session ended meanwhile). A station
   * just back may refuse it while it still replays what it queued offline (a 1.6 station learns the
   * transaction id only from the answer to its StartTransaction): then it is tried again shortly.
   */
  private async sendPendingStop(ctx: Ctx, sms: SmsSessionRow): Promise<boolean> {
    const log = ctx.log.child({ smsSessionId: sms.id, stationId: sms.stationId });
    const current = await repo.findSmsSession(this.deps.db, sms.id);
    if (current?.state !== 'stop_pending') return true;
    const ocpp = await repo.findOcppSession(this.deps.db, current);
    // Ended meanwhile (its StopTransaction was queued at the station): sessionCompleted closed it.
    if (ocpp === undefined || ocpp.status === 'completed') return true;
    try {
      const sent = await this.deps.commands.sendAsSystem('SMS pending stop', sms.stationId, {
        command: 'stopSession',
        transactionId: ocpp.transactionId,
      });
      // The state stays stop_pending until the stop is stored: the closing SMS says the station is back.
      log.info({ status: sent.result.status }, 'pending SMS stop sent');
      return sent.result.status === 'accepted';
    } catch (error) {
      log.warn({ err: error }, 'pending SMS stop not sent; tried again when the station returns');
      // Offline again: the next connect sends it.
      return error instanceof StationOffline;
    }
  }

  private retryPendingStop(sms: SmsSessionRow, attempt: number): void {
    if (this.stopped || attempt > PENDING_STOP_RETRIES) return;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        if (this.stopped || this.sendingStops.has(sms.id)) return;
        this.sendingStops.add(sms.id);
        const ctx = this.systemCtx('SMS pending stop');
        const work = this.sendPendingStop(ctx, sms)
          .then((done) => {
            if (!done) this.retryPendingStop(sms, attempt + 1);
          })
          .finally(() => this.sendingStops.delete(sms.id));
        this.track(work, 'retrying a pending SMS stop failed');
      },
      Math.min(PENDING_STOP_RETRY_MS * 2 ** (attempt - 1), 60_000),
    );
    timer.unref();
    this.retryTimers.add(timer);
  }

  // ---- status ----

  private async status(ctx: Ctx, talk: Conversation, compartment: Compartment): Promise<void> {
    const { db } = this.deps;
    const name = compartment.shortName;
    const open = await repo.findOpenSession(db, compartment.id);
    if (open !== undefined && open.phone === talk.phone)
      return this.answerOpen(ctx, talk, compartment, open, 'start');
    if (compartment.status === 'Unavailable' || compartment.status === 'Faulted')
      return this.reply(talk, { kind: 'outOfService', name });
    const busy = inUse({
      status: compartment.status,
      transactionRunning: await repo.hasActiveOcppSession(db, compartment.stationId, compartment.evseId),
      smsSessionOpen: open !== undefined,
    });
    return this.reply(talk, busy ? { kind: 'statusBusy', name } : { kind: 'statusFree', name });
  }

  private async statusOfPhone(ctx: Ctx, talk: Conversation): Promise<void> {
    const open = await repo.openSessionsOfPhone(this.deps.db, talk.institutionId!, talk.phone);
    if (open.length === 0) return this.reply(talk, { kind: 'nothingToStop', name: undefined });
    for (const sms of open.slice(0, MAX_STATUS_REPLIES)) {
      const compartment = await repo.findCompartment(this.deps.db, sms.chargePointId);
      await this.answerOpen(ctx, talk, compartment!, sms, 'start');
    }
  }

  /** Running since, how long, and what it costs so far (priced as billing would, for an anonymous phone). */
  private async ownerStatus(ctx: Ctx, compartment: Compartment, sms: SmsSessionRow): Promise<Reply> {
    const now = ctx.now();
    const since = sms.startedAt ?? sms.createdAt;
    const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
    let cost: Money | null = null;
    try {
      const quote = await this.deps.pricing.quote(this.systemCtx('SMS status'), compartment.id, {
        duration: `PT${Math.max(1, Math.ceil(seconds / 60))}M`,
        at: since.toISOString(),
      });
      cost = { cents: quote.totalCents, currency: quote.currency };
    } catch (error) {
      ctx.log.warn({ err: error, smsSessionId: sms.id }, 'no price for the SMS status');
    }
    return { kind: 'statusOwner', name: compartment.shortName, since, durationSeconds: seconds, cost };
  }

  // ---- completion (inside the stop's transaction) ----

  /** Runs inside the stop's transaction, after billing froze the charge record: queues the closing SMS. */
  async sessionCompleted(tx: Db, ctx: Ctx, session: SessionRow): Promise<void> {
    const smsSessionId = session.smsSessionId ?? (await this.smsSessionOf(tx, session.id));
    if (smsSessionId === undefined) return;
    const sms = await repo.lockSmsSession(tx, smsSessionId);
    // A failed session (its start was given up) that the station started late: nothing to tell.
    if (sms === undefined || sms.state === 'completed' || sms.state === 'failed') return;
    const now = ctx.now();
    const record = await repo.chargeRecordOfSession(tx, session.id);
    const stoppedAt = session.stoppedAt ?? now;
    const durationSeconds =
      record?.durationSeconds ??
      Math.max(0, Math.round((stoppedAt.getTime() - session.startedAt.getTime()) / 1000));
    const completed = await repo.transition(
      tx,
      sms.id,
      repo.OPEN_STATES,
      {
        state: 'completed',
        endedAt: stoppedAt,
        sessionId: session.id,
        startedAt: sms.startedAt ?? session.startedAt,
      },
      now,
    );
    if (completed === undefined) return;
    const compartment = await repo.findCompartment(tx, sms.chargePointId);
    await this.queue(
      tx,
      ctx,
      {
        institutionId: sms.institutionId,
        serviceNumber: sms.serviceNumber,
        phone: sms.phone,
        language: sms.language,
      },
      {
        kind: 'closing',
        name: compartment?.shortName ?? '',
        durationSeconds,
        cost: record === undefined ? null : { cents: record.totalCents, currency: record.currency },
        // The receipt page speaks the language the person texted in.
        receiptUrl: `${this.deps.config.publicUrl}${receiptPath(sms.receiptToken)}${sms.language === 'en' ? '?lang=en' : ''}`,
        afterPendingStop: sms.state === 'stop_pending',
      },
      sms.id,
    );
    // Sent and announced once the stop committed (SessionsService publishes session.stopped then).
    this.completedBySession.set(session.id, this.sessionEvent(completed));
  }

  private async smsSessionOf(tx: Db, sessionId: string): Promise<string | undefined> {
    const [row] = await repo.smsSessionsOfOcppSession(tx, sessionId);
    return row?.id;
  }

  // ---- reminders ----

  /** One reminder to each session running longer than its institution allows (once per session). */
  async remindOverdue(): Promise<number> {
    const ctx = this.systemCtx('SMS reminder');
    const now = ctx.now();
    const overdue = await repo.overdueSessions(
      this.deps.db,
      now,
      this.deps.config.sms.reminderAfterMinutes,
      REMINDER_BATCH,
    );
    let sent = 0;
    for (const sms of overdue) {
      const seconds = Math.floor((now.getTime() - sms.startedAt!.getTime()) / 1000);
      const done = await this.deps.db.transaction(async (tx) => {
        const [marked] = await repo.markReminded(tx, sms.id, now);
        if (marked === undefined) return false;
        await this.queue(
          tx,
          ctx,
          {
            institutionId: sms.institutionId,
            serviceNumber: sms.serviceNumber,
            phone: sms.phone,
            language: sms.language,
          },
          { kind: 'reminder', name: sms.shortName, durationSeconds: seconds, pin: sms.receiptPin },
          sms.id,
        );
        await this.deps.alerts.raise(
          ctx,
          {
            institutionId: sms.institutionId,
            stationId: sms.stationId,
            chargePointId: sms.chargePointId,
            kind: 'session_overdue',
            severity: 'info',
            message: {
              de: `${sms.shortName} lädt seit über ${Math.floor(seconds / 60)} Minuten; Erinnerung per SMS gesendet.`,
              en: `${sms.shortName} has been charging for over ${Math.floor(seconds / 60)} minutes; SMS reminder sent.`,
            },
            payload: { smsSessionId: sms.id },
          },
          tx,
        );
        return true;
      });
      if (done) sent++;
    }
    if (sent > 0) this.deps.outbox.kick();
    return sent;
  }

  // ---- staff ----

  async list(ctx: Ctx, filter: repo.SmsSessionFilter): Promise<SmsSessionView[]> {
    requirePermission(ctx.actor, 'sms:read');
    const rows = await repo.listSmsSessions(this.deps.db, scopeOf(ctx.actor), filter);
    return rows.map((row) => toSmsSessionView(row, ctx.actor, this.deps.config.publicUrl));
  }

  async get(ctx: Ctx, smsSessionId: string): Promise<SmsSessionView> {
    requirePermission(ctx.actor, 'sms:read');
    const row = assertVisible(
      ctx.actor,
      await repo.findSmsSessionView(this.deps.db, smsSessionId),
      'SMS session',
      smsSessionId,
    );
    return toSmsSessionView(row, ctx.actor, this.deps.config.publicUrl);
  }

  // ---- lifecycle ----

  /** Watches stations coming back (pending stops), starts reported (links), and overdue sessions (reminders). */
  start(options: SmsFlowStartOptions = {}): void {
    this.stopped = false;
    this.unsubscribe ??= this.deps.live.subscribe((event) => this.onEvent(event));
    const interval = options.reminderIntervalMs ?? DEFAULT_REMINDER_INTERVAL_MS;
    if (this.reminderTimer !== undefined) clearInterval(this.reminderTimer);
    this.reminderTimer = setInterval(() => {
      this.track(this.remindOverdue(), 'reminders failed');
    }, interval);
    this.reminderTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.reminderTimer !== undefined) clearInterval(this.reminderTimer);
    this.reminderTimer = undefined;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Resolves once nothing started by a live event is running (tests). */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  private onEvent(event: LiveEvent): void {
    if (this.stopped) return;
    switch (event.type) {
      case 'session.started':
        this.track(this.link(event.sessionId), 'linking an SMS session failed');
        break;
      case 'session.stopped': {
        const completed = this.completedBySession.get(event.sessionId);
        if (completed !== undefined) {
          this.completedBySession.delete(event.sessionId);
          this.deps.outbox.kick();
          this.deps.live.publish(completed);
        }
        break;
      }
      case 'station.connected':
        this.track(this.sendPendingStops(event.stationId), 'sending pending SMS stops failed');
        break;
      case 'station.booted':
        if (event.registration === 'accepted')
          this.track(this.sendPendingStops(event.stationId), 'sending pending SMS stops failed');
        break;
      default:
        break;
    }
  }

  private async link(sessionId: string): Promise<void> {
    const row = await repo.linkOcppSession(this.deps.db, sessionId, this.deps.now());
    if (row !== undefined) this.announce(row);
  }

  private track(work: Promise<unknown>, what: string): void {
    const tracked = work.catch((error: unknown) => this.deps.log.error({ err: error }, what));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  // ---- helpers ----

  private online(compartment: Compartment): boolean {
    const link = this.deps.connections.get(compartment.chargeBoxId);
    return (
      link !== undefined &&
      link.stationId === compartment.stationId &&
      compartment.registration === 'accepted'
    );
  }

  /** The short price text of the compartment in the person's language; undefined: no tariff. */
  private async priceText(ctx: Ctx, chargePointId: string, language: Language): Promise<string | undefined> {
    try {
      const text = await this.deps.pricing.priceText(this.systemCtx('SMS price'), chargePointId, language);
      return text.short ?? text.text;
    } catch (error) {
      ctx.log.warn({ err: error, chargePointId }, 'no price text for an SMS start');
      return undefined;
    }
  }

  private async reply(talk: Conversation, reply: Reply, smsSessionId?: string): Promise<void> {
    await this.queue(this.deps.db, this.systemCtx('SMS reply'), talk, reply, smsSessionId);
    this.deps.outbox.kick();
  }

  private async queue(
    db: Db,
    ctx: Ctx,
    talk: Conversation,
    reply: Reply,
    smsSessionId?: string,
  ): Promise<void> {
    await this.deps.outbox.queue(db, ctx, {
      institutionId: talk.institutionId,
      from: talk.serviceNumber,
      to: talk.phone,
      text: renderReply(reply, talk.language, ctx.now()),
      language: talk.language,
      kind: REPLY_KIND[reply.kind] ?? 'reply',
      ...(talk.inReplyToId === undefined ? {} : { inReplyToId: talk.inReplyToId }),
      ...(smsSessionId === undefined ? {} : { smsSessionId }),
    });
  }

  private sessionEvent(row: SmsSessionRow): LiveEvent {
    return {
      type: 'sms.session',
      institutionId: row.institutionId,
      smsSessionId: row.id,
      chargePointId: row.chargePointId,
      state: row.state satisfies SmsSessionState,
    };
  }

  private announce(row: SmsSessionRow): void {
    this.deps.live.publish(this.sessionEvent(row));
  }

  private systemCtx(reason: string): Ctx {
    return { actor: systemActor(reason), now: this.deps.now, log: this.deps.log };
  }
}
