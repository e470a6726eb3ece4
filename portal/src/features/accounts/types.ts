/** The API answers the accounts pages read (docs/openapi.json has the full contract). */
export interface User {
  id: string;
  institutionId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: 'de' | 'en';
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  groupId: string | null;
  companyId: string | null;
  accountId: string | null;
  accountNumber: string | null;
  strategyId: string | null;
  billedAccountId: string | null;
  status: 'active' | 'blocked';
  companyAdmin: boolean;
  hasPortalLogin: boolean;
  createdAt: string;
}

export type CardStatus = 'accepted' | 'blocked';
export type HolderKind = 'user' | 'company' | 'none';

export interface Card {
  id: string;
  institutionId: string;
  value: string;
  type: string;
  status: CardStatus;
  label: string | null;
  expiresAt: string | null;
  userId: string | null;
  companyId: string | null;
  /** Only in the card list (GET /auth-tokens). */
  holderName?: string | null;
  updatedAt: string;
  createdAt: string;
}

export interface UserGroup {
  id: string;
  institutionId: string;
  name: string;
  tariffId: string | null;
  createdAt: string;
}

export interface Company {
  id: string;
  institutionId: string;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  email: string | null;
  accountId: string;
  accountNumber: string;
  strategyId: string;
  masterTokenId: string | null;
  status: 'active' | 'suspended';
  createdAt: string;
}

export type StrategyKind = 'prepaid' | 'postpaid' | 'carrier' | 'free' | 'roaming';

export interface Strategy {
  id: string;
  name: string;
  kind: StrategyKind;
  minimumBalanceCents: number;
  active: boolean;
}

export interface Account {
  id: string;
  institutionId: string;
  number: string;
  holderKind: 'user' | 'company';
  holderId: string | null;
  holderName: string | null;
  strategyId: string;
  strategyName: string;
  strategyKind: StrategyKind;
  createdAt: string;
}

export interface Balance {
  accountId: string;
  accountNumber: string;
  strategyKind: StrategyKind;
  balanceCents: number;
  minimumBalanceCents: number;
  currency: string;
  canStart: boolean;
}

export type LedgerKind = 'topup' | 'session' | 'refund' | 'correction';

export interface LedgerLine {
  id: number;
  accountId: string;
  kind: LedgerKind;
  amountCents: number;
  currency: string;
  chargeRecordId: string | null;
  documentId: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  balanceAfterCents: number;
}

export interface Posting {
  entry: LedgerLine;
  document: { id: string; number: string } | null;
  balanceCents: number;
  replayed: boolean;
}

export interface ImportProblem {
  line: number;
  column?: string;
  reason: string;
}

export interface ImportReport {
  dryRun: boolean;
  valid: boolean;
  rows: number;
  users: { created: number; matched: number };
  cards: { created: number; matched: number };
  problems: ImportProblem[];
}

export interface CardAuthorization {
  tokenId: string;
  stationId: string | null;
  authorizationMode: 'cards' | 'free';
  status: string;
  reason: string;
  expiresAt: string | null;
}

export interface Tariff {
  id: string;
  name: string;
}
