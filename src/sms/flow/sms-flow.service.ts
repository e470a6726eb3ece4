/**
 * The SMS locker flow (DESIGN "The SMS locker flow"): a text with a compartment's name starts a
 * session at the station with a receipt PIN as its token; the same name from the same phone, or the
 * PIN at the keypad, ends it. Every other case gets a short answer in the sender's language.
 *
 * Who holds a compartment is decided by the database: an open SMS session per compartment and an open
 * PIN per station are partial unique indexes, so of two SMS for one compartment exactly one wins.
 * Every answer is queued in the outbox (durable with the change it reports) and sent after commit.
 */
import { assertVisible, requirePermission, scopeOf } from '../../access/tenant-scope.js';
import type { Db } from '../../db/database.js';
import type { LiveEvent } from '../../live/live-events.js';
import type { SessionRow } from '../../sessions/sessions.repository.js';
import type { SessionCompletionHook } from '../../sessions/sessions.service.js';
import type { Ctx } from '../../shared/context.js';
import type { InboundSmsHandler, StoredInboundSms } from '../sms.js';
import { BackgroundWork } from './background-work.js';
import { FlowContext, type SmsFlowDeps } from './flow-context.js';
import { InboundCommands } from './inbound-commands.js';
import { PendingStops } from './pending-stops.js';
import { PinDecider } from './pin.decider.js';
import { Reminders } from './reminders.js';
import { SessionCompletion } from './session-completion.js';
import { toSmsSessionView, type SmsSessionView } from './sms-session-view.js';
import * as repo from './sms-sessions.repository.js';
import { StartCharge } from './start-charge.js';
import { StatusReplies } from './status-replies.js';
import { StopCharge } from './stop-charge.js';

export type { SmsFlowDeps } from './flow-context.js';

export interface SmsFlowStartOptions {
  /** How often overdue sessions are looked for (default one minute). */
  reminderIntervalMs?: number;
}

const DEFAULT_REMINDER_INTERVAL_MS = 60_000;

/**
 * The flow's parts put together: inbound commands (start, stop, status), completion, pending stops
 * and reminders, plus the staff views and the live events that drive the background work.
 */
export class SmsFlow implements InboundSmsHandler, SessionCompletionHook {
  /** Registered with the authorization service (app/services.ts) before the card decider. */
  readonly pinDecider: PinDecider;
  private readonly background: BackgroundWork;
  private readonly starts: StartCharge;
  private readonly inbound: InboundCommands;
  private readonly completion: SessionCompletion;
  private readonly pendingStops: PendingStops;
  private readonly reminders: Reminders;
  private unsubscribe: (() => void) | undefined;
  private reminderTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SmsFlowDeps) {
    this.pinDecider = new PinDecider(deps);
    const flow = new FlowContext(deps);
    this.background = new BackgroundWork(deps.log);
    const status = new StatusReplies(flow);
    this.starts = new StartCharge(flow, status);
    this.inbound = new InboundCommands(flow, {
      start: this.starts,
      stop: new StopCharge(flow, status),
      status,
    });
    this.completion = new SessionCompletion(flow);
    this.pendingStops = new PendingStops(flow, this.background);
    this.reminders = new Reminders(flow);
  }

  handleInbound(ctx: Ctx, message: StoredInboundSms): Promise<void> {
    return this.inbound.handle(ctx, message);
  }

  /** Runs inside the stop's transaction, after billing froze the charge record: queues the closing SMS. */
  sessionCompleted(tx: Db, ctx: Ctx, session: SessionRow): Promise<void> {
    return this.completion.completed(tx, ctx, session);
  }

  /** A station came back: its waiting stops are sent; the closing SMS tells the person. */
  sendPendingStops(stationId: string): Promise<void> {
    return this.pendingStops.send(stationId);
  }

  /** One reminder to each session running longer than its institution allows (once per session). */
  remindOverdue(): Promise<number> {
    return this.reminders.remindOverdue();
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
    this.background.stopped = false;
    this.unsubscribe ??= this.deps.live.subscribe((event) => this.onEvent(event));
    const interval = options.reminderIntervalMs ?? DEFAULT_REMINDER_INTERVAL_MS;
    if (this.reminderTimer !== undefined) clearInterval(this.reminderTimer);
    this.reminderTimer = setInterval(() => {
      this.background.track(this.remindOverdue(), 'reminders failed');
    }, interval);
    this.reminderTimer.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.reminderTimer !== undefined) clearInterval(this.reminderTimer);
    this.reminderTimer = undefined;
    await this.background.stop();
  }

  /** Resolves once nothing started by a live event is running (tests). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  private onEvent(event: LiveEvent): void {
    if (this.background.stopped) return;
    switch (event.type) {
      case 'session.started':
        this.background.track(this.starts.link(event.sessionId), 'linking an SMS session failed');
        break;
      case 'session.stopped':
        this.completion.committed(event.sessionId);
        break;
      case 'station.connected':
        this.background.track(this.sendPendingStops(event.stationId), 'sending pending SMS stops failed');
        break;
      case 'station.booted':
        if (event.registration === 'accepted')
          this.background.track(this.sendPendingStops(event.stationId), 'sending pending SMS stops failed');
        break;
      default:
        break;
    }
  }
}
