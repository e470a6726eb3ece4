/**
 * The one error catalogue. Each transport maps these once: HTTP to problem+json (api/problem.ts),
 * OCPP to a CALLERROR (ocpp/call-errors.ts), SMS to an answer text (later).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  /** The password was right; the account's second factor (TOTP code) is missing. */
  | 'totp_required'
  /** The account must enrol a second factor before it may do anything else (platform admins). */
  | 'totp_setup_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'station_offline'
  | 'station_timeout'
  | 'station_rejected'
  | 'not_supported'
  | 'rate_limited'
  | 'tariff_not_found'
  | 'payment_required'
  | 'internal';

export class FachwerkError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends FachwerkError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('validation_failed', message, details);
  }
}

export class Unauthenticated extends FachwerkError {
  constructor(message = 'Authentication required') {
    super('unauthenticated', message);
  }
}

export class Forbidden extends FachwerkError {
  constructor(message = 'Not allowed for this role') {
    super('forbidden', message);
  }
}

/** Also used when a resource exists in another institution: its existence is not revealed. */
export class NotFound extends FachwerkError {
  constructor(what: string, id?: string) {
    super('not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`, { what, id });
  }
}

export class Conflict extends FachwerkError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, details);
  }
}

export class StationOffline extends FachwerkError {
  constructor(stationId: string) {
    super('station_offline', `Station ${stationId} is not connected`, { stationId });
  }
}

export class StationTimeout extends FachwerkError {
  constructor(stationId: string, action: string, timeoutMs: number) {
    super('station_timeout', `Station ${stationId} did not answer ${action} within ${timeoutMs} ms`, {
      stationId,
      action,
      timeoutMs,
    });
  }
}

/** The station answered with a CALLERROR. */
export class StationRejected extends FachwerkError {
  constructor(stationId: string, action: string, reason: string) {
    super('station_rejected', `Station ${stationId} answered ${action} with an error: ${reason}`, {
      stationId,
      action,
      reason,
    });
  }
}

export class NotSupported extends FachwerkError {
  constructor(message: string) {
    super('not_supported', message);
  }
}

export class RateLimited extends FachwerkError {
  constructor(message = 'Too many requests') {
    super('rate_limited', message);
  }
}

/** No tariff applies to a charge point: never priced as 0 (DESIGN, CitrineOS warning). */
export class TariffNotFound extends FachwerkError {
  constructor(chargePointId: string | null, stationId: string) {
    super(
      'tariff_not_found',
      'No tariff applies to this charge point, its station, group, location or institution',
      {
        chargePointId,
        stationId,
      },
    );
  }
}

/** The payer cannot pay (prepaid balance below the minimum, suspended company, no payer). */
export class PaymentRequired extends FachwerkError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('payment_required', message, details);
  }
}
