import { describe, expect, it } from 'vitest';
import { ERASED, isPseudonym, pseudonymFor } from './pseudonym.js';

describe('phone pseudonyms', () => {
  it('is stable for a number and key, different for another number or key', () => {
    const a = pseudonymFor('4917112345678', 'key-one');
    expect(a).toMatch(/^p-[0-9a-f]{32}$/);
    expect(pseudonymFor('4917112345678', 'key-one')).toBe(a);
    expect(pseudonymFor('4917112345679', 'key-one')).not.toBe(a);
    expect(pseudonymFor('4917112345678', 'key-two')).not.toBe(a);
  });

  it('erases without a key', () => {
    expect(pseudonymFor('4917112345678', undefined)).toBe(ERASED);
  });

  it('tells pseudonyms from numbers', () => {
    expect(isPseudonym(pseudonymFor('4917112345678', 'k'))).toBe(true);
    expect(isPseudonym(ERASED)).toBe(true);
    expect(isPseudonym('4917112345678')).toBe(false);
  });
});
