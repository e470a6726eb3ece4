/** The pricing API's shapes as the portal uses them (docs/openapi.json is the full contract). */

export interface TariffRestrictions {
  startTime?: string;
  endTime?: string;
  weekdays?: number[];
  startDate?: string;
  endDate?: string;
  minDurationMinutes?: number;
  maxDurationMinutes?: number;
}

export interface TariffElement {
  restrictions?: TariffRestrictions;
  time?: { priceCents: number; stepMinutes: number };
  energy?: { centsPerKwh: number };
  occupancy?: {
    priceCents: number;
    stepMinutes: number;
    afterMinutes?: number;
    afterChargingEnded?: boolean;
    graceMinutes?: number;
  };
}

export interface TariffDefinition {
  startFeeCents?: number;
  minimumCents?: number;
  maximumCents?: number;
  dailyCapCents?: number;
  elements: TariffElement[];
}

export interface Tariff {
  id: string;
  institutionId: string;
  name: string;
  currency: string;
  vatRateBp: number;
  definition: TariffDefinition;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AssignmentTargetKind = 'institution' | 'location' | 'station_group' | 'station' | 'charge_point';
export type TariffSourceKind = AssignmentTargetKind | 'price_event' | 'user_group';

export interface TariffAssignment {
  id: string;
  institutionId: string;
  targetKind: AssignmentTargetKind;
  targetId: string;
  targetName: string | null;
  tariffId: string;
  createdAt: string;
}

export interface EffectiveTariff {
  chargePointId: string;
  tariff: Tariff | null;
  source: { kind: TariffSourceKind; id: string } | null;
}

export interface PricedLine {
  kind: string;
  description: { de: string; en: string };
  quantity: number;
  unit: string;
  unitPriceCents?: number;
  amountCents: number;
}

export interface PreviewText {
  lang: 'de' | 'en';
  text: string;
  short: string | null;
  sms: string;
}

export interface TariffPreview {
  startedAt: string;
  stoppedAt: string;
  currency: string;
  vatRateBp: number;
  lines: PricedLine[];
  totalCents: number;
  netCents: number;
  vatCents: number;
  priceText: { de: PreviewText; en: PreviewText };
}

export type RuleTargetKind = 'all' | 'user' | 'user_group' | 'station' | 'station_group';

export interface PriceEvent {
  id: string;
  institutionId: string;
  name: string;
  targetKind: RuleTargetKind;
  targetId: string | null;
  tariffId: string;
  validFrom: string;
  validTo: string;
  createdAt: string;
}

export interface Discount {
  id: string;
  institutionId: string;
  strategyId: string;
  name: string;
  targetKind: RuleTargetKind;
  targetId: string | null;
  percentBp: number | null;
  amountCents: number | null;
  stackable: boolean;
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
}

export const STRATEGY_KINDS = ['prepaid', 'postpaid', 'carrier', 'free', 'roaming'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

export interface Strategy {
  id: string;
  institutionId: string;
  name: string;
  kind: StrategyKind;
  minimumBalanceCents: number;
  paymentTermDays: number;
  active: boolean;
  createdAt: string;
}

export interface Named {
  id: string;
  name: string;
}
export interface Institution extends Named {
  slug: string;
}
export interface Station {
  id: string;
  institutionId: string;
  chargeBoxId: string;
  name: string | null;
  locationId: string | null;
  groupId: string | null;
}
export interface ChargePoint {
  id: string;
  stationId: string;
  shortName: string;
  evseId: number;
}
export interface UserGroup extends Named {
  tariffId: string | null;
}
