/**
 * What carries outbound SMS and, for providers with a connection of their own (SMPP), brings inbound
 * SMS and delivery receipts back. The gateway stores and retries; a provider only transports.
 */
import type { InboundSms } from '../../sms.js';

export interface OutgoingSms {
  /** The sms_messages row id: a reference the provider may echo back. */
  id: string;
  from: string;
  to: string;
  text: string;
}

export interface SentSms {
  /** The id the provider gave the message (for delivery receipts); the first part's for long texts. */
  providerMessageId: string;
}

/** A delivery receipt: the message reached the phone, or finally did not. */
export interface DeliveryReceipt {
  providerMessageId: string;
  delivered: boolean;
  /** The receipt's state as the provider spelled it (e.g. DELIVRD, UNDELIV, EXPIRED). */
  state: string;
  at: Date;
}

/** What a provider calls back with; each promise settles once the gateway stored it. */
export interface ProviderEvents {
  inbound(message: InboundSms, options?: { redeliveryWindowS?: number }): Promise<unknown>;
  receipt(receipt: DeliveryReceipt): Promise<unknown>;
  /** The provider (re)connected: queued messages can go out now. */
  ready(): void;
}

/** A send that failed for good (rejected number, refused text): not retried. */
export class PermanentSendError extends Error {}

export interface SmsProvider {
  readonly name: string;
  start(events: ProviderEvents): void;
  /** Resolves once the provider accepted the message; throws to retry later (PermanentSendError: never). */
  send(message: OutgoingSms): Promise<SentSms>;
  stop(): Promise<void>;
}
