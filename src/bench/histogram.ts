/**
 * A log-linear latency histogram in microseconds (the HdrHistogram idea, much smaller): values below
 * 128 µs are exact, above that every power of two is split into 64 buckets, so a percentile is off by
 * at most 1/64 (1.6 %). It is a plain array of counts, so the load generator can send it over IPC and
 * the orchestrator can merge and read it.
 */

const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 64
/** 2^27 µs ≈ 134 s; anything slower is clamped into the last bucket. */
const MAX_EXPONENT = 27;
const BUCKETS = 2 * SUB_BUCKETS + (MAX_EXPONENT - SUB_BUCKET_BITS - 1) * SUB_BUCKETS;

export interface Histogram {
  counts: number[];
  total: number;
  /** Exact extremes, in µs. */
  min: number;
  max: number;
  sum: number;
}

export function createHistogram(): Histogram {
  return {
    counts: new Array<number>(BUCKETS).fill(0),
    total: 0,
    min: Number.POSITIVE_INFINITY,
    max: 0,
    sum: 0,
  };
}

export function bucketOf(micros: number): number {
  const v = Math.max(0, Math.floor(micros));
  if (v < 2 * SUB_BUCKETS) return v;
  const exponent = 31 - Math.clz32(v); // floor(log2 v), >= 7
  const shift = exponent - SUB_BUCKET_BITS;
  const index = (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + ((v >>> shift) - SUB_BUCKETS);
  return Math.min(index, BUCKETS - 1);
}

/** The highest value (µs) that falls into `bucket`. */
export function bucketUpperBound(bucket: number): number {
  if (bucket < 2 * SUB_BUCKETS) return bucket;
  const exponent = Math.floor(bucket / SUB_BUCKETS) - 1 + SUB_BUCKET_BITS;
  const shift = exponent - SUB_BUCKET_BITS;
  const sub = (bucket % SUB_BUCKETS) + SUB_BUCKETS;
  return ((sub + 1) << shift) - 1;
}

export function record(h: Histogram, micros: number): void {
  // Values beyond 2^31 µs would overflow the bit arithmetic; they are clamped like the last bucket.
  const v = Math.min(Math.max(0, micros), 2 ** 30);
  h.counts[bucketOf(v)]! += 1;
  h.total += 1;
  h.sum += v;
  if (v < h.min) h.min = v;
  if (v > h.max) h.max = v;
}

export function merge(into: Histogram, from: Histogram): void {
  for (let i = 0; i < BUCKETS; i++) into.counts[i]! += from.counts[i] ?? 0;
  into.total += from.total;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}

/** The value (µs) below or at which `p` percent of the samples lie; 0 for an empty histogram. */
export function percentile(h: Histogram, p: number): number {
  if (h.total === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * h.total));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += h.counts[i]!;
    if (seen >= rank) return Math.min(bucketUpperBound(i), h.max);
  }
  return h.max;
}

export interface LatencySummary {
  count: number;
  /** Milliseconds, rounded to 0.01. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

const ms = (micros: number) => Math.round(micros / 10) / 100;

export function summarize(h: Histogram): LatencySummary {
  return {
    count: h.total,
    p50: ms(percentile(h, 50)),
    p90: ms(percentile(h, 90)),
    p99: ms(percentile(h, 99)),
    max: ms(h.total === 0 ? 0 : h.max),
    mean: ms(h.total === 0 ? 0 : h.sum / h.total),
  };
}
