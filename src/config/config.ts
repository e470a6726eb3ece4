import path from 'node:path';

/** Everything Fachwerk reads from its environment, parsed once at start. See docs/configuration.md. */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; when undefined, the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Seconds a station should wait between heartbeats (BootNotification.interval). */
  heartbeatIntervalS: number;
  /** Milliseconds the central system waits for a station's answer to a command. */
  commandTimeoutMs: number;
  /** Messages kept per station in the OCPP message log. */
  messageLogPerStation: number;
  /** TLS (OCPP security profile 2) when both are set. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** Id of this node in a cluster; used to record which node holds a station's connection. */
  nodeId: string;
  /** Where people reach the public pages (receipt links in SMS, QR codes); no trailing slash. */
  publicUrl: string;
  sms: SmsConfig;
  carrierBilling: CarrierBillingConfig;
  /** The platform operator: issuer of credit notes (Gutschriften) to institutions. */
  platform: PlatformConfig;
  privacy: PrivacyConfig;
  mail: MailConfig;
  /** Platform admins must enrol a TOTP second factor before they can do anything (TOTP_REQUIRED_FOR_PLATFORM_ADMINS). */
  totpRequiredForPlatformAdmins: boolean;
  /** The built portal (Vite output) served at `/` (PORTAL_DIR; default dist/portal of the package). */
  portalDir: string | undefined;
}

export type SmsProviderName = 'log' | 'smpp' | 'http';

export interface SmsConfig {
  /** Where outbound SMS go: `log` keeps them in the database only (default). */
  provider: SmsProviderName;
  /** Inbound webhook credentials: provider name → bearer token (SMS_INBOUND_TOKENS="name=token,..."). */
  inboundTokens: ReadonlyMap<string, string>;
  smpp: {
    host: string;
    port: number;
    systemId: string | undefined;
    password: string | undefined;
    systemType: string;
    /** Seconds between enquire_link probes. */
    enquireLinkS: number;
  };
  http: { url: string | undefined; token: string | undefined };
  /** Minutes after which a running SMS session gets a reminder, unless the institution sets its own. */
  reminderAfterMinutes: number;
  /** Wrong keypad PINs per station within keypadWindowMinutes before the keypad is locked. */
  keypadMaxFailures: number;
  keypadWindowMinutes: number;
  keypadLockMinutes: number;
  /** Receipt page lookups (name + PIN) per client address and minute. */
  receiptLookupsPerMinute: number;
}

export interface CarrierBillingConfig {
  /** `dev` records the charge as done; `http` posts it to the aggregator. */
  adapter: 'dev' | 'http';
  url: string | undefined;
  token: string | undefined;
}

export interface PlatformConfig {
  /** The platform's fee on carrier-billed sessions, in basis points (1000 = 10 %). */
  feeBp: number;
  legalName: string;
  street: string | undefined;
  postalCode: string | undefined;
  city: string | undefined;
  country: string;
  vatId: string | undefined;
  taxNumber: string | undefined;
}

export interface PrivacyConfig {
  /** Days after which a settled SMS session's phone number is pseudonymised. */
  phoneRetentionDays: number;
  /** HMAC key for phone pseudonyms; without it numbers are erased instead. */
  phonePseudonymKey: string | undefined;
}

/** Outgoing e-mail (password reset, invitations). Without SMTP_URL mails are kept in the database only. */
export interface MailConfig {
  /** e.g. smtp://user:pass@mail.example.org:587 or smtps://...:465 */
  smtpUrl: string | undefined;
  /** The From header, e.g. "Fachwerk <noreply@example.org>". */
  from: string;
}

