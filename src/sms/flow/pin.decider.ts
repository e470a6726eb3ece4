/**
 * Receipt PINs as id tokens. The remote start of an SMS session carries its PIN as the token (1.6
 * idTag, 2.0.1 idToken type Central), and the person types the same PIN at the keypad to end the
 * session and open the door (1.6 Authorize, 2.0.1 idToken type KeyCode). This decider accepts the PIN
 * of an open SMS session at the station it is presented to, and guards the keypad against guessing:
 * too many wrong PINs within a window lock it for a while and alert staff.
 *
 * 1.6 sends no token type (it arrives as ISO14443): a PIN is told apart by its shape, six digits,
 * which no RFID UID has (UIDs are 8, 14 or 20 hex characters).
 */
import type { AlertsService } from '../../alerts/alerts.service.js';
import type {
  AuthorizationDecider,
  AuthorizationDecision,
  AuthorizationRequest,
} from '../../authorization/authorization.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../shared/context.js';
import {
  closedWithPin,
  countWrongPin,
  findOpenByPin,
  keypadLockedUntil,
  resetKeypadGuard,
} from './sms-sessions.repository.js';

/** Receipt PINs are six random digits (pin.ts). */
export const PIN_PATTERN = /^\d{6}$/;
/** A PIN typed again this long after its session ended is not counted as a guess. */
const CLOSED_PIN_GRACE_MS = 24 * 3600_000;

export interface PinDeciderDeps {
  db: Db;
  config: Config;
  alerts: AlertsService;
}

export class PinDecider implements AuthorizationDecider {
  readonly name = 'receipt-pin';

  constructor(private readonly deps: PinDeciderDeps) {}

  async authorize(ctx: Ctx, request: AuthorizationRequest): Promise<AuthorizationDecision | undefined> {
    const token = request.idToken.trim();
    const keypad = request.type === 'KeyCode';
    // Central: our own remote start; ISO14443: how a 1.6 idTag arrives (no type on the wire).
    const pinShaped =
      PIN_PATTERN.test(token) && (keypad || request.type === 'Central' || request.type === 'ISO14443');
    if (!keypad && !pinShaped) return undefined;

    const { db } = this.deps;
    const now = ctx.now();
    const open = pinShaped ? await findOpenByPin(db, request.stationId, token) : undefined;
    // A PIN opens only its own compartment (a start reported for another one is not this session).
    const match =
      open !== undefined && (request.evseId === undefined || request.evseId === open.evseId)
        ? open
        : undefined;
    const lockedUntil = await keypadLockedUntil(db, request.stationId, now);

    if (match !== undefined) {
      // The station reporting the start of our own remote start: the keypad lock is about people typing.
      const reportedStart = match.sessionId === null && !keypad;
      if (lockedUntil !== undefined && !reportedStart) return locked(lockedUntil);
      if (!reportedStart) await resetKeypadGuard(db, request.stationId, now);
      return { status: 'Accepted', reason: 'receipt_pin', smsSessionId: match.id };
    }

    // Our own Central tokens of sessions that failed or ended: refused, but nobody guessed anything.
    if (request.type === 'Central') return { status: 'Invalid', reason: 'receipt_pin_closed' };
    if (lockedUntil !== undefined) return locked(lockedUntil);
    if (
      pinShaped &&
      (await closedWithPin(db, request.stationId, token, new Date(now.getTime() - CLOSED_PIN_GRACE_MS)))
    )
      return { status: 'Invalid', reason: 'receipt_pin_closed' };

    const rules = {
      maxFailures: this.deps.config.sms.keypadMaxFailures,
      windowMinutes: this.deps.config.sms.keypadWindowMinutes,
      lockMinutes: this.deps.config.sms.keypadLockMinutes,
    };
    const guard = await countWrongPin(
      db,
      { stationId: request.stationId, institutionId: request.institutionId, now },
      rules,
    );
    ctx.log.info(
      { stationId: request.stationId, failedAttempts: guard.failedAttempts },
      'wrong PIN at the keypad',
    );
    if (guard.justLocked) {
      await this.deps.alerts.raise(ctx, {
        institutionId: request.institutionId,
        stationId: request.stationId,
        kind: 'keypad_locked',
        severity: 'warning',
        message: {
          de: `Tastenfeld nach ${guard.failedAttempts} falschen PINs für ${rules.lockMinutes} Minuten gesperrt.`,
          en: `Keypad locked for ${rules.lockMinutes} minutes after ${guard.failedAttempts} wrong PINs.`,
        },
        payload: {
          failedAttempts: guard.failedAttempts,
          lockedUntil: guard.lockedUntil?.toISOString() ?? null,
        },
      });
    }
    if (guard.lockedUntil !== null && guard.lockedUntil > now) return locked(guard.lockedUntil);
    return { status: 'Invalid', reason: 'wrong_pin' };
  }
}

/** The station may not cache a refusal beyond the lock. */
function locked(until: Date): AuthorizationDecision {
  return { status: 'Blocked', reason: 'keypad_locked', expiresAt: until };
}
