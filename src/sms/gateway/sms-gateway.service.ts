/**
 * The SMS gateway: stores every inbound SMS once (idempotent on the provider's message id) and hands
 * it to the flow; queues outbound SMS in the caller's transaction and sends them through the
 * configured provider (log, smpp, http) after commit; keeps the SMS log and the institutions' numbers.
 */
import type { ServiceDeps } from '../../app/services.js';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../shared/context.js';
import type { InboundSms, InboundSmsHandler, OutboundSms, SmsOutbox } from '../sms.js';

export interface ReceiveResult {
  id: string;
  /** The provider delivered this message id before: nothing was handled again. */
  duplicate: boolean;
}

export class SmsGateway implements SmsOutbox {
  private handler: InboundSmsHandler | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  /** The flow registers here (app/services.ts). */
  setHandler(handler: InboundSmsHandler): void {
    this.handler = handler;
  }

  /** Stores an inbound SMS (once per provider message id), then lets the flow answer it. */
  async receive(_ctx: Ctx, _inbound: InboundSms): Promise<ReceiveResult> {
    void this.handler;
    void this.deps;
    throw new Error('not built yet');
  }

  async queue(_db: Db, _ctx: Ctx, _message: OutboundSms): Promise<{ id: string }> {
    throw new Error('not built yet');
  }

  kick(): void {}

  /** Starts the dispatcher and the provider's connection (SMPP bind). */
  start(): void {}

  /** Stops the dispatcher, waits for messages in flight and closes the provider. */
  async stop(): Promise<void> {}
}
