/** States as badge tones: words carry the meaning, colour only helps. */
import type { Tone } from '../../ui';

export const userStatusTone = (status: 'active' | 'blocked'): Tone => (status === 'active' ? 'ok' : 'error');
export const cardStatusTone = (status: 'accepted' | 'blocked'): Tone =>
  status === 'accepted' ? 'ok' : 'error';
export const companyStatusTone = (status: 'active' | 'suspended'): Tone =>
  status === 'active' ? 'ok' : 'warn';

/** An authorization answer: accepted is fine, running out of credit is a warning, the rest refuse. */
export function authorizationTone(status: string): Tone {
  if (status === 'Accepted') return 'ok';
  if (status === 'NoCredit' || status === 'Expired') return 'warn';
  return 'error';
}

export const AUTHORIZATION_REASONS = [
  'card_accepted',
  'card_blocked',
  'card_expired',
  'user_blocked',
  'company_suspended',
  'no_payer',
  'strategy_inactive',
  'insufficient_balance',
  'free_station',
] as const;

/** The message key of a reason; an unknown one (a newer server) is shown as the server wrote it. */
export function reasonKey(reason: string): string | null {
  return (AUTHORIZATION_REASONS as readonly string[]).includes(reason) ? `reasons.${reason}` : null;
}
