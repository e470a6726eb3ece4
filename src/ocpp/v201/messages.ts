/** The OCPP 2.0.1 messages a charging station sends, as far as Fachwerk reads them (validated by the schema first). */

export interface IdToken201 {
  idToken: string;
  type: string;
}

export interface SampledValue201 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

export interface MeterValue201 {
  timestamp: string;
  sampledValue: SampledValue201[];
}

export interface BootNotification201 {
  reason: string;
  chargingStation: {
    serialNumber?: string;
    model: string;
    vendorName: string;
    firmwareVersion?: string;
  };
}

export interface StatusNotification201 {
  timestamp: string;
  connectorStatus: string;
  evseId: number;
  connectorId: number;
}

export interface Authorize201 {
  idToken: IdToken201;
}

export interface TransactionEvent201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  offline?: boolean;
  transactionInfo: {
    transactionId: string;
    stoppedReason?: string;
    remoteStartId?: number;
  };
  idToken?: IdToken201;
  evse?: { id: number; connectorId?: number };
  meterValue?: MeterValue201[];
}

export interface MeterValues201 {
  evseId: number;
  meterValue: MeterValue201[];
}

export interface EventData201 {
  eventId: number;
  timestamp: string;
  trigger: string;
  actualValue: string;
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

export interface NotifyEvent201 {
  generatedAt: string;
  seqNo: number;
  tbc?: boolean;
  eventData: EventData201[];
}

export interface DataTransfer201 {
  vendorId: string;
  messageId?: string;
  data?: unknown;
}

export interface StatusReport201 {
  status: string;
  requestId?: number;
}

export interface IdTokenInfo201 {
  status: string;
  cacheExpiryDateTime?: string;
}
