/** The OCPP 1.6J messages a charge point sends, as far as Fachwerk reads them (validated by the schema first). */

export interface SampledValue16 {
  value: string;
  context?: string;
  format?: 'Raw' | 'SignedData';
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue16 {
  timestamp: string;
  sampledValue: SampledValue16[];
}

export interface BootNotification16 {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

export interface StatusNotification16 {
  connectorId: number;
  errorCode: string;
  info?: string;
  status: string;
  timestamp?: string;
  vendorId?: string;
  vendorErrorCode?: string;
}

export interface Authorize16 {
  idTag: string;
}

export interface StartTransaction16 {
  connectorId: number;
  idTag: string;
  meterStart: number;
  reservationId?: number;
  timestamp: string;
}

export interface StopTransaction16 {
  idTag?: string;
  meterStop: number;
  timestamp: string;
  transactionId: number;
  reason?: string;
  transactionData?: MeterValue16[];
}

export interface MeterValues16 {
  connectorId: number;
  transactionId?: number;
  meterValue: MeterValue16[];
}

export interface DataTransfer16 {
  vendorId: string;
  messageId?: string;
  data?: string;
}

export interface StatusReport16 {
  status: string;
}

export type AuthorizationStatus16 = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface IdTagInfo16 {
  status: AuthorizationStatus16;
  expiryDate?: string;
}
