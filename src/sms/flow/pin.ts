/**
 * Receipt PINs and receipt tokens: random from the operating system's CSPRNG, never derived from
 * anything a person could know (phone, time, compartment). Six digits fit any keypad; uniqueness
 * among a station's open sessions is the database's job (sms_sessions_open_pin).
 */
import { randomBytes, randomInt } from 'node:crypto';

export const PIN_DIGITS = 6;

export function randomPin(): string {
  return String(randomInt(0, 10 ** PIN_DIGITS)).padStart(PIN_DIGITS, '0');
}

/** 16 random bytes, base64url: the unguessable part of the receipt link. */
export function randomReceiptToken(): string {
  return randomBytes(16).toString('base64url');
}

/** 2.0.1 RequestStartTransaction.remoteStartId (int32, positive). */
export function randomRemoteStartId(): number {
  return randomInt(1, 2 ** 31 - 1);
}
