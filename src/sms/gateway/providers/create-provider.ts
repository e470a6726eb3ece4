import type { Logger } from 'pino';
import { ConfigError, type SmsConfig } from '../../../config/config.js';
import { SmppProvider } from '../smpp/smpp-provider.js';
import { HttpProvider } from './http-provider.js';
import { LogProvider } from './log-provider.js';
import type { SmsProvider } from './provider.js';

/** The provider SMS_PROVIDER names; refuses to start when its settings are missing. */
export function createProvider(config: SmsConfig, log: Logger): SmsProvider {
  switch (config.provider) {
    case 'log':
      return new LogProvider();
    case 'http': {
      const { url, token } = config.http;
      if (url === undefined || token === undefined)
        throw new ConfigError('SMS_PROVIDER=http needs SMS_HTTP_URL and SMS_HTTP_TOKEN');
      if (!/^https?:\/\//.test(url))
        throw new ConfigError(`SMS_HTTP_URL must be an http(s) URL, got "${url}"`);
      return new HttpProvider({ url, token });
    }
    case 'smpp': {
      const { systemId, password, ...smpp } = config.smpp;
      if (systemId === undefined || password === undefined)
        throw new ConfigError(
          'SMS_PROVIDER=smpp needs SMPP_SYSTEM_ID and SMPP_PASSWORD (and SMPP_HOST, SMPP_PORT)',
        );
      return new SmppProvider({ ...smpp, systemId, password, log: log.child({ provider: 'smpp' }) });
    }
  }
}
