/**
 * The `dev` adapter (CARRIER_BILLING=dev, the default): no carrier is called; every charge is
 * recorded as done with a generated reference, so the whole flow can be tried without a contract
 * with an aggregator. Tests may script failures with `decide`.
 */
import { createHash } from 'node:crypto';
import type {
  CarrierBillingAdapter,
  CarrierChargeOutcome,
  CarrierChargeRequest,
} from './carrier-billing-adapter.js';

export interface DevAdapterOptions {
  /** Overrides the outcome of a request (tests); undefined: charged. */
  decide?: (request: CarrierChargeRequest) => CarrierChargeOutcome | undefined;
}

export class DevCarrierBillingAdapter implements CarrierBillingAdapter {
  readonly name = 'dev';
  /** Every request received, in order (what a real aggregator would have been asked). */
  readonly requests: CarrierChargeRequest[] = [];

  constructor(private readonly options: DevAdapterOptions = {}) {}

  charge(request: CarrierChargeRequest): Promise<CarrierChargeOutcome> {
    this.requests.push(request);
    const decided = this.options.decide?.(request);
    if (decided !== undefined) return Promise.resolve(decided);
    // Derived from the idempotency key: a repeated request gets the same reference, as an aggregator's would.
    const reference = `dev-${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 16)}`;
    return Promise.resolve({ kind: 'charged', reference });
  }
}
