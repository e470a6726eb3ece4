import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  bucketUpperBound,
  createHistogram,
  merge,
  percentile,
  record,
  summarize,
} from './histogram.js';

describe('latency histogram', () => {
  it('puts every value into a bucket whose bound is at most 1/64 above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 26 }), (v) => {
        const upper = bucketUpperBound(bucketOf(v));
        expect(upper).toBeGreaterThanOrEqual(v);
        expect(upper - v).toBeLessThanOrEqual(v / 64);
      }),
    );
  });

  it('keeps buckets in value order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 26 }), fc.integer({ min: 0, max: 2 ** 26 }), (a, b) => {
        if (a <= b) expect(bucketOf(a)).toBeLessThanOrEqual(bucketOf(b));
      }),
    );
  });

  it('reads percentiles of a uniform distribution within the bucket error', () => {
    const h = createHistogram();
    for (let v = 1; v <= 10_000; v++) record(h, v);
    expect(percentile(h, 50)).toBeGreaterThanOrEqual(5_000);
    expect(percentile(h, 50)).toBeLessThanOrEqual(5_000 * (1 + 1 / 64));
    expect(percentile(h, 99)).toBeGreaterThanOrEqual(9_900);
    expect(percentile(h, 99)).toBeLessThanOrEqual(9_900 * (1 + 1 / 64));
    expect(percentile(h, 100)).toBe(10_000);
  });

  it('finds a slow tail that only one percent of the samples have', () => {
    const h = createHistogram();
    for (let i = 0; i < 990; i++) record(h, 1_000);
    for (let i = 0; i < 10; i++) record(h, 50_000);
    const s = summarize(h);
    expect(s.p50).toBeCloseTo(1, 1);
    expect(s.p99).toBeCloseTo(1, 1);
    expect(s.max).toBe(50);
    record(h, 50_000);
    expect(summarize(h).p99).toBeGreaterThan(49);
  });

  it('merges histograms as if the samples had been recorded in one', () => {
    const a = createHistogram();
    const b = createHistogram();
    const both = createHistogram();
    for (let v = 0; v < 5_000; v += 7) {
      record(v % 2 === 0 ? a : b, v);
      record(both, v);
    }
    merge(a, b);
    expect(a).toEqual(both);
  });

  it('reports zeros for an empty histogram', () => {
    expect(summarize(createHistogram())).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });
});
