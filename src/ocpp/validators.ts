/**
 * Strict-mode validation with OCPP's error codes. ocpp-rpc validates every message against the
 * official JSON schemas; these wrappers around its own validators correct two things in the
 * CALLERROR it derives from a violation:
 * - an enum (or const) violation is "a field contains an invalid value": PropertyConstraintViolation
 *   (ocpp-rpc falls back to FormatViolation);
 * - 2.0.1 spells OccurrenceConstraintViolation with two r (ocpp-rpc keeps the 1.6 misspelling there;
 *   for 1.6 it converts on the wire itself, as the 1.6 errata say).
 */
import ocppRpc from 'ocpp-rpc';
import standardValidators from 'ocpp-rpc/lib/standard-validators.js';

const { createRPCError } = ocppRpc;

interface RpcValidationError extends Error {
  rpcErrorCode?: string;
  details?: { errors?: { keyword?: string }[] };
}

export function correctedCode(protocol: string, error: RpcValidationError): string | undefined {
  const keyword = error.details?.errors?.[0]?.keyword;
  if (keyword === 'enum' || keyword === 'const') return 'PropertyConstraintViolation';
  if (protocol === 'ocpp2.0.1' && error.rpcErrorCode === 'OccurenceConstraintViolation')
    return 'OccurrenceConstraintViolation';
  return undefined;
}

export interface StrictValidator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): unknown;
}

function corrected(base: StrictValidator): StrictValidator {
  const protocol = base.subprotocol;
  return {
    subprotocol: protocol,
    validate(schemaId, params) {
      try {
        return base.validate(schemaId, params);
      } catch (error) {
        const code = correctedCode(protocol, error as RpcValidationError);
        if (code === undefined) throw error;
        throw createRPCError(code, (error as Error).message, (error as RpcValidationError).details ?? {});
      }
    },
  };
}

/** Passed as `strictModeValidators`; they replace ocpp-rpc's built-in ones of the same subprotocol. */
export const OCPP_VALIDATORS: readonly StrictValidator[] = (
  standardValidators as unknown as readonly StrictValidator[]
).map(corrected);
