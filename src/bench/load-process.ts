/** The load generator's process (see child.ts): one LoadGenerator, driven phase by phase by the bench. */
import { cpuUsage, memoryUsage } from 'node:process';
import { serveParent } from './child.js';
import { LoadGenerator, type LoadGeneratorOptions } from './load-generator.js';
import { loopDelayMeter } from './loop-delay.js';

const loopDelay = loopDelayMeter();

let generator: LoadGenerator | undefined;
const active = () => {
  if (generator === undefined) throw new Error('init first');
  return generator;
};

serveParent(
  {
    init: (options: LoadGeneratorOptions) => {
      generator = new LoadGenerator(options);
      return { stations: options.stations.length };
    },
    connect: (args: { concurrency: number; timeoutMs: number }) => active().connectAll(args),
    closedLoop: (args: { durationMs: number; warmupMs: number }) => active().closedLoop(args),
    openLoop: (args: { rate: number; durationMs: number; warmupMs: number }) => active().openLoop(args),
    connected: () => active().connectedCount,
    disconnect: (args: { timeoutMs: number }) => active().disconnectAll(args.timeoutMs),
    usage: () => ({ cpu: cpuUsage(), rss: memoryUsage.rss() }),
    loopDelay: () => loopDelay(),
    close: async () => {
      await generator?.close();
      generator = undefined;
      setImmediate(() => process.exit(0));
      return true;
    },
  },
  { pid: process.pid },
);
