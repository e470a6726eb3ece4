import { describe, expect, it } from 'vitest';
import { CredentialCache } from './station-state.credential-cache.js';
import { defaultShortName } from './station-state.repository.js';

describe('CredentialCache', () => {
  it('knows a verified password only against the hash it was verified with', () => {
    const cache = new CredentialCache();
    const digest = CredentialCache.digest('correct horse battery');
    cache.remember('station-1', digest, 'hash-A');
    expect(cache.isVerified('station-1', digest, 'hash-A')).toBe(true);
    expect(cache.isVerified('station-1', digest, 'hash-B')).toBe(false);
    expect(cache.isVerified('station-2', digest, 'hash-A')).toBe(false);
    expect(cache.isVerified('station-1', CredentialCache.digest('wrong'), 'hash-A')).toBe(false);
  });

  it('forgets the oldest entries beyond its size', () => {
    const cache = new CredentialCache(2);
    cache.remember('a', 'd', 'h');
    cache.remember('b', 'd', 'h');
    cache.remember('c', 'd', 'h');
    expect(cache.size).toBe(2);
    expect(cache.isVerified('a', 'd', 'h')).toBe(false);
    expect(cache.isVerified('c', 'd', 'h')).toBe(true);
  });
});

describe('defaultShortName', () => {
  it.each([
    ['LOCKER-P20', 7, 'LOCKER-P20-07'],
    ['st_abc.1', 12, 'ST-ABC-1-12'],
    ['***', 1, 'CP-01'],
  ])('names %s connector %d %s', (id, evse, name) => {
    expect(defaultShortName(id, evse)).toBe(name);
  });
});
