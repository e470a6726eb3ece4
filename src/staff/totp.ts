/**
 * The second factor (RFC 6238 TOTP: SHA-1, 6 digits, 30 s steps, as every authenticator app
 * understands it). Pure: the caller passes the time and the last step it accepted.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_S = 30;
/** Codes of the step before and after are accepted too: phone clocks drift (RFC 6238 §5.2). */
export const TOTP_WINDOW = 1;
const ISSUER = 'Fachwerk';

const totpOf = (secret: string, label = ''): TOTP =>
  new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
  });

/** A new random secret (160 bits, base32, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return totpOf(secret, account).toString();
}

/**
 * The time step a code belongs to, when it is right within ±1 step of `nowMs` and newer than
 * `lastStep` (a code, once accepted, is never accepted again); otherwise undefined.
 */
export function acceptedStep(
  secret: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const totp = totpOf(secret);
  const delta = totp.validate({ token: code, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return undefined;
  const step = totp.counter({ timestamp: nowMs }) + delta;
  if (lastStep !== null && step <= lastStep) return undefined;
  return step;
}

/** The code of a moment (tests, and the enrolment check of the portal's own tests). */
export function totpCode(secret: string, nowMs: number): string {
  return totpOf(secret).generate({ timestamp: nowMs });
}
