import { useTranslation } from 'react-i18next';
import type { Locale } from '../format/format';

/** The current portal language, for the formatters. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'de';
}
