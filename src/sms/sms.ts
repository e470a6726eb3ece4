/**
 * The SMS contracts between the gateway (sms/gateway: providers, webhook, outbox) and the flow
 * (sms/flow: commands, SMS sessions, PINs). The gateway stores every message and carries it; the flow
 * decides what to answer. Neither imports the other's internals.
 */
import type { Db } from '../db/database.js';
import type { SmsKind } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';

export type Language = 'de' | 'en';

/** An SMS as a provider hands it over (webhook body, SMPP deliver_sm). */
export interface InboundSms {
  /** The provider's name (webhook: the name its token is configured under; `smpp`). */
  provider: string;
  /** The provider's message id: a repeated delivery with the same id is stored and handled once. */
  providerMessageId: string;
  /** The sender's phone number in any common spelling (+49 171 …, 0049…, 0171… is not accepted). */
  from: string;
  /** The number texted (short code or long number). */
  to: string;
  text: string;
  receivedAt?: Date;
}

/** An inbound SMS once stored: numbers normalised (sms/phone.ts), its institution found by `to`. */
export interface StoredInboundSms {
  id: string;
  /** null: the number texted belongs to no institution. */
  institutionId: string | null;
  provider: string;
  from: string;
  to: string;
  text: string;
  receivedAt: Date;
}

/** What the flow implements: answers one stored inbound SMS (called once per message id). */
export interface InboundSmsHandler {
  handleInbound(ctx: Ctx, message: StoredInboundSms): Promise<void>;
}

/** An SMS to send. `from` is the service number the person texted. */
export interface OutboundSms {
  institutionId: string | null;
  from: string;
  to: string;
  text: string;
  language: Language;
  kind: SmsKind;
  inReplyToId?: string;
  smsSessionId?: string;
}

/**
 * The outbox: `queue` stores a message in the caller's transaction (durable with whatever caused it,
 * e.g. the stop of a session); the dispatcher sends it after commit. `kick` wakes the dispatcher.
 */
export interface SmsOutbox {
  queue(db: Db, ctx: Ctx, message: OutboundSms): Promise<{ id: string }>;
  kick(): void;
}

/** The path of a receipt page for the link in the closing SMS (public/ serves it). */
export const receiptPath = (receiptToken: string) => `/r/${receiptToken}`;

/** The path of a compartment's public page (public/ serves it; a QR code may point here). */
export const compartmentPath = (serviceNumber: string, shortName: string) =>
  `/c/${serviceNumber}/${encodeURIComponent(shortName)}`;
