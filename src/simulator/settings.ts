/**
 * The station's behaviour switches, independent of version. 1.6 exposes them as configuration
 * keys (v16/configuration.ts), 2.0.1 as component variables (v201/variables.ts).
 */
export interface StationSettings {
  heartbeatIntervalS: number;
  meterIntervalMs: number;
  connectionTimeOutS: number;
  localAuthListEnabled: boolean;
  /** Use the local list / cache when offline (1.6 LocalAuthorizeOffline, 2.0.1 AuthCtrlr.LocalAuthorizeOffline). */
  localAuthorizeOffline: boolean;
  /** Start at once for locally known tokens without asking the CSMS. */
  localPreAuthorize: boolean;
  authCacheEnabled: boolean;
  allowOfflineTxForUnknownId: boolean;
  authorizeRemoteTxRequests: boolean;
  stopTxOnEvSideDisconnect: boolean;
  stopTxOnInvalidId: boolean;
  transactionMessageAttempts: number;
  transactionMessageRetryIntervalS: number;
}

export function defaultSettings(meterIntervalMs: number): StationSettings {
  return {
    heartbeatIntervalS: 300,
    meterIntervalMs,
    connectionTimeOutS: 60,
    localAuthListEnabled: true,
    localAuthorizeOffline: true,
    localPreAuthorize: false,
    authCacheEnabled: true,
    allowOfflineTxForUnknownId: false,
    authorizeRemoteTxRequests: false,
    stopTxOnEvSideDisconnect: true,
    stopTxOnInvalidId: true,
    transactionMessageAttempts: 3,
    transactionMessageRetryIntervalS: 2,
  };
}

/** Parses a configuration value the way a strict station does; undefined means "reject". */
export function parseInteger(value: string, min = 0): number | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}

export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
