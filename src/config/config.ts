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
}

export class ConfigError extends Error {}

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
  };
}
