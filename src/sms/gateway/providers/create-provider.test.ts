import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/config.js';
import { SmppProvider } from '../smpp/smpp-provider.js';
import { createProvider } from './create-provider.js';
import { HttpProvider } from './http-provider.js';
import { LogProvider } from './log-provider.js';

const log = pino({ level: 'silent' });
const sms = (env: NodeJS.ProcessEnv) => loadConfig(env).sms;

describe('provider from the configuration', () => {
  it('is the log provider by default', () => {
    expect(createProvider(sms({}), log)).toBeInstanceOf(LogProvider);
  });

  it('refuses http without URL or token', () => {
    expect(() => createProvider(sms({ SMS_PROVIDER: 'http' }), log)).toThrow(ConfigError);
    expect(() => createProvider(sms({ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'https://x.test' }), log)).toThrow(
      /SMS_HTTP_TOKEN/,
    );
    expect(() =>
      createProvider(sms({ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'ftp://x', SMS_HTTP_TOKEN: 't' }), log),
    ).toThrow(/http\(s\)/);
    expect(
      createProvider(sms({ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'https://x.test', SMS_HTTP_TOKEN: 't' }), log),
    ).toBeInstanceOf(HttpProvider);
  });

  it('refuses smpp without system id or password', () => {
    expect(() => createProvider(sms({ SMS_PROVIDER: 'smpp' }), log)).toThrow(
      /SMPP_SYSTEM_ID and SMPP_PASSWORD/,
    );
    expect(() => createProvider(sms({ SMS_PROVIDER: 'smpp', SMPP_SYSTEM_ID: 'fw' }), log)).toThrow(
      ConfigError,
    );
    expect(
      createProvider(sms({ SMS_PROVIDER: 'smpp', SMPP_SYSTEM_ID: 'fw', SMPP_PASSWORD: 'pw' }), log),
    ).toBeInstanceOf(SmppProvider);
  });
});
