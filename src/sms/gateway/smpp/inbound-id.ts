/**
 * A stable provider message id for an SMPP deliver_sm. SMPP 3.4 gives an MO message no id of its
 * own, and a redelivery (after a lost deliver_sm_resp) comes with a new sequence number, so neither
 * can make it idempotent. When the SMSC sets receipted_message_id on an MO (some do, to carry their
 * own id) that is the id. Otherwise the id is a hash of sender, recipient, text and any timestamp the
 * SMSC put in the PDU, plus "@<time>"; the gateway treats the same hash within a redelivery window as
 * the same message (docs/sms.md). A time window rather than the hash alone: "P20-07" twice from one
 * phone is a start and, later, a stop.
 */
import { createHash } from 'node:crypto';

export interface InboundIdInput {
  source: string;
  destination: string;
  text: string;
  /** The SMSC's own id for the message, when it sends one. */
  smscMessageId?: string | undefined;
  /** Any SMSC timestamp in the PDU (schedule_delivery_time, validity_period), as sent. */
  smscTimestamp?: string | undefined;
}

export type InboundId = { id: string; windowed: false } | { id: string; windowed: true };

export function inboundMessageId(input: InboundIdInput, receivedAt: Date): InboundId {
  if (input.smscMessageId !== undefined && input.smscMessageId !== '')
    return { id: `smsc:${input.smscMessageId}`, windowed: false };
  const hash = createHash('sha256')
    .update([input.source, input.destination, input.text, input.smscTimestamp ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return { id: `${hash}@${receivedAt.getTime()}`, windowed: true };
}
