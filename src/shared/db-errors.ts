/**
 * PostgreSQL (and PGlite) report a unique-constraint violation as SQLSTATE 23505; drizzle wraps the
 * driver's error, so the code may sit on the error itself or on its cause.
 */
export function uniqueViolation(error: unknown): { constraint: string | undefined } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (candidate.code === '23505') {
      return { constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** SQLSTATE 23503: a row is still referenced (or references a missing row). */
export function foreignKeyViolation(error: unknown): { constraint: string | undefined } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (candidate.code === '23503') {
      return { constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined };
    }
    current = candidate.cause;
  }
  return undefined;
}
