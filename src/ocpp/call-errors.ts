/**
 * The one place where errors become OCPP CALLERRORs. Schema violations never get here: ocpp-rpc's
 * strict mode answers them itself (FormationViolation / FormatViolation, PropertyConstraintViolation,
 * TypeConstraintViolation, OccurrenceConstraintViolation) and unknown actions with NotImplemented.
 */
import type { Logger } from 'pino';
import ocppRpc from 'ocpp-rpc';
import { FachwerkError, type ErrorCode } from '../shared/errors.js';
import type { OcppProtocol } from './protocol.js';

// ocpp-rpc is CommonJS and spreads its error classes into its exports, which ESM cannot name.
const { createRPCError, RPCError } = ocppRpc;

/** OCPP-J error codes (both versions; 1.6 spells one of them FormationViolation). */
export type CallErrorCode =
  | 'GenericError'
  | 'InternalError'
  | 'NotImplemented'
  | 'NotSupported'
  | 'PropertyConstraintViolation'
  | 'SecurityError';

const BY_CODE: Record<ErrorCode, CallErrorCode> = {
  validation_failed: 'PropertyConstraintViolation',
  unauthenticated: 'SecurityError',
  totp_required: 'SecurityError',
  totp_setup_required: 'SecurityError',
  forbidden: 'SecurityError',
  not_found: 'GenericError',
  conflict: 'GenericError',
  station_offline: 'GenericError',
  station_timeout: 'GenericError',
  station_rejected: 'GenericError',
  not_supported: 'NotSupported',
  rate_limited: 'GenericError',
  tariff_not_found: 'InternalError',
  payment_required: 'GenericError',
  internal: 'InternalError',
};

export function callErrorCodeOf(error: FachwerkError): CallErrorCode {
  return BY_CODE[error.code];
}

/** What a handler's failure is answered with. Unexpected errors are logged and answered as InternalError. */
export function toCallError(error: unknown, log: Logger, action: string): Error {
  if (error instanceof RPCError) return error;
  if (error instanceof FachwerkError) {
    log.debug({ action, code: error.code }, error.message);
    return createRPCError(callErrorCodeOf(error), error.message, {}) as Error;
  }
  log.error({ err: error, action }, 'handling an OCPP message failed');
  return createRPCError('InternalError', 'The message could not be processed', {}) as Error;
}

/**
 * A station that is not (yet) accepted sends something other than BootNotification or Heartbeat:
 * 2.0.1 answers SecurityError (B02.FR.09); 1.6 has no code for this and answers GenericError.
 */
const NOT_ACCEPTED = 'The station is not accepted (send a BootNotification first)';

export function notAcceptedError(protocol: OcppProtocol): Error {
  return protocol === 'ocpp2.0.1'
    ? (createRPCError('SecurityError', NOT_ACCEPTED, {}) as Error)
    : (createRPCError('GenericError', NOT_ACCEPTED, {}) as Error);
}

export function notSupportedError(action: string): Error {
  return createRPCError('NotSupported', `${action} is recognised but not supported`, {}) as Error;
}
