import { randomUUID } from 'node:crypto';
import type { OutgoingSms, SentSms, SmsProvider } from './provider.js';

/**
 * The default provider: nothing leaves the machine. A message counts as sent at once; it stays in
 * the SMS log (API, portal), so the whole flow can be tried without a contract with an SMS gateway.
 */
export class LogProvider implements SmsProvider {
  readonly name = 'log';

  start(): void {}

  async send(_message: OutgoingSms): Promise<SentSms> {
    return { providerMessageId: `log-${randomUUID()}` };
  }

  async stop(): Promise<void> {}
}
