import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const pricingFeature: Feature = {
  namespace: 'pricing',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
