import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const recordsFeature: Feature = {
  namespace: 'records',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
