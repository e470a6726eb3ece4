/**
 * The one mapping from errors to HTTP answers: problem+json (RFC 9457). Every error that leaves the
 * HTTP app goes through `toProblem`, so the shape is the same for typed service errors, schema
 * validation failures, unknown routes and unexpected crashes (which never show their stack).
 */
import type { FastifyError } from 'fastify';
import { FachwerkError, type ErrorCode } from '../shared/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  details?: Record<string, unknown>;
}

interface CodeInfo {
  status: number;
  title: string;
}

/**
 * station_offline is 409: the request is valid and the server is healthy, but the station's current
 * state (not connected) conflicts with it. 503 would tell generic clients and proxies to retry the
 * whole service, which is wrong for one unplugged station.
 */
export const ERROR_STATUS: Record<ErrorCode, CodeInfo> = {
  validation_failed: { status: 422, title: 'Validation failed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  totp_required: { status: 401, title: 'Second factor required' },
  totp_setup_required: { status: 403, title: 'Second factor must be set up first' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  station_offline: { status: 409, title: 'Station offline' },
  station_timeout: { status: 504, title: 'Station did not answer' },
  station_rejected: { status: 502, title: 'Station rejected the request' },
  not_supported: { status: 501, title: 'Not supported' },
  rate_limited: { status: 429, title: 'Too many requests' },
  tariff_not_found: { status: 422, title: 'No tariff applies' },
  payment_required: { status: 402, title: 'Payment required' },
  internal: { status: 500, title: 'Internal error' },
};

/** A stable, resolvable-free identifier per code (RFC 9457 §3.1.1 allows any URI). */
export const problemType = (code: ErrorCode): string => `urn:fachwerk:problem:${code}`;

export function problem(
  code: ErrorCode,
  detail: string,
  details?: Record<string, unknown>,
  status?: number,
): Problem {
  const info = ERROR_STATUS[code];
  return {
    type: problemType(code),
    title: info.title,
    status: status ?? info.status,
    detail,
    code,
    ...(details === undefined ? {} : { details }),
  };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** Turns Ajv's errors into `{ field, message }` pairs a person can act on. */
function validationFields(error: FastifyError): { field: string; message: string }[] {
  const context = error.validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationIssue[]).map((issue) => {
    const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const missing = issue.keyword === 'required' ? String(issue.params?.missingProperty ?? '') : '';
    const extra =
      issue.keyword === 'additionalProperties' ? String(issue.params?.additionalProperty ?? '') : '';
    const leaf = [path, missing || extra].filter((part) => part !== '').join('.');
    return { field: leaf === '' ? context : `${context}.${leaf}`, message: issue.message ?? 'is invalid' };
  });
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).code === 'string';
}

/** Maps anything thrown in a request to a problem. `internal` never carries the original message. */
export function toProblem(error: unknown): Problem {
  if (error instanceof FachwerkError) {
    return problem(error.code, error.message, error.details);
  }
  if (isFastifyError(error)) {
    if (error.validation !== undefined) {
      return problem(
        'validation_failed',
        'The request does not match the schema',
        { errors: validationFields(error) },
        400,
      );
    }
    const status = error.statusCode ?? 500;
    // Fastify's own client errors (bad JSON, unsupported media type, body too large, ...) are safe to show.
    if (status >= 400 && status < 500) {
      if (status === 401) return problem('unauthenticated', error.message);
      if (status === 403) return problem('forbidden', error.message);
      if (status === 404) return problem('not_found', error.message);
      if (status === 429) return problem('rate_limited', error.message);
      return problem('validation_failed', error.message, { fastifyCode: error.code }, status);
    }
  }
  return problem('internal', 'An unexpected error occurred');
}
