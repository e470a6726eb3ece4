/**
 * OCPP 1.6 configuration keys (§9.1 Core, §9.3 Local Auth List Management). Keys that steer the
 * simulated behaviour read and write `StationSettings`; the rest are stored so GetConfiguration
 * answers what ChangeConfiguration set.
 */
import { LOCAL_LIST_MAX_LENGTH } from '../local-authorization.js';
import type { StationControl } from '../protocol.js';
import { parseBoolean, parseInteger, type StationSettings } from '../settings.js';

type SettingKey = {
  [K in keyof StationSettings]: StationSettings[K] extends number | boolean ? K : never;
}[keyof StationSettings];

interface KeyDefinition {
  readonly: boolean;
  get(control: StationControl): string;
  /** Returns false when the value is not acceptable. */
  set?(control: StationControl, value: string): boolean;
}

export type ChangeConfigurationStatus = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

function integerSetting(key: SettingKey, min = 0, scale = 1): KeyDefinition {
  return {
    readonly: false,
    get: (c) => String(Math.round(Number(c.settings[key]) / scale)),
    set: (c, value) => {
      const n = parseInteger(value, min);
      if (n === undefined) return false;
      (c.settings as unknown as Record<string, number>)[key] = n * scale;
      return true;
    },
  };
}

function booleanSetting(key: SettingKey): KeyDefinition {
  return {
    readonly: false,
    get: (c) => String(c.settings[key]),
    set: (c, value) => {
      const b = parseBoolean(value);
      if (b === undefined) return false;
      (c.settings as unknown as Record<string, boolean>)[key] = b;
      return true;
    },
  };
}

const constant = (value: string | ((c: StationControl) => string)): KeyDefinition => ({
  readonly: true,
  get: typeof value === 'string' ? () => value : value,
});

const BEHAVIOUR: Record<string, KeyDefinition> = {
  HeartbeatInterval: integerSetting('heartbeatIntervalS', 1),
  // The simulator keeps milliseconds so tests can sample fast; 1.6 speaks seconds.
  MeterValueSampleInterval: integerSetting('meterIntervalMs', 0, 1000),
  ConnectionTimeOut: integerSetting('connectionTimeOutS', 1),
  LocalAuthListEnabled: booleanSetting('localAuthListEnabled'),
  LocalAuthorizeOffline: booleanSetting('localAuthorizeOffline'),
  LocalPreAuthorize: booleanSetting('localPreAuthorize'),
  AuthorizationCacheEnabled: booleanSetting('authCacheEnabled'),
  AllowOfflineTxForUnknownId: booleanSetting('allowOfflineTxForUnknownId'),
  StopTransactionOnEVSideDisconnect: booleanSetting('stopTxOnEvSideDisconnect'),
  StopTransactionOnInvalidId: booleanSetting('stopTxOnInvalidId'),
  TransactionMessageAttempts: integerSetting('transactionMessageAttempts', 1),
  TransactionMessageRetryInterval: integerSetting('transactionMessageRetryIntervalS', 0),
  AuthorizeRemoteTxRequests: constant('false'),
  NumberOfConnectors: constant((c) => String(c.evseCount)),
  SupportedFeatureProfiles: constant('Core,LocalAuthListManagement,RemoteTrigger'),
  MeterValuesSampledData: constant('Energy.Active.Import.Register,Power.Active.Import'),
  StopTxnSampledData: constant('Energy.Active.Import.Register'),
  LocalAuthListMaxLength: constant(String(LOCAL_LIST_MAX_LENGTH)),
  SendLocalListMaxLength: constant(String(LOCAL_LIST_MAX_LENGTH)),
  GetConfigurationMaxKeys: constant('100'),
};

/** Required Core keys without simulated behaviour: stored and validated only. */
const STORED: Record<string, { value: string; kind: 'integer' | 'boolean' | 'text' }> = {
  ClockAlignedDataInterval: { value: '0', kind: 'integer' },
  MeterValuesAlignedData: { value: '', kind: 'text' },
  StopTxnAlignedData: { value: '', kind: 'text' },
  ResetRetries: { value: '1', kind: 'integer' },
  UnlockConnectorOnEVSideDisconnect: { value: 'true', kind: 'boolean' },
  ConnectorPhaseRotation: { value: 'Unknown', kind: 'text' },
  WebSocketPingInterval: { value: '30', kind: 'integer' },
};

export class Configuration16 {
  private readonly stored = new Map(Object.entries(STORED).map(([key, def]) => [key, def.value]));

  constructor(private readonly control: StationControl) {}

  /** GetConfiguration (§6.23): all keys when none are asked for; unknown ones listed apart. */
  get(keys: string[] | undefined): {
    configurationKey: Array<{ key: string; readonly: boolean; value: string }>;
    unknownKey: string[];
  } {
    const wanted =
      keys === undefined || keys.length === 0 ? [...Object.keys(BEHAVIOUR), ...this.stored.keys()] : keys;
    const configurationKey: Array<{ key: string; readonly: boolean; value: string }> = [];
    const unknownKey: string[] = [];
    for (const key of wanted) {
      const found = this.read(key);
      if (found === undefined) unknownKey.push(key);
      else configurationKey.push({ key, ...found });
    }
    return { configurationKey, unknownKey };
  }

  /** ChangeConfiguration (§5.3): NotSupported for unknown keys, Rejected for read-only keys and bad values. */
  change(key: string, value: string): ChangeConfigurationStatus {
    const behaviour = BEHAVIOUR[key];
    if (behaviour !== undefined) {
      if (behaviour.readonly || behaviour.set === undefined) return 'Rejected';
      if (!behaviour.set(this.control, value)) return 'Rejected';
      this.control.settingsChanged();
      return 'Accepted';
    }
    const stored = STORED[key];
    if (stored === undefined) return 'NotSupported';
    if (stored.kind === 'integer' && parseInteger(value) === undefined) return 'Rejected';
    if (stored.kind === 'boolean' && parseBoolean(value) === undefined) return 'Rejected';
    this.stored.set(key, value);
    return 'Accepted';
  }

  private read(key: string): { readonly: boolean; value: string } | undefined {
    const behaviour = BEHAVIOUR[key];
    if (behaviour !== undefined) return { readonly: behaviour.readonly, value: behaviour.get(this.control) };
    const stored = this.stored.get(key);
    return stored === undefined ? undefined : { readonly: false, value: stored };
  }
}
