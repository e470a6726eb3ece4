/**
 * Webhook authentication: `Authorization: Bearer <token>` against SMS_INBOUND_TOKENS. The token's
 * name is the provider's name (it scopes the idempotency of message ids). Every configured token is
 * compared in constant time over equal-length digests, so neither a match nor its position leaks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The provider whose token the header carries, or undefined. */
export function inboundProvider(
  tokens: ReadonlyMap<string, string>,
  header: string | undefined,
): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const presented = digest(match[1]!);
  let found: string | undefined;
  for (const [name, token] of tokens) {
    if (timingSafeEqual(presented, digest(token)) && found === undefined) found = name;
  }
  return found;
}
