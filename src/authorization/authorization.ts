/**
 * Who may charge: a decision over an id token, asked whenever a station presents one (Authorize,
 * StartTransaction, TransactionEvent). Deciders are tried in order; the first that knows the token
 * decides. Cards, PINs, phone numbers and roaming tokens each add a decider.
 */
import type { Ctx } from '../shared/context.js';

/** The 2.0.1 AuthorizationStatusEnumType; 1.6 knows the first five (ocpp/v16 maps the rest to Invalid). */
export type AuthorizationStatus =
  | 'Accepted'
  | 'Blocked'
  | 'Expired'
  | 'Invalid'
  | 'ConcurrentTx'
  | 'NoCredit'
  | 'NotAllowedTypeEVSE'
  | 'NotAtThisLocation'
  | 'NotAtThisTime'
  | 'Unknown';

export interface AuthorizationRequest {
  institutionId: string;
  stationId: string;
  evseId?: number;
  /** The token as the station sent it (1.6 idTag, 2.0.1 idToken.idToken). */
  idToken: string;
  /** 2.0.1 IdTokenEnumType; 1.6 stations send no type ("ISO14443" is assumed). */
  type: string;
}

/**
 * Why a decision was taken, for staff (API) and logs; stations only see the status.
 * Registered cards: card_* and user_*, company_suspended, no_payer, insufficient_balance.
 */
export type AuthorizationReason =
  | 'card_accepted'
  | 'card_blocked'
  | 'card_expired'
  | 'unknown_card'
  | 'user_blocked'
  | 'company_suspended'
  | 'no_payer'
  | 'strategy_inactive'
  | 'insufficient_balance'
  | 'free_station'
  /** The receipt PIN of an open SMS session at this station (remote start or keypad). */
  | 'receipt_pin'
  /** A PIN typed at the keypad that matches no open SMS session. */
  | 'wrong_pin'
  /** The station's keypad is locked after too many wrong PINs. */
  | 'keypad_locked'
  | (string & {});

export interface AuthorizationDecision {
  status: AuthorizationStatus;
  /** Until when the station may cache the answer. */
  expiresAt?: Date;
  reason?: AuthorizationReason;
  /** The registered card (auth_tokens.id) the decision is about. */
  tokenId?: string;
  /** The SMS session whose receipt PIN the token is (sms/); the session is billed to its phone. */
  smsSessionId?: string;
}

export interface AuthorizationDecider {
  readonly name: string;
  /** undefined: this decider does not know the token; the next one is asked. */
  authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision | undefined>;
}

/** A token no decider knows. */
export const UNKNOWN_TOKEN: AuthorizationDecision = { status: 'Invalid' };

/**
 * The stored values a presented token may match: as sent, and as an RFID UID is stored (upper-case
 * hex without separators, see tokens/token-value.ts), since readers send "04:a1:b2:c3" as well.
 */
export function tokenCandidates(idToken: string): string[] {
  const uid = idToken.replace(/[\s:-]/g, '').toUpperCase();
  return uid === idToken || uid === '' ? [idToken] : [idToken, uid];
}
