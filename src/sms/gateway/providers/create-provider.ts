import { ConfigError, type SmsConfig } from '../../../config/config.js';
import { HttpProvider } from './http-provider.js';
import { LogProvider } from './log-provider.js';
import type { SmsProvider } from './provider.js';

/** The provider SMS_PROVIDER names; refuses to start when its settings are missing. */
export function createProvider(config: SmsConfig): SmsProvider {
  switch (config.provider) {
    case 'log':
      return new LogProvider();
    case 'http': {
      const { url, token } = config.http;
      if (url === undefined || token === undefined)
        throw new ConfigError('SMS_PROVIDER=http needs SMS_HTTP_URL and SMS_HTTP_TOKEN');
      return new HttpProvider({ url, token });
    }
    case 'smpp':
      throw new ConfigError('SMS_PROVIDER=smpp is not available yet');
  }
}
