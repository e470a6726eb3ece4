/** Shapes of the API answers the billing pages read (docs/openapi.json has the full contract). */
export interface DocumentSummary {
  id: string;
  kind: 'invoice' | 'receipt' | 'cancellation' | 'credit_note';
  number: string;
  accountId: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string;
  dueAt: string | null;
  recipient: { name?: string } | null;
  currency: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  cancelsId: string | null;
}

export interface RunDocument {
  id: string;
  number: string;
  kind: string;
  currency: string;
  grossCents: number;
  recipient?: { name?: string } | null;
}

export interface InvoiceRun {
  month: string;
  created: RunDocument[];
  existing: RunDocument[];
  skipped: Array<{ accountId: string; accountNumber: string; missing: string[] }>;
}

export interface CreditNoteRun {
  month: string;
  created: RunDocument[];
  existing: RunDocument[];
  skipped: Array<{ institutionId: string; missing: string[] }>;
}

export interface CarrierCharge {
  id: string;
  sessionId: string;
  phone: string;
  amountCents: number;
  currency: string;
  status: 'pending' | 'charged' | 'failed' | 'waived';
  attempts: number;
  error: string | null;
  settledAt: string | null;
  createdAt: string;
  chargePointName: string | null;
}

export interface BillingProfile {
  institutionId: string;
  legalName: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  taxNumber: string | null;
  billingEmail: string | null;
  iban: string | null;
  bic: string | null;
  missing: string[];
}

export interface Institution {
  id: string;
  name: string;
}
