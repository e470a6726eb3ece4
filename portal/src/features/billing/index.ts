import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const billingFeature: Feature = {
  namespace: 'billing',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
