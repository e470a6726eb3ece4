/**
 * Why a call to a station failed, read from whatever the connection rejected with: ocpp-rpc's
 * errors (a CALLERROR arrives as an RPCError carrying `rpcErrorCode`, a timeout as TimeoutError,
 * a dropped connection as an AbortError) or our own typed errors, should the link already map them.
 */
import { FachwerkError } from '../shared/errors.js';

export type CallFailure =
  | { kind: 'timeout' }
  /** The station answered with a CALLERROR (or with a payload that broke the official schema). */
  | { kind: 'rejected'; errorCode: string; errorDescription: string; errorDetails: unknown }
  /** The connection went away while the call was in flight. */
  | { kind: 'disconnected'; message: string }
  | { kind: 'unknown'; message: string };

function errorName(error: Error): string {
  // ocpp-rpc's TimeoutError does not set `name`; its class name is the reliable part.
  return error.name !== 'Error' ? error.name : error.constructor.name;
}

export function classifyCallFailure(error: unknown): CallFailure {
  if (error instanceof FachwerkError) {
    if (error.code === 'station_timeout') return { kind: 'timeout' };
    if (error.code === 'station_offline') return { kind: 'disconnected', message: error.message };
    if (error.code === 'station_rejected') {
      const details = error.details ?? {};
      return {
        kind: 'rejected',
        errorCode: typeof details.errorCode === 'string' ? details.errorCode : 'GenericError',
        errorDescription: typeof details.reason === 'string' ? details.reason : error.message,
        errorDetails: details.errorDetails ?? {},
      };
    }
    return { kind: 'unknown', message: error.message };
  }
  if (!(error instanceof Error)) return { kind: 'unknown', message: String(error) };
  const withCode = error as Error & { rpcErrorCode?: unknown; details?: unknown };
  if (typeof withCode.rpcErrorCode === 'string') {
    return {
      kind: 'rejected',
      errorCode: withCode.rpcErrorCode,
      errorDescription: error.message,
      errorDetails: withCode.details ?? {},
    };
  }
  const name = errorName(error);
  if (name === 'TimeoutError') return { kind: 'timeout' };
  if (name === 'AbortError') return { kind: 'disconnected', message: error.message };
  return { kind: 'unknown', message: error.message };
}
