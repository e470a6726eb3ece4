/** Builds simulated stations against a TestCsms and stops them after each test. */
import { SimulatedStation } from '../simulated-station.js';
import type { SimulatedStationOptions } from '../types.js';
import type { TestCsms } from './test-csms.js';

export const PASSWORD = 'correct-horse-battery-staple';

export class StationFixtures {
  private readonly started: SimulatedStation[] = [];
  private counter = 0;

  constructor(
    private readonly csms: () => TestCsms,
    private readonly defaults: Pick<SimulatedStationOptions, 'version' | 'kind'>,
  ) {}

  /** A fresh station with a unique id; the CSMS knows its password. Not started. */
  make(options: Partial<SimulatedStationOptions> = {}): SimulatedStation {
    const chargeBoxId =
      options.chargeBoxId ?? `SIM-${this.defaults.version}-${process.pid}-${++this.counter}`;
    const station = new SimulatedStation({
      url: this.csms().url,
      password: PASSWORD,
      evses: 3,
      meterIntervalMs: 60_000,
      reconnectDelayMs: 50,
      callTimeoutMs: 3_000,
      ...this.defaults,
      ...options,
      chargeBoxId,
    });
    this.started.push(station);
    return station;
  }

  /** A started, accepted station whose initial status reports were acknowledged. */
  async start(options: Partial<SimulatedStationOptions> = {}): Promise<SimulatedStation> {
    const station = this.make(options);
    const status = await station.start();
    if (status !== 'Accepted') throw new Error(`boot was ${status}`);
    return station;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((s) => s.stop()));
  }
}
