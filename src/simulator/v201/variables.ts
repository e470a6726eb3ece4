/**
 * The 2.0.1 device model of the simulated station (part 2 appendix "Components and Variables"):
 * the controller variables that steer behaviour map onto `StationSettings`; EVSE and Door
 * variables mirror live state. Names compare case-insensitively, as the spec says.
 */
import { LOCAL_LIST_MAX_LENGTH } from '../local-authorization.js';
import type { StationControl } from '../protocol.js';
import { parseBoolean, parseInteger, type StationSettings } from '../settings.js';

type DataType = 'integer' | 'boolean' | 'string' | 'MemberList' | 'OptionList';
type Mutability = 'ReadOnly' | 'ReadWrite';

export interface ComponentRef {
  name: string;
  instance?: string;
  evse?: { id: number; connectorId?: number };
}

export interface VariableRef {
  name: string;
  instance?: string;
}

export interface VariableDefinition {
  component: ComponentRef;
  variable: VariableRef;
  dataType: DataType;
  mutability: Mutability;
  unit?: string;
  /** Part of the SummaryInventory base report (B07.FR.xx: availability of the station and its EVSEs). */
  summary?: boolean;
  get(): string;
  /** false rejects the value. */
  set?(value: string): boolean;
}

type NumericSetting = {
  [K in keyof StationSettings]: StationSettings[K] extends number ? K : never;
}[keyof StationSettings];
type BooleanSetting = {
  [K in keyof StationSettings]: StationSettings[K] extends boolean ? K : never;
}[keyof StationSettings];

export const REPORT_ITEMS_PER_MESSAGE = 20;

