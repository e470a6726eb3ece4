/** When to try a failed send again: exponential backoff from `baseMs`, capped at `maxMs`. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(attempts - 1, 0);
  return Math.min(baseMs * 2 ** Math.min(exponent, 30), maxMs);
}
