/** Shapes of the API answers these pages read (docs/openapi.json has the full contract). */
export interface Session {
  id: string;
  stationId: string;
  chargeBoxId: string;
  chargePointId: string | null;
  shortName: string | null;
  evseId: number | null;
  transactionId: string;
  ocppVersion: string;
  idTag: string | null;
  idTagType: string | null;
  authorizationStatus: string | null;
  authorizationReason: string | null;
  tokenId: string | null;
  status: 'active' | 'completed';
  startedAt: string;
  stoppedAt: string | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  stopReason: string | null;
  offline: boolean;
}

export interface MeterValue {
  sampledAt: string;
  measurand: string;
  phase: string | null;
  context: string | null;
  unit: string | null;
  value: string;
}

export interface ChargeLine {
  kind: string;
  description: { de: string; en: string };
  quantity: number;
  unit: string;
  amountCents: number;
}

export interface ChargeRecord {
  id: string;
  kind: 'session' | 'correction';
  sessionId: string;
  correctsId: string | null;
  stationId: string;
  chargePointName: string | null;
  idTag: string | null;
  accountId: string | null;
  strategyKind: string | null;
  startedAt: string;
  stoppedAt: string;
  durationSeconds: number;
  energyWh: number;
  lines: ChargeLine[];
  currency: string;
  totalCents: number;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  booking: string;
  reason: string | null;
  createdAt: string;
}

export interface ChargeRecordDetail extends ChargeRecord {
  corrections: string[];
  effectiveTotalCents: number;
}

export interface ChargeRecordTotals {
  currency: string;
  count: number;
  energyWh: number;
  netCents: number;
  vatCents: number;
  totalCents: number;
}

export interface UnpricedSession {
  sessionId: string;
  stationId: string;
  transactionId: string;
  idTag: string | null;
  startedAt: string;
  stoppedAt: string | null;
  energyWh: number;
}

export interface SmsMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  phoneMasked: boolean;
  text: string;
  kind: string | null;
  status: string;
  error: string | null;
  smsSessionId: string | null;
  inReplyToId: string | null;
  createdAt: string;
}

export interface SmsSession {
  id: string;
  chargeBoxId: string;
  shortName: string;
  serviceNumber: string;
  phone: string;
  phoneMasked: boolean;
  state: string;
  sessionId: string | null;
  failureReason: string | null;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface SmsNumber {
  id: string;
  number: string;
  label: string | null;
  active: boolean;
}

export interface Alert {
  id: string;
  stationId: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: { de: string; en: string };
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  actorName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export interface StationOption {
  id: string;
  chargeBoxId: string;
  name: string | null;
}

export interface AccountOption {
  id: string;
  number: string;
  holderName: string | null;
  strategyKind: string;
}
