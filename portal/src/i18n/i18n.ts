/**
 * i18next with one namespace per portal area (features/<area>/index.ts) plus `common`.
 * German by default; the choice is kept in localStorage and on <html lang>.
 */
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { FEATURES } from '../app/features';
import type { Locale } from '../format/format';
import { common } from './common';
import type { MessageTree } from './messages';

const STORAGE_KEY = 'fachwerk.locale';

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

export function resources(): Record<Locale, Record<string, MessageTree>> {
  const all: Record<Locale, Record<string, MessageTree>> = {
    de: { common: common.de },
    en: { common: common.en },
  };
  for (const feature of FEATURES) {
    all.de[feature.namespace] = feature.messages.de;
    all.en[feature.namespace] = feature.messages.en;
  }
  return all;
}

export async function createI18n(locale: Locale = storedLocale()): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'de',
    defaultNS: 'common',
    ns: ['common', ...FEATURES.map((f) => f.namespace)],
    resources: resources() as Resource,
    interpolation: { escapeValue: false },
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  });
  document.documentElement.lang = locale;
  return instance;
}
