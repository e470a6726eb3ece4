import { describe, expect, it } from 'vitest';
import { TOTP } from 'otpauth';
import { acceptedStep, newTotpSecret, totpCode, totpUri, TOTP_PERIOD_S } from './totp.js';

const STEP_MS = TOTP_PERIOD_S * 1000;
const now = Date.UTC(2025, 4, 6, 10, 0, 15);
const stepOf = (ms: number) => Math.floor(ms / STEP_MS);

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('makes 160-bit base32 secrets, different each time', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('matches the RFC 6238 test vector (SHA-1, 59 s → 94287082, last 6 digits)', () => {
    // RFC 6238 Appendix B: the ASCII secret "12345678901234567890".
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(acceptedStep(rfcSecret, '287082', 59_000, null)).toBe(1);
  });

  it('accepts the code of this step and of the steps next to it, nothing further', () => {
    expect(acceptedStep(secret, totpCode(secret, now), now, null)).toBe(stepOf(now));
    expect(acceptedStep(secret, totpCode(secret, now - STEP_MS), now, null)).toBe(stepOf(now) - 1);
    expect(acceptedStep(secret, totpCode(secret, now + STEP_MS), now, null)).toBe(stepOf(now) + 1);
    expect(acceptedStep(secret, totpCode(secret, now - 2 * STEP_MS), now, null)).toBeUndefined();
    expect(acceptedStep(secret, totpCode(secret, now + 2 * STEP_MS), now, null)).toBeUndefined();
  });

  it('never accepts a step twice, nor an older one after a newer', () => {
    const code = totpCode(secret, now);
    const step = acceptedStep(secret, code, now, null)!;
    expect(acceptedStep(secret, code, now, step)).toBeUndefined();
    expect(acceptedStep(secret, totpCode(secret, now - STEP_MS), now, step)).toBeUndefined();
    expect(acceptedStep(secret, totpCode(secret, now + STEP_MS), now, step)).toBe(step + 1);
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 123456'])('refuses the malformed code %j', (code) => {
    expect(acceptedStep(secret, code, now, null)).toBeUndefined();
  });

  it('writes an otpauth URI that an app reads back to the same secret', () => {
    const uri = totpUri(secret, 'ada@example.test');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Fachwerk:ada%40example\.test\?/);
    const parsed = new URL(uri);
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('issuer')).toBe('Fachwerk');
    expect(new TOTP({ secret }).generate({ timestamp: now })).toBe(totpCode(secret, now));
  });
});
