import { createHash } from 'node:crypto';

/**
 * Which (station, password) pairs were verified against which stored argon2 hash
 * (docs/adr/0002-station-passwords.md). A reconnecting station with an unchanged password is then
 * checked without argon2; a changed hash no longer matches, so a password change takes effect at
 * once. Only SHA-256 digests of passwords are held, and only in memory.
 */
export class CredentialCache {
  private readonly verified = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  static digest(password: string): string {
    return createHash('sha256').update(password).digest('base64');
  }

  isVerified(stationId: string, digest: string, passwordHash: string): boolean {
    return this.verified.get(`${stationId}:${digest}`) === passwordHash;
  }

  remember(stationId: string, digest: string, passwordHash: string): void {
    const key = `${stationId}:${digest}`;
    this.verified.delete(key);
    if (this.verified.size >= this.maxEntries) {
      // Maps iterate in insertion order: the oldest entry goes first.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(key, passwordHash);
  }

  get size(): number {
    return this.verified.size;
  }
}
