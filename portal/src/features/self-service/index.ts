import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const selfServiceFeature: Feature = {
  namespace: 'self-service',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
