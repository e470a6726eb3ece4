/**
 * Runs several simulated stations against one CSMS, as `fachwerk simulate` and the demo do.
 * Stations keep trying to connect until the CSMS is reachable, so the order of starting the
 * server and the simulation does not matter.
 */
import { pino, type Logger } from 'pino';
import { AutoActivity, type AutoChargeOptions } from './auto-activity.js';
import { SimulatedStation } from './simulated-station.js';
import { SimulatorError, type OcppVersion, type StationKind } from './types.js';

export interface StationSpec {
  chargeBoxId: string;
  password?: string;
  version: OcppVersion;
  kind: StationKind;
  evses: number;
  meterIntervalMs?: number;
  powerW?: number;
}

export interface RunSimulationOptions {
  url: string;
  stations: StationSpec[];
  /** Let simulated people use the stations now and then (true for the defaults). */
  autoCharge?: boolean | AutoChargeOptions;
  log?: Logger;
}

export interface Simulation {
  readonly stations: readonly SimulatedStation[];
  station(chargeBoxId: string): SimulatedStation | undefined;
  /** Resolves once every station was accepted by the CSMS; rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The demo wants visible movement without flooding the CSMS: a meter value every 15 s. */
const FLEET_METER_INTERVAL_MS = 15_000;

export function runSimulation(options: RunSimulationOptions): Simulation {
  if (options.stations.length === 0) throw new SimulatorError('no stations to simulate');
  const ids = new Set(options.stations.map((s) => s.chargeBoxId));
  if (ids.size !== options.stations.length) throw new SimulatorError('charge box ids must be unique');
  const log = options.log ?? pino({ level: 'silent' });

  const stations = options.stations.map(
    (spec) =>
      new SimulatedStation({
        ...spec,
        url: options.url,
        meterIntervalMs: spec.meterIntervalMs ?? FLEET_METER_INTERVAL_MS,
        log,
      }),
  );
  for (const station of stations) {
    station.start({ retry: true }).catch((error: unknown) => {
      station.log.warn({ err: error }, 'station could not start');
    });
  }

  let activity: AutoActivity | undefined;
  if (options.autoCharge !== undefined && options.autoCharge !== false) {
    activity = new AutoActivity(stations, options.autoCharge === true ? {} : options.autoCharge);
    activity.start();
  }

  return {
    stations,
    station: (chargeBoxId) => stations.find((s) => s.chargeBoxId === chargeBoxId),
    async ready(timeoutMs = 30_000) {
      await Promise.all(
        stations.map((s) =>
          s.waitUntil(() => s.registration === 'Accepted' && s.connected, timeoutMs, 'accepted boot'),
        ),
      );
    },
    async stop() {
      await activity?.stop();
      await Promise.all(stations.map((s) => s.stop()));
    },
  };
}
