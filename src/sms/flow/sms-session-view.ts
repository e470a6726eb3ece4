/**
 * What staff see of an SMS session. The phone is personal data: masked unless the role may see
 * numbers (sms:phone). The receipt PIN is the key to a locked compartment: shown only while
 * the session is open and only to roles that may manage SMS (sms:manage, admins), who can open any
 * door anyway; the receipt link is personal data like the phone (sms:phone).
 */
import { can } from '../../access/tenant-scope.js';
import type { SmsSessionState } from '../../db/schema.js';
import type { Actor } from '../../shared/context.js';
import { maskPhone } from '../phone.js';
import { receiptPath } from '../sms.js';
import { OPEN_STATES, type SmsSessionListRow } from './sms-sessions.repository.js';

export interface SmsSessionView {
  id: string;
  institutionId: string;
  stationId: string;
  chargeBoxId: string;
  chargePointId: string;
  evseId: number;
  shortName: string;
  serviceNumber: string;
  phone: string;
  phoneMasked: boolean;
  language: 'de' | 'en';
  state: SmsSessionState;
  /** null unless the role may see it (sms:manage) and the session is open. */
  receiptPin: string | null;
  /** null unless the role may see phone numbers (sms:phone). */
  receiptUrl: string | null;
  sessionId: string | null;
  failureReason: string | null;
  stopRequestedAt: Date | null;
  reminderSentAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toSmsSessionView(row: SmsSessionListRow, actor: Actor, publicUrl: string): SmsSessionView {
  const phones = can(actor, 'sms:phone');
  const pins = can(actor, 'sms:manage') && OPEN_STATES.includes(row.state);
  return {
    id: row.id,
    institutionId: row.institutionId,
    stationId: row.stationId,
    chargeBoxId: row.chargeBoxId,
    chargePointId: row.chargePointId,
    evseId: row.evseId,
    shortName: row.shortName,
    serviceNumber: row.serviceNumber,
    phone: phones ? row.phone : maskPhone(row.phone),
    phoneMasked: !phones,
    language: row.language,
    state: row.state,
    receiptPin: pins ? row.receiptPin : null,
    receiptUrl: phones ? `${publicUrl}${receiptPath(row.receiptToken)}` : null,
    sessionId: row.sessionId,
    failureReason: row.failureReason,
    stopRequestedAt: row.stopRequestedAt,
    reminderSentAt: row.reminderSentAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
