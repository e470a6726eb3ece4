/** `fachwerk simulate`: the named stations, or the demo stations from DATA_DIR/demo.json. */
import { loadConfig } from '../config/config.js';
import { readDemoCredentials } from '../demo/seed-demo.js';
import { parseStationSpec, simulateCommand } from '../simulator/simulate-command.js';

export async function simulateFromCli(options: {
  url: string;
  station?: string[];
  autoCharge?: boolean;
}): Promise<void> {
  let stations;
  if (options.station !== undefined && options.station.length > 0) {
    stations = options.station.map(parseStationSpec);
  } else {
    const config = loadConfig();
    const demo = await readDemoCredentials(config.dataDir);
    if (demo === undefined) {
      throw new Error(
        `No --station given and no demo stations in ${config.dataDir}/demo.json (start the server with --demo first)`,
      );
    }
    stations = demo.stations;
  }
  await simulateCommand({ url: options.url, stations, autoCharge: options.autoCharge === true });
}
