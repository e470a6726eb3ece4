/**
 * Delivery receipts as plain functions. An SMSC reports the fate of a submitted message in a
 * deliver_sm with esm_class "MC delivery receipt": in the TLVs receipted_message_id / message_state
 * (SMPP 3.4 §5.3.2.12, §5.3.2.35) when it sets them, else in the text, whose de-facto format is
 * SMPP 3.4 Appendix B: "id:IIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm
 * stat:DDDDDDD err:E text: ...".
 */

/** esm_class bits 2–5 name the message type; 0x04 is an MC delivery receipt (§5.2.12). */
export const isDeliveryReceipt = (esmClass: number) => (esmClass & 0x3c) === 0x04;

export interface ParsedReceipt {
  messageId: string;
  /** DELIVRD, UNDELIV, EXPIRED, ... */
  state: string;
  /** true delivered, false finally not delivered, undefined an intermediate state (ENROUTE, ACCEPTD). */
  delivered: boolean | undefined;
}

const FINAL_FAILURES = new Set(['UNDELIV', 'EXPIRED', 'DELETED', 'REJECTD', 'UNKNOWN']);

/** message_state TLV values (§5.2.28) → the text spelling. */
const MESSAGE_STATES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

function outcome(state: string): boolean | undefined {
  if (state === 'DELIVRD') return true;
  if (FINAL_FAILURES.has(state)) return false;
  return undefined;
}

export function parseReceipt(input: {
  text: string;
  receiptedMessageId?: string | undefined;
  messageState?: number | undefined;
}): ParsedReceipt | undefined {
  const idMatch = /\bid:(\S+)/i.exec(input.text);
  const statMatch = /\bstat:(\w+)/i.exec(input.text);
  const messageId = input.receiptedMessageId || idMatch?.[1];
  const state =
    (input.messageState === undefined ? undefined : MESSAGE_STATES[input.messageState]) ??
    statMatch?.[1]?.toUpperCase();
  if (messageId === undefined || state === undefined) return undefined;
  return { messageId, state, delivered: outcome(state) };
}
