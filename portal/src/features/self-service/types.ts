/** The answers of /api/v1/me (src/self-service/self-service.routes.ts). */
export type BilledTo = 'own' | 'company' | 'none';

export interface Profile {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: 'de' | 'en';
  company: { id: string; name: string } | null;
  companyAdmin: boolean;
  billedTo: BilledTo;
  accountNumber: string | null;
}

export interface Cost {
  cents: number;
  currency: string;
  final: boolean;
  asOf: string;
}

export interface MySession {
  id: string;
  status: 'active' | 'completed';
  startedAt: string;
  stoppedAt: string | null;
  durationSeconds: number;
  energyWh: number;
  stationName: string | null;
  compartment: string | null;
  card: { id: string; value: string; label: string | null } | null;
  driverName: string | null;
  cost: Cost | null;
}

export interface MyCard {
  id: string;
  value: string;
  type: string;
  label: string | null;
  status: 'accepted' | 'blocked';
  expiresAt: string | null;
}

export interface CompanyCard extends MyCard {
  holder: { kind: 'company' | 'user'; name: string };
  master: boolean;
}

export interface Balance {
  billedTo: BilledTo;
  companyName: string | null;
  accountNumber: string | null;
  strategyKind: 'prepaid' | 'postpaid' | 'carrier' | 'free' | 'roaming' | null;
  balanceCents: number | null;
  minimumBalanceCents: number | null;
  canStart: boolean | null;
  currency: string;
}

export interface LedgerLine {
  id: number;
  kind: 'topup' | 'session' | 'refund' | 'correction';
  amountCents: number;
  currency: string;
  balanceAfterCents: number;
  note: string | null;
  documentId: string | null;
  createdAt: string;
}

export interface MyDocument {
  id: string;
  kind: 'invoice' | 'receipt' | 'cancellation';
  number: string;
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string;
  dueAt: string | null;
  currency: string;
  grossCents: number;
}

export interface MyCompany {
  id: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  accountNumber: string;
  status: 'active' | 'suspended';
  strategy: { name: string; kind: NonNullable<Balance['strategyKind']>; paymentTermDays: number };
  masterCard: MyCard | null;
  memberCount: number;
  balanceCents: number | null;
  currency: string;
}
