import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { isTotpCode, linkProblem, newPasswordProblems, normalizeTotpCode } from './password-rules';

describe('new password rules', () => {
  it('wants 12 characters and the same twice', () => {
    expect(newPasswordProblems('twelve-chars', 'twelve-chars')).toEqual({});
    expect(newPasswordProblems('eleven-char', 'eleven-char')).toEqual({ password: 'password.tooShort' });
    expect(newPasswordProblems('twelve-chars', 'twelve-charz')).toEqual({ repeat: 'password.mismatch' });
    expect(newPasswordProblems('', 'x')).toEqual({
      password: 'password.tooShort',
      repeat: 'password.mismatch',
    });
  });
});

describe('refused set-password links', () => {
  it.each([
    [new ApiError(409, 'conflict', 'used', { reason: 'used' }), 'used'],
    [new ApiError(409, 'conflict', 'expired', { reason: 'expired' }), 'expired'],
    [new ApiError(409, 'conflict', 'blocked', { reason: 'inactive' }), 'inactive'],
    [new ApiError(404, 'not_found', 'password link not found'), 'unknown'],
    [new ApiError(422, 'validation_failed', 'too short'), undefined],
    [new ApiError(409, 'conflict', 'other'), undefined],
    [new Error('network'), undefined],
  ])('%s → %s', (error, expected) => {
    expect(linkProblem(error)).toBe(expected);
  });
});

describe('TOTP codes as typed', () => {
  it('accepts six digits with or without spaces', () => {
    expect(isTotpCode('123456')).toBe(true);
    expect(isTotpCode('123 456')).toBe(true);
    expect(normalizeTotpCode(' 123 456 ')).toBe('123456');
    expect(isTotpCode('12345')).toBe(false);
    expect(isTotpCode('12345a')).toBe(false);
  });
});
