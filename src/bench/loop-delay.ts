/** Event-loop delay of a bench process: a busy or pausing (GC) loop shows up here before anywhere else. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

/** Returns a function that reports the delay since the previous call and starts over. */
export function loopDelayMeter(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 10_000) / 100;
  return () => {
    const result = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    histogram.reset();
    return result;
  };
}
