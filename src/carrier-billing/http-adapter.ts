/**
 * The `http` adapter (CARRIER_BILLING=http): one JSON POST per charge to the aggregator at
 * CARRIER_BILLING_URL, authenticated with `Authorization: Bearer CARRIER_BILLING_TOKEN`, carrying the
 * charge id as `Idempotency-Key` so a retried attempt is booked once on the other side.
 *
 * 2xx → charged (the answer's `reference` or `id` is kept); 408, 425, 429 and 5xx, a timeout or a
 * network error → retried later; any other 4xx → refused for good.
 */
import type {
  CarrierBillingAdapter,
  CarrierChargeOutcome,
  CarrierChargeRequest,
} from './carrier-billing-adapter.js';

export interface HttpAdapterOptions {
  url: string;
  token: string | undefined;
  /** Per attempt; the worker's claim lasts much longer, so no second attempt starts meanwhile. */
  timeoutMs?: number;
}

export const HTTP_TIMEOUT_MS = 15_000;
/** Client errors that say "try again later" rather than "never". */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export class HttpCarrierBillingAdapter implements CarrierBillingAdapter {
  readonly name = 'http';

  constructor(private readonly options: HttpAdapterOptions) {}

  async charge(request: CarrierChargeRequest): Promise<CarrierChargeOutcome> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': request.idempotencyKey,
    };
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? HTTP_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string }).name;
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${this.options.timeoutMs ?? HTTP_TIMEOUT_MS} ms`
          : `network error: ${(error as Error).message}`;
      return { kind: 'failed', retryable: true, error: reason };
    }
    if (response.ok) return { kind: 'charged', reference: referenceOf(text) };
    const error = `HTTP ${response.status}${text === '' ? '' : `: ${text.slice(0, 300)}`}`;
    const retryable = response.status >= 500 || RETRYABLE_4XX.has(response.status);
    return { kind: 'failed', retryable, error };
  }
}

/** The aggregator's reference from a JSON answer ({ reference } or { id }); null when it gave none. */
export function referenceOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { reference?: unknown; id?: unknown };
    const value = parsed.reference ?? parsed.id;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  } catch {
    return null;
  }
}
