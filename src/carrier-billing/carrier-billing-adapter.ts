/**
 * The carrier-billing contract: one charge to a phone number through the mobile carrier (the
 * aggregator's premium-SMS / direct-carrier-billing call). Adapters never throw for a refused or
 * failed charge; they answer with an outcome the outbox worker records.
 */

export interface CarrierChargeRequest {
  /** The carrier_charges row id: the same on every attempt, so the aggregator books it once. */
  idempotencyKey: string;
  /** Digits with country code, no "+". */
  phone: string;
  amountCents: number;
  currency: string;
  /** What the phone bill shows, e.g. "Laden P20-07 31.01.2026". */
  description: string;
  institutionId: string;
}

export type CarrierChargeOutcome =
  | { kind: 'charged'; reference: string | null }
  /** retryable: a later attempt may succeed (5xx, timeout, network); otherwise the charge is refused for good. */
  | { kind: 'failed'; retryable: boolean; error: string };

export interface CarrierBillingAdapter {
  /** Stored on the row as `adapter`. */
  readonly name: string;
  charge(request: CarrierChargeRequest): Promise<CarrierChargeOutcome>;
}
