import { formatDateTime, formatEnergy, formatMoney, formatDuration } from '../format/format';
import { useLocale } from '../i18n/use-locale';

export function Money({ cents, currency = 'EUR' }: { cents: number | null | undefined; currency?: string }) {
  const locale = useLocale();
  return <>{cents === null || cents === undefined ? '–' : formatMoney(cents, currency, locale)}</>;
}

export function DateTime({ value }: { value: string | null | undefined }) {
  const locale = useLocale();
  return value === null || value === undefined ? (
    <>–</>
  ) : (
    <time dateTime={value}>{formatDateTime(value, locale)}</time>
  );
}

export function Energy({ wh }: { wh: number | null | undefined }) {
  const locale = useLocale();
  return <>{formatEnergy(wh, locale)}</>;
}

export function Duration({ seconds }: { seconds: number | null | undefined }) {
  const locale = useLocale();
  return <>{seconds === null || seconds === undefined ? '–' : formatDuration(seconds, locale)}</>;
}