export class ConfigError extends Error {}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = optional(env, name) ?? fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** "name=token,name2=token2" → map; each provider authenticates its webhook calls with its token. */
export function parseInboundTokens(raw: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const part of (raw ?? '').split(',')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const token = part.slice(at + 1).trim();
    if (at < 1 || !/^[a-z0-9_-]+$/i.test(name) || token.length < 16) {
      throw new ConfigError(
        'SMS_INBOUND_TOKENS must be "provider=token" pairs separated by commas, tokens of 16 characters or more',
      );
    }
    tokens.set(name, token);
  }
  return tokens;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, got "${logLevel}"`);
  }
  const tlsCertFile = optional(env, 'TLS_CERT_FILE');
  const tlsKeyFile = optional(env, 'TLS_KEY_FILE');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  return {
    port: integer(env, 'PORT', 8080),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    databaseUrl: optional(env, 'DATABASE_URL'),
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? './data'),
    logLevel,
    adminEmail: optional(env, 'ADMIN_EMAIL'),
    adminPassword: optional(env, 'ADMIN_PASSWORD'),
    heartbeatIntervalS: integer(env, 'OCPP_HEARTBEAT_INTERVAL', 300, 1),
    commandTimeoutMs: integer(env, 'OCPP_COMMAND_TIMEOUT_MS', 30_000, 100),
    messageLogPerStation: integer(env, 'OCPP_MESSAGE_LOG_SIZE', 200, 0),
    tlsCertFile,
    tlsKeyFile,
    nodeId: optional(env, 'NODE_ID') ?? `node-${process.pid}`,
    publicUrl: (optional(env, 'PUBLIC_URL') ?? `http://localhost:${integer(env, 'PORT', 8080)}`).replace(
      /\/+$/,
      '',
    ),
    sms: {
      provider: oneOf(env, 'SMS_PROVIDER', ['log', 'smpp', 'http'], 'log'),
      inboundTokens: parseInboundTokens(optional(env, 'SMS_INBOUND_TOKENS')),
      smpp: {
        host: optional(env, 'SMPP_HOST') ?? '127.0.0.1',
        port: integer(env, 'SMPP_PORT', 2775, 1),
        systemId: optional(env, 'SMPP_SYSTEM_ID'),
        password: optional(env, 'SMPP_PASSWORD'),
        systemType: optional(env, 'SMPP_SYSTEM_TYPE') ?? '',
        enquireLinkS: integer(env, 'SMPP_ENQUIRE_LINK_S', 30, 1),
      },
      http: { url: optional(env, 'SMS_HTTP_URL'), token: optional(env, 'SMS_HTTP_TOKEN') },
      reminderAfterMinutes: integer(env, 'SMS_REMINDER_AFTER_MINUTES', 24 * 60, 1),
      keypadMaxFailures: integer(env, 'KEYPAD_MAX_FAILURES', 5, 1),
      keypadWindowMinutes: integer(env, 'KEYPAD_WINDOW_MINUTES', 10, 1),
      keypadLockMinutes: integer(env, 'KEYPAD_LOCK_MINUTES', 15, 1),
      receiptLookupsPerMinute: integer(env, 'RECEIPT_LOOKUPS_PER_MINUTE', 10, 1),
    },
    carrierBilling: {
      adapter: oneOf(env, 'CARRIER_BILLING', ['dev', 'http'], 'dev'),
      url: optional(env, 'CARRIER_BILLING_URL'),
      token: optional(env, 'CARRIER_BILLING_TOKEN'),
    },
    platform: {
      feeBp: integer(env, 'PLATFORM_FEE_BP', 1000, 0),
      legalName: optional(env, 'PLATFORM_LEGAL_NAME') ?? 'Fachwerk Plattform',
      street: optional(env, 'PLATFORM_STREET'),
      postalCode: optional(env, 'PLATFORM_POSTAL_CODE'),
      city: optional(env, 'PLATFORM_CITY'),
      country: optional(env, 'PLATFORM_COUNTRY') ?? 'DE',
      vatId: optional(env, 'PLATFORM_VAT_ID'),
      taxNumber: optional(env, 'PLATFORM_TAX_NUMBER'),
    },
    privacy: {
      phoneRetentionDays: integer(env, 'PHONE_RETENTION_DAYS', 90, 1),
      phonePseudonymKey: optional(env, 'PHONE_PSEUDONYM_KEY'),
    },
    mail: {
      smtpUrl: optional(env, 'SMTP_URL'),
      from: optional(env, 'MAIL_FROM') ?? 'Fachwerk <noreply@localhost>',
    },
    totpRequiredForPlatformAdmins: flag(env, 'TOTP_REQUIRED_FOR_PLATFORM_ADMINS', false),
    portalDir: optional(env, 'PORTAL_DIR'),
  };
}
