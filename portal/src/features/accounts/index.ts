import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const accountsFeature: Feature = {
  namespace: 'accounts',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