export function stationVariables(control: StationControl): VariableDefinition[] {
  const s = control.settings;
  const integer = (
    component: ComponentRef,
    variable: VariableRef,
    key: NumericSetting,
    options: { min?: number; scale?: number; unit?: string } = {},
  ): VariableDefinition => {
    const scale = options.scale ?? 1;
    return {
      component,
      variable,
      dataType: 'integer',
      mutability: 'ReadWrite',
      ...(options.unit === undefined ? {} : { unit: options.unit }),
      get: () => String(Math.round(s[key] / scale)),
      set: (value) => {
        const n = parseInteger(value, options.min ?? 0);
        if (n === undefined) return false;
        s[key] = n * scale;
        return true;
      },
    };
  };
  const flag = (component: ComponentRef, variable: VariableRef, key: BooleanSetting): VariableDefinition => ({
    component,
    variable,
    dataType: 'boolean',
    mutability: 'ReadWrite',
    get: () => String(s[key]),
    set: (value) => {
      const b = parseBoolean(value);
      if (b === undefined) return false;
      s[key] = b;
      return true;
    },
  });
  const fixed = (
    component: ComponentRef,
    variable: VariableRef,
    dataType: DataType,
    value: () => string,
    summary = false,
  ): VariableDefinition => ({ component, variable, dataType, mutability: 'ReadOnly', get: value, summary });

  const c = (name: string, instance?: string): ComponentRef =>
    instance === undefined ? { name } : { name, instance };
  const v = c as (name: string, instance?: string) => VariableRef;
  const { vendor, model, serialNumber, firmwareVersion } = control.identity;

  const definitions: VariableDefinition[] = [
    integer(c('OCPPCommCtrlr'), v('HeartbeatInterval'), 'heartbeatIntervalS', { min: 1, unit: 's' }),
    integer(c('OCPPCommCtrlr'), v('MessageAttempts', 'TransactionEvent'), 'transactionMessageAttempts', {
      min: 1,
    }),
    integer(
      c('OCPPCommCtrlr'),
      v('MessageAttemptInterval', 'TransactionEvent'),
      'transactionMessageRetryIntervalS',
      {
        unit: 's',
      },
    ),
    // The simulator keeps milliseconds so tests can sample fast; the device model speaks seconds.
    integer(c('SampledDataCtrlr'), v('TxUpdatedInterval'), 'meterIntervalMs', { scale: 1000, unit: 's' }),
    fixed(
      c('SampledDataCtrlr'),
      v('TxUpdatedMeasurands'),
      'MemberList',
      () => 'Energy.Active.Import.Register,Power.Active.Import',
    ),
    fixed(c('SampledDataCtrlr'), v('TxEndedMeasurands'), 'MemberList', () => 'Energy.Active.Import.Register'),
    flag(c('AuthCtrlr'), v('LocalAuthorizeOffline'), 'localAuthorizeOffline'),
    flag(c('AuthCtrlr'), v('LocalPreAuthorize'), 'localPreAuthorize'),
    flag(c('AuthCtrlr'), v('OfflineTxForUnknownIdEnabled'), 'allowOfflineTxForUnknownId'),
    fixed(c('AuthCtrlr'), v('AuthorizeRemoteStart'), 'boolean', () => 'false'),
    flag(c('AuthCacheCtrlr'), v('Enabled'), 'authCacheEnabled'),
    flag(c('LocalAuthListCtrlr'), v('Enabled'), 'localAuthListEnabled'),
    fixed(c('LocalAuthListCtrlr'), v('Entries'), 'integer', () => String(control.localAuth.listSize)),
    fixed(c('LocalAuthListCtrlr'), v('ItemsPerMessage'), 'integer', () => String(LOCAL_LIST_MAX_LENGTH)),
    fixed(c('LocalAuthListCtrlr'), v('BytesPerMessage'), 'integer', () => '65536'),
    flag(c('TxCtrlr'), v('StopTxOnEVSideDisconnect'), 'stopTxOnEvSideDisconnect'),
    flag(c('TxCtrlr'), v('StopTxOnInvalidId'), 'stopTxOnInvalidId'),
    integer(c('TxCtrlr'), v('EVConnectionTimeOut'), 'connectionTimeOutS', { min: 1, unit: 's' }),
    fixed(c('TxCtrlr'), v('TxStartPoint'), 'MemberList', () => 'Authorized'),
    fixed(c('TxCtrlr'), v('TxStopPoint'), 'MemberList', () => 'Authorized'),
    fixed(c('DeviceDataCtrlr'), v('ItemsPerMessage', 'GetReport'), 'integer', () =>
      String(REPORT_ITEMS_PER_MESSAGE),
    ),
    fixed(c('DeviceDataCtrlr'), v('ItemsPerMessage', 'GetVariables'), 'integer', () => '50'),
    fixed(c('DeviceDataCtrlr'), v('ItemsPerMessage', 'SetVariables'), 'integer', () => '50'),
    fixed(c('DisplayMessageCtrlr'), v('Available'), 'boolean', () => 'true'),
    fixed(c('DisplayMessageCtrlr'), v('DisplayMessages'), 'integer', () => '10'),
    fixed(c('ChargingStation'), v('Model'), 'string', () => model),
    fixed(c('ChargingStation'), v('VendorName'), 'string', () => vendor),
    fixed(c('ChargingStation'), v('SerialNumber'), 'string', () => serialNumber),
    fixed(c('ChargingStation'), v('FirmwareVersion'), 'string', () => firmwareVersion),
    fixed(
      c('ChargingStation'),
      v('AvailabilityState'),
      'OptionList',
      () => (control.compartments().every((x) => !x.operative) ? 'Unavailable' : 'Available'),
      true,
    ),
  ];

  for (const compartment of control.compartments()) {
    const evse = { id: compartment.evseId };
    definitions.push(
      fixed(
        { name: 'EVSE', evse },
        v('AvailabilityState'),
        'OptionList',
        () =>
          !compartment.operative
            ? 'Unavailable'
            : compartment.transaction || compartment.occupied
              ? 'Occupied'
              : 'Available',
        true,
      ),
      fixed({ name: 'EVSE', evse }, v('Power'), 'integer', () => String(compartment.currentPowerW)),
    );
    if (compartment.door !== null) {
      definitions.push(
        fixed({ name: 'Door', evse }, v('Open'), 'boolean', () => String(compartment.door === 'open')),
        fixed({ name: 'Door', evse }, v('Locked'), 'boolean', () => String(compartment.door === 'locked')),
      );
    }
  }
  return definitions;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function componentMatches(definition: VariableDefinition, component: ComponentRef): boolean {
  return (
    same(definition.component.name, component.name) &&
    same(definition.component.instance, component.instance) &&
    definition.component.evse?.id === component.evse?.id
  );
}

export function findVariable(
  definitions: VariableDefinition[],
  component: ComponentRef,
  variable: VariableRef,
): VariableDefinition | 'UnknownComponent' | 'UnknownVariable' {
  const ofComponent = definitions.filter((d) => componentMatches(d, component));
  if (ofComponent.length === 0) return 'UnknownComponent';
  return (
    ofComponent.find(
      (d) => same(d.variable.name, variable.name) && same(d.variable.instance, variable.instance),
    ) ?? 'UnknownVariable'
  );
}

/** NotifyReport reportData for one variable (B07/B08). */
export function reportDatum(definition: VariableDefinition): Record<string, unknown> {
  return {
    component: definition.component,
    variable: definition.variable,
    variableAttribute: [{ type: 'Actual', value: definition.get(), mutability: definition.mutability }],
    variableCharacteristics: {
      dataType: definition.dataType,
      supportsMonitoring: false,
      ...(definition.unit === undefined ? {} : { unit: definition.unit }),
    },
  };
}
