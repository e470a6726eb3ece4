import { ApiError } from '../../api/client';

/** The server's rule (MIN_STAFF_PASSWORD), checked early so the form can say what is wrong. */
export const MIN_PASSWORD = 12;

export interface NewPasswordProblems {
  /** Message key for the new password field. */
  password?: 'password.tooShort';
  /** Message key for the repeat field. */
  repeat?: 'password.mismatch';
}

export function newPasswordProblems(password: string, repeat: string): NewPasswordProblems {
  const problems: NewPasswordProblems = {};
  if (password.length < MIN_PASSWORD) problems.password = 'password.tooShort';
  if (repeat !== password) problems.repeat = 'password.mismatch';
  return problems;
}

export type LinkProblem = 'used' | 'expired' | 'unknown' | 'inactive';

/** Why a set-password link was refused, from the server's answer; undefined for other errors. */
export function linkProblem(error: unknown): LinkProblem | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 404) return 'unknown';
  if (error.status !== 409) return undefined;
  const reason = error.details?.reason;
  return reason === 'used' || reason === 'expired' || reason === 'inactive' ? reason : undefined;
}

/** Six digits, spaces allowed (apps show "123 456"). */
export const normalizeTotpCode = (code: string): string => code.replace(/\s+/g, '');
export const isTotpCode = (code: string): boolean => /^[0-9]{6}$/.test(normalizeTotpCode(code));
