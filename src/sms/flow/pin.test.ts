import { describe, expect, it } from 'vitest';
import { PIN_PATTERN } from './pin.decider.js';
import { randomPin, randomReceiptToken, randomRemoteStartId } from './pin.js';

describe('receipt PINs and tokens', () => {
  it('draws six digits, leading zeros kept, spread over the whole range', () => {
    const pins = Array.from({ length: 5_000 }, randomPin);
    for (const pin of pins) expect(pin).toMatch(PIN_PATTERN);
    // 5,000 draws from a million: nearly all distinct, and every first digit shows up.
    expect(new Set(pins).size).toBeGreaterThan(4_950);
    expect(new Set(pins.map((p) => p[0])).size).toBe(10);
  });

  it('never looks like an RFID UID (8, 14 or 20 hex characters)', () => {
    expect(randomPin()).toHaveLength(6);
  });

  it('makes receipt tokens of 16 random bytes, URL-safe', () => {
    const tokens = Array.from({ length: 1_000 }, randomReceiptToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(tokens).size).toBe(1_000);
  });

  it('makes positive int32 remote start ids', () => {
    for (let i = 0; i < 1_000; i++) {
      const id = randomRemoteStartId();
      expect(Number.isInteger(id) && id >= 1 && id < 2 ** 31).toBe(true);
    }
  });
});
