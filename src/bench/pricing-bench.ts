/**
 * How fast the pricing engine prices a session (`npm run bench:pricing`). Each tariff of the demo
 * is timed against a baseline in the same process, on the same sessions: the simplest tariff there
 * is (one price per started 30 minutes). The ratio is what the figure means on a noisy machine.
 *
 * Sessions are random but reproducible (seeded): 5 minutes to 30 hours, spread over a year, so
 * they cross midnights, weekends and both daylight-saving changes.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { priceSession, type EngineTariff, type PricingInput } from '../pricing/engine.js';
import type { DiscountRule } from '../pricing/price-rules.js';
import type { TariffDefinition } from '../pricing/tariff-definition.js';
import { DEMO } from '../demo/demo-data.js';

const tariff = (name: string, definition: TariffDefinition): EngineTariff => ({
  id: name,
  name,
  currency: 'EUR',
  vatRateBp: 1900,
  definition,
});

const BASELINE = tariff('baseline: 0,50 € per started 30 min', {
  elements: [{ time: { priceCents: 50, stepMinutes: 30 } }],
});

const CANDIDATES: EngineTariff[] = [
  tariff('locker: 4 h step, daily cap', DEMO.tariffs.locker.definition),
  tariff('charge point: kWh + blocking fee', DEMO.tariffs.chargePoint.definition),
  tariff('time of day + weekend + per minute', {
    startFeeCents: 100,
    maximumCents: 3000,
    elements: [
      {
        restrictions: { weekdays: [6, 7] },
        time: { priceCents: 2, stepMinutes: 1 },
        energy: { centsPerKwh: 29 },
      },
      {
        restrictions: { startTime: '22:00', endTime: '06:00' },
        time: { priceCents: 1, stepMinutes: 1 },
        energy: { centsPerKwh: 25 },
      },
      { time: { priceCents: 3, stepMinutes: 1 }, energy: { centsPerKwh: 39 } },
    ],
  }),
];

const DISCOUNTS: DiscountRule[] = [
  {
    id: 'd1',
    name: '10 %',
    targetKind: 'station_group',
    targetId: 'g1',
    percentBp: 1000,
    amountCents: null,
    stackable: false,
    validFrom: null,
    validTo: null,
  },
];

/** mulberry32: a small seeded generator, so every run prices the same sessions. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Session = Omit<PricingInput, 'tariff'>;

function sessions(n: number): Session[] {
  const next = random(20261121);
  const yearStart = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, () => {
    const start = yearStart + Math.floor(next() * 365 * 86_400_000);
    const minutes = 5 + Math.floor(next() * 30 * 60);
    const stop = start + minutes * 60_000;
    const energyWh = Math.floor(next() * minutes * 100);
    return {
      startedAt: new Date(start),
      stoppedAt: new Date(stop),
      chargingEndedAt: new Date(start + Math.floor((stop - start) * next())),
      energyWh,
      discounts: DISCOUNTS,
      subject: { userId: 'u1', userGroupId: null, stationId: 's1', stationGroupId: 'g1' },
    };
  });
}

/** Sessions priced per second, best of `rounds` (other processes only ever slow a round down). */
function measure(tariffUnderTest: EngineTariff, batch: Session[], rounds: number): number {
  let best = 0;
  let checksum = 0;
  for (let round = 0; round < rounds; round++) {
    const began = performance.now();
    for (const session of batch) checksum += priceSession({ ...session, tariff: tariffUnderTest }).totalCents;
    const rate = batch.length / ((performance.now() - began) / 1000);
    best = Math.max(best, rate);
  }
  // Keeps the work observable so it cannot be optimised away.
  if (checksum < 0) throw new Error('negative total');
  return best;
}

export function runPricingBench(options: { sessions: number; rounds: number }): void {
  const batch = sessions(options.sessions);
  measure(BASELINE, batch.slice(0, 200), 1); // warm-up
  const baseline = measure(BASELINE, batch, options.rounds);
  const lines = [
    `pricing engine: ${options.sessions} sessions (5 min to 30 h over 2026), best of ${options.rounds} rounds, Node ${process.version}`,
    `${BASELINE.name.padEnd(40)} ${Math.round(baseline).toLocaleString('en').padStart(10)} sessions/s   1.00 × baseline`,
  ];
  for (const candidate of CANDIDATES) {
    const rate = measure(candidate, batch, options.rounds);
    lines.push(
      `${candidate.name.padEnd(40)} ${Math.round(rate).toLocaleString('en').padStart(10)} sessions/s   ${(rate / baseline).toFixed(2)} × baseline`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runPricingBench({ sessions: arg('--sessions', 20_000), rounds: arg('--rounds', 5) });
}
