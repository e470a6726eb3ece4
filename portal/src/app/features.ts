/** Every area of the portal. A new area is added here and nowhere else. */
import type { Feature } from './feature';
import { accountsFeature } from '../features/accounts';
import { billingFeature } from '../features/billing';
import { dashboardFeature } from '../features/dashboard';
import { pricingFeature } from '../features/pricing';
import { recordsFeature } from '../features/records';
import { selfServiceFeature } from '../features/self-service';
import { settingsFeature } from '../features/settings';
import { stationsFeature } from '../features/stations';

export const FEATURES: readonly Feature[] = [
  dashboardFeature,
  stationsFeature,
  pricingFeature,
  accountsFeature,
  recordsFeature,
  billingFeature,
  selfServiceFeature,
  settingsFeature,
];
