/**
 * The OCPP-J frames the bench stations send, pre-serialized so that sending a message costs one
 * string concatenation: a CALL is `[2,"<messageId>",<tail>` where the tail (`"Action",{...}]`) is
 * built here once per second (timestamps and the meter reading move on).
 */

export type BenchProtocol = 'ocpp1.6' | 'ocpp2.0.1';

/** The actions a bench station cycles through once booted, in this order. */
export const CYCLE_ACTIONS = ['Heartbeat', 'StatusNotification', 'MeterValues'] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

export interface FrameTails {
  boot: string;
  /** Indexed like CYCLE_ACTIONS. */
  cycle: string[];
}

const tail = (action: string, payload: unknown) => `${JSON.stringify(action)},${JSON.stringify(payload)}]`;

export function buildFrameTails(protocol: BenchProtocol, now: Date, energyWh: number): FrameTails {
  const timestamp = now.toISOString();
  if (protocol === 'ocpp1.6') {
    return {
      boot: tail('BootNotification', {
        chargePointVendor: 'Fachwerk',
        chargePointModel: 'Bench',
        firmwareVersion: '1.0.0',
      }),
      cycle: [
        tail('Heartbeat', {}),
        tail('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp }),
        tail('MeterValues', {
          connectorId: 1,
          meterValue: [
            {
              timestamp,
              sampledValue: [
                { value: String(energyWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              ],
            },
          ],
        }),
      ],
    };
  }
  return {
    boot: tail('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Fachwerk', model: 'Bench', firmwareVersion: '1.0.0' },
    }),
    cycle: [
      tail('Heartbeat', {}),
      tail('StatusNotification', { timestamp, connectorStatus: 'Available', evseId: 1, connectorId: 1 }),
      tail('MeterValues', {
        evseId: 1,
        meterValue: [
          {
            timestamp,
            sampledValue: [
              { value: energyWh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
            ],
          },
        ],
      }),
    ],
  };
}

export function callFrame(messageId: string, frameTail: string): string {
  return `[2,"${messageId}",${frameTail}`;
}

/**
 * What a bench station answers when the central system calls it (after a boot a central system may
 * configure or query the station). Answers satisfy the response schemas of both versions so a strict
 * central system accepts them.
 */
export function answerFor(action: string, params: unknown): unknown {
  switch (action) {
    case 'GetConfiguration':
      return { configurationKey: [], unknownKey: [] };
    case 'GetVariables': {
      const data =
        (params as { getVariableData?: { component: unknown; variable: unknown }[] }).getVariableData ?? [];
      return {
        getVariableResult: data.map((d) => ({
          attributeStatus: 'UnknownVariable',
          component: d.component,
          variable: d.variable,
        })),
      };
    }
    case 'SetVariables': {
      const data =
        (params as { setVariableData?: { component: unknown; variable: unknown }[] }).setVariableData ?? [];
      return {
        setVariableResult: data.map((d) => ({
          attributeStatus: 'Accepted',
          component: d.component,
          variable: d.variable,
        })),
      };
    }
    case 'GetLocalListVersion':
      return { listVersion: 0 };
    case 'DataTransfer':
      return { status: 'Accepted' };
    case 'GetDiagnostics':
      return {};
    case 'UnlockConnector':
      return { status: 'Unlocked' };
    default:
      // ChangeConfiguration, TriggerMessage, Reset, ClearCache, remote start/stop, ... all answer a status.
      return { status: 'Accepted' };
  }
}
