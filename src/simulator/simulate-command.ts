/**
 * `fachwerk simulate`: runs simulated stations against a CSMS until SIGINT/SIGTERM and logs what
 * they do. The CLI parses the options; this runs them.
 */
import { pino, type Logger } from 'pino';
import type { AutoChargeOptions } from './auto-activity.js';
import { runSimulation, type StationSpec } from './fleet.js';
import type { SimulatedStation } from './simulated-station.js';
import { SimulatorError, type OcppVersion, type StationKind } from './types.js';

export interface SimulateCommandOptions {
  url: string;
  stations: StationSpec[];
  autoCharge?: boolean | AutoChargeOptions;
  log?: Logger;
  /** Ends the simulation; by default SIGINT or SIGTERM does. */
  signal?: AbortSignal;
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<void> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const simulation = runSimulation({
    url: options.url,
    stations: options.stations,
    ...(options.autoCharge === undefined ? {} : { autoCharge: options.autoCharge }),
    log,
  });
  for (const station of simulation.stations) narrate(station);
  log.info(
    {
      url: options.url,
      stations: options.stations.map((s) => s.chargeBoxId),
      autoCharge: Boolean(options.autoCharge),
    },
    'simulation running; Ctrl+C ends it',
  );
  await untilStopped(options.signal);
  log.info('stopping the simulated stations');
  await simulation.stop();
}

/**
 * Parses `chargeBoxId:password[:ocpp1.6|ocpp2.0.1[:locker|charge_point[:evses]]]`. Defaults:
 * ocpp1.6, locker, 12 compartments (a charge point: 2 connectors).
 */
export function parseStationSpec(spec: string): StationSpec {
  const [chargeBoxId, password, version = 'ocpp1.6', kind = 'locker', evses] = spec.split(':');
  if (chargeBoxId === undefined || chargeBoxId === '' || password === undefined || password === '') {
    throw new SimulatorError(`station "${spec}": expected chargeBoxId:password[:version[:kind[:evses]]]`);
  }
  if (version !== 'ocpp1.6' && version !== 'ocpp2.0.1') {
    throw new SimulatorError(`station "${spec}": version must be ocpp1.6 or ocpp2.0.1`);
  }
  if (kind !== 'locker' && kind !== 'charge_point') {
    throw new SimulatorError(`station "${spec}": kind must be locker or charge_point`);
  }
  const count = evses === undefined ? (kind === 'locker' ? 12 : 2) : Number(evses);
  if (!Number.isInteger(count) || count < 1)
    throw new SimulatorError(`station "${spec}": evses must be a positive integer`);
  return { chargeBoxId, password, version: version as OcppVersion, kind: kind as StationKind, evses: count };
}

/** Logs what a station does, one line per event, for someone watching the terminal. */
function narrate(station: SimulatedStation): void {
  const log = station.log;
  station.on('connected', () => log.info('connected'));
  station.on('disconnected', ({ code }) => log.warn({ code }, 'disconnected'));
  station.on('registered', ({ status }) => log.info({ status }, 'boot answered'));
  station.on('door', ({ evseId, door }) => log.info({ evseId, door }, 'door'));
  station.on('transactionStarted', (tx) =>
    log.info(
      { evseId: tx.evseId, idToken: tx.idToken.value, transactionId: tx.transactionId },
      'charging started',
    ),
  );
  station.on('transactionStopped', (tx) =>
    log.info(
      { evseId: tx.evseId, reason: tx.reason, energyWh: tx.meterStopWh - tx.meterStartWh },
      'charging stopped',
    ),
  );
  station.on('command', ({ action, response }) => log.info({ action, response }, 'command from the CSMS'));
  station.on('protocolError', ({ action, outbound, error }) =>
    log.error({ action, outbound, err: error }, 'OCPP schema violation'),
  );
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) {
      resolve();
      return;
    }
    if (signal !== undefined) signal.addEventListener('abort', done, { once: true });
    else {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    }
  });
}
