/**
 * The standard OCPP 1.6 configuration keys whose meaning a 2.0.1 station keeps under a device-model
 * component and variable (OCPP 2.0.1 Part 2, Appendix 3 "Standardized Components/Variables"). With it
 * an operator can read or set "HeartbeatInterval" on any station and the right address goes out.
 */
import type { ComponentVariable } from './command.js';
import { ValidationFailed } from '../shared/errors.js';

const KEY_TO_VARIABLE: Readonly<Record<string, ComponentVariable>> = {
  HeartbeatInterval: { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval' },
  WebSocketPingInterval: { component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval' },
  ResetRetries: { component: 'OCPPCommCtrlr', variable: 'ResetRetries' },
  TransactionMessageAttempts: {
    component: 'OCPPCommCtrlr',
    variable: 'MessageAttempts',
    instance: 'TransactionEvent',
  },
  TransactionMessageRetryInterval: {
    component: 'OCPPCommCtrlr',
    variable: 'MessageAttemptInterval',
    instance: 'TransactionEvent',
  },
  ConnectionTimeOut: { component: 'TxCtrlr', variable: 'EVConnectionTimeOut' },
  StopTransactionOnInvalidId: { component: 'TxCtrlr', variable: 'StopTxOnInvalidId' },
  StopTransactionOnEVSideDisconnect: { component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect' },
  MeterValueSampleInterval: { component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval' },
  MeterValuesSampledData: { component: 'SampledDataCtrlr', variable: 'TxUpdatedMeasurands' },
  StopTxnSampledData: { component: 'SampledDataCtrlr', variable: 'TxEndedMeasurands' },
  ClockAlignedDataInterval: { component: 'AlignedDataCtrlr', variable: 'Interval' },
  MeterValuesAlignedData: { component: 'AlignedDataCtrlr', variable: 'Measurands' },
  StopTxnAlignedData: { component: 'AlignedDataCtrlr', variable: 'TxEndedMeasurands' },
  AuthorizeRemoteTxRequests: { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart' },
  LocalAuthorizeOffline: { component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline' },
  LocalPreAuthorize: { component: 'AuthCtrlr', variable: 'LocalPreAuthorize' },
  AllowOfflineTxForUnknownId: { component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled' },
  AuthorizationCacheEnabled: { component: 'AuthCacheCtrlr', variable: 'Enabled' },
  LocalAuthListEnabled: { component: 'LocalAuthListCtrlr', variable: 'Enabled' },
  SendLocalListMaxLength: { component: 'LocalAuthListCtrlr', variable: 'ItemsPerMessage' },
};

export const WELL_KNOWN_KEYS: readonly string[] = Object.keys(KEY_TO_VARIABLE);

function sameVariable(a: ComponentVariable, b: ComponentVariable): boolean {
  const eq = (x: string | undefined, y: string | undefined) =>
    (x ?? '').toLowerCase() === (y ?? '').toLowerCase();
  // Component and variable names are case-insensitive in 2.0.1 (Part 2, 2.2 "Component", "Variable").
  return (
    eq(a.component, b.component) &&
    eq(a.variable, b.variable) &&
    eq(a.instance, b.instance) &&
    a.evseId === b.evseId
  );
}

/**
 * A key for a 2.0.1 station: a well-known 1.6 key, or written as `Component.Variable`
 * (how the 2.0.1 specification itself names them, e.g. `OCPPCommCtrlr.HeartbeatInterval`).
 */
export function variableForKey(key: string): ComponentVariable {
  const known = KEY_TO_VARIABLE[key];
  if (known !== undefined) return { ...known };
  const dot = key.indexOf('.');
  if (dot > 0 && dot < key.length - 1 && key.indexOf('.', dot + 1) === -1) {
    return { component: key.slice(0, dot), variable: key.slice(dot + 1) };
  }
  throw new ValidationFailed(
    `OCPP 2.0.1 stations address settings by component and variable; "${key}" is not a known OCPP 1.6 key. ` +
      'Write it as "Component.Variable" or give variables: [{ component, variable }].',
    { key },
  );
}

/** The 1.6 key for a component/variable, when it is one of the well-known ones. */
export function keyForVariable(variable: ComponentVariable): string {
  for (const [key, known] of Object.entries(KEY_TO_VARIABLE)) {
    if (sameVariable(known, variable)) return key;
  }
  throw new ValidationFailed(
    `OCPP 1.6 stations know configuration keys, not ${variable.component}.${variable.variable}; give the key instead.`,
    { component: variable.component, variable: variable.variable },
  );
}

/** How a 2.0.1 address is shown as one key: `Component.Variable`. */
export function variableKey(variable: ComponentVariable): string {
  return `${variable.component}.${variable.variable}`;
}
