import type { Feature } from '../../app/feature';
import { defineMessages } from '../../i18n/messages';

export const stationsFeature: Feature = {
  namespace: 'stations',
  messages: defineMessages({ de: {}, en: {} }),
  routes: [],
};
