import { describe, expect, it } from 'vitest';
import { LocalAuthorization } from './local-authorization.js';

const now = new Date('2025-03-01T12:00:00Z');
const both = { useList: true, useCache: true, now };

describe('local authorization list and cache', () => {
  it('replaces the list on a Full update and edits it on a newer Differential one', () => {
    const auth = new LocalAuthorization();
    expect(
      auth.applyUpdate({ kind: 'Full', version: 2, entries: [{ token: 'A', info: { status: 'Accepted' } }] }),
    ).toBe('Accepted');
    expect(
      auth.applyUpdate({
        kind: 'Differential',
        version: 3,
        entries: [{ token: 'B', info: { status: 'Blocked' } }, { token: 'A' }],
      }),
    ).toBe('Accepted');
    expect(auth.lookup('A', both)).toBeUndefined();
    expect(auth.lookup('B', both)).toBe('Blocked');
    expect(auth.version).toBe(3);
  });

  it('refuses a Differential update that is not newer, and a Full entry without info', () => {
    const auth = new LocalAuthorization();
    auth.applyUpdate({ kind: 'Full', version: 5, entries: [] });
    expect(auth.applyUpdate({ kind: 'Differential', version: 5, entries: [] })).toBe('VersionMismatch');
    expect(auth.applyUpdate({ kind: 'Full', version: 6, entries: [{ token: 'A' }] })).toBe('Failed');
    expect(auth.version).toBe(5);
  });

  it('prefers the list over the cache and treats expired entries as Expired', () => {
    const auth = new LocalAuthorization();
    auth.remember('A', { status: 'Accepted' });
    auth.applyUpdate({ kind: 'Full', version: 1, entries: [{ token: 'A', info: { status: 'Blocked' } }] });
    expect(auth.lookup('A', both)).toBe('Blocked');
    expect(auth.lookup('A', { ...both, useList: false })).toBe('Accepted');
    auth.remember('C', { status: 'Accepted', expiresAt: new Date('2025-03-01T11:59:59Z') });
    expect(auth.lookup('C', both)).toBe('Expired');
    auth.clearCache();
    expect(auth.lookup('C', both)).toBeUndefined();
    expect(auth.lookup('A', both)).toBe('Blocked');
  });
});
