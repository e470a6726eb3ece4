/**
 * The live preview while a tariff is edited: what a session of a chosen length (and energy) would
 * cost, line by line, and the price text the SMS confirmation will carry, in German and English.
 * Asked from the server (POST /tariffs/preview) so the numbers come from the billing engine itself.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { formatMoney } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { DataTable, ErrorNotice, TextField } from '../../ui';
import { berlinInputToIso, isoToBerlinInput } from '../../format/berlin';
import { NativeField } from './fields';
import { NSS } from './shared';
import { minutesLabel, parseKwhInput } from './tariff-form';
import type { TariffDefinition, TariffPreview } from './types';

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

export interface PreviewPanelProps {
  /** null while the form has fields that cannot be read. */
  definition: TariffDefinition | null;
  currency: string;
  vatRateBp: number | null;
}

export function TariffPreviewPanel({ definition, currency, vatRateBp }: PreviewPanelProps) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const locale = useLocale();
  const [hours, setHours] = useState('3');
  const [minutes, setMinutes] = useState('20');
  const [energy, setEnergy] = useState('');
  const [startAt, setStartAt] = useState(() => isoToBerlinInput(new Date()));

  const h = /^\d{1,3}$/.test(hours.trim()) ? Number(hours) : null;
  const m = /^\d{1,2}$/.test(minutes.trim()) && Number(minutes) < 60 ? Number(minutes) : null;
  const energyWh = energy.trim() === '' ? 0 : parseKwhInput(energy);
  const start = berlinInputToIso(startAt);
  const durationMinutes = h !== null && m !== null ? h * 60 + m : null;

  const request =
    definition !== null &&
    vatRateBp !== null &&
    durationMinutes !== null &&
    energyWh !== null &&
    start !== null
      ? { definition, currency, vatRateBp, durationMinutes, energyWh, startAt: start }
      : null;
  const body = useDebounced(request === null ? null : JSON.stringify(request), 300);
  const preview = useQuery<TariffPreview, ApiError>({
    queryKey: ['/tariffs/preview', body],
    queryFn: () => api.post<TariffPreview>('/tariffs/preview', JSON.parse(body!) as unknown),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const data = preview.data;
  return (
    <section className="section tariff-preview" aria-labelledby="tariff-preview-title">
      <div className="section-header">
        <h2 id="tariff-preview-title">{t('preview.title')}</h2>
      </div>
      <p className="field-hint">{t('preview.hint')}</p>
      <div className="row">
        <TextField
          label={t('preview.hours')}
          value={hours}
          onChange={setHours}
          inputMode="numeric"
          errorMessage={h === null ? t('errors.number') : undefined}
        />
        <TextField
          label={t('preview.minutes')}
          value={minutes}
          onChange={setMinutes}
          inputMode="numeric"
          errorMessage={m === null ? t('errors.minutesOfHour') : undefined}
        />
        <TextField
          label={t('preview.energy')}
          value={energy}
          onChange={setEnergy}
          inputMode="decimal"
          placeholder="0"
          errorMessage={energyWh === null ? t('errors.energy') : undefined}
        />
        <NativeField
          type="datetime-local"
          label={t('preview.startAt')}
          value={startAt}
          onChange={setStartAt}
          errorMessage={start === null ? t('errors.dateTime') : undefined}
        />
      </div>
      <div aria-live="polite" aria-atomic="false">
        {definition === null || vatRateBp === null ? (
          <p className="muted-text">{t('preview.fixFields')}</p>
        ) : preview.isError ? (
          <ErrorNotice error={preview.error} />
        ) : data === undefined ? (
          <p className="muted-text">{t('preview.loading')}</p>
        ) : (
          <>
            <p className="preview-total" data-testid="preview-total">
              {t('preview.costs', {
                duration: minutesLabel(durationMinutes ?? 0, locale),
                total: formatMoney(data.totalCents, data.currency, locale),
              })}
            </p>
            <DataTable
              caption={t('preview.lines')}
              rows={data.lines.map((line, i) => ({ ...line, key: `${i}` }))}
              rowKey={(line) => line.key}
              columns={[
                {
                  key: 'what',
                  header: t('preview.line'),
                  rowHeader: true,
                  render: (line) => line.description[locale],
                },
                {
                  key: 'amount',
                  header: t('preview.amount'),
                  align: 'end',
                  render: (line) => formatMoney(line.amountCents, data.currency, locale),
                },
              ]}
            />
            <p>
              {t('preview.vat', {
                vat: formatMoney(data.vatCents, data.currency, locale),
                net: formatMoney(data.netCents, data.currency, locale),
              })}
            </p>
            <h3>{t('preview.smsTitle')}</h3>
            <dl className="sms-texts">
              {(['de', 'en'] as const).map((lang) => (
                <div key={lang}>
                  <dt className="field-hint">{t(`preview.sms.${lang}`)}</dt>
                  <dd className="sms-text" data-testid={`sms-${lang}`}>
                    {data.priceText[lang].sms}
                  </dd>
                  {data.priceText[lang].short === null && (
                    <dd className="field-hint">{t('preview.tooLong')}</dd>
                  )}
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
    </section>
  );
}
