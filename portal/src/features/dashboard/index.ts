import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const dashboardFeature: Feature = {
  namespace: 'dashboard',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
