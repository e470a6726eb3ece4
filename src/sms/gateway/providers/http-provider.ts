/**
 * A generic HTTP gateway: one JSON POST per message, `Authorization: Bearer <SMS_HTTP_TOKEN>`,
 * body {from, to, text, reference}. Any 2xx counts as accepted; the answer's `id` (or `messageId`)
 * becomes the provider message id, else our own reference does. 4xx other than 408/429 is permanent.
 */
import { PermanentSendError, type OutgoingSms, type SentSms, type SmsProvider } from './provider.js';

export interface HttpProviderOptions {
  url: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class HttpProvider implements SmsProvider {
  readonly name = 'http';

  constructor(private readonly options: HttpProviderOptions) {}

  start(): void {}

  async send(message: OutgoingSms): Promise<SentSms> {
    const doFetch = this.options.fetch ?? fetch;
    const response = await doFetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
      body: JSON.stringify({ from: message.from, to: message.to, text: message.text, reference: message.id }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    if (!response.ok) {
      const detail = `SMS gateway answered ${response.status}: ${body.slice(0, 200)}`;
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw retryable ? new Error(detail) : new PermanentSendError(detail);
    }
    return { providerMessageId: idFrom(body) ?? message.id };
  }

  async stop(): Promise<void> {}
}

function idFrom(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    for (const key of ['id', 'messageId', 'message_id']) {
      const value = record[key];
      if (typeof value === 'string' && value !== '') return value;
      if (typeof value === 'number') return String(value);
    }
  } catch {
    // not JSON: the reference stands in
  }
  return undefined;
}
