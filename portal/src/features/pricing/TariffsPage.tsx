import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ApiError } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import { useLocale } from '../../i18n/use-locale';
import { DataTable, PageHeader, QueryState, StatusBadge } from '../../ui';
import { NSS, useCanManage } from './shared';
import type { Tariff, TariffAssignment, TariffPreview, UserGroup } from './types';

/** A tariff's price in plain language: the same text the SMS and the compartment page show. */
export function TariffSummary({ tariff }: { tariff: Tariff }) {
  const locale = useLocale();
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const preview = useQuery<TariffPreview, ApiError>({
    queryKey: ['/tariffs/preview', tariff.id, tariff.updatedAt],
    queryFn: () =>
      api.post<TariffPreview>('/tariffs/preview', {
        definition: tariff.definition,
        currency: tariff.currency,
        vatRateBp: tariff.vatRateBp,
        durationMinutes: 60,
      }),
    staleTime: Infinity,
  });
  if (preview.isError) return <>{t('summaryUnavailable')}</>;
  return <>{preview.data?.priceText[locale].text ?? '…'}</>;
}

export function TariffsPage() {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const canManage = useCanManage();
  const tariffs = useApiQuery<Tariff[]>('/tariffs');
  const assignments = useApiQuery<TariffAssignment[]>('/tariff-assignments');
  const groups = useApiQuery<UserGroup[]>('/user-groups');

  const whereUsed = (tariff: Tariff): string[] => [
    ...(assignments.data ?? [])
      .filter((a) => a.tariffId === tariff.id)
      .map((a) => `${t(`targetKinds.${a.targetKind}`)} ${a.targetName ?? a.targetId}`),
    ...(groups.data ?? [])
      .filter((g) => g.tariffId === tariff.id)
      .map((g) => `${t('targetKinds.user_group')} ${g.name}`),
  ];

  return (
    <>
      <PageHeader
        title={t('tariffs.title')}
        description={t('tariffs.description')}
        actions={
          <>
            <Link className="btn btn-secondary" to="/tariffs/assignments">
              {t('assignments.title')}
            </Link>
            {canManage && (
              <Link className="btn btn-primary" to="/tariffs/new">
                {t('tariffs.new')}
              </Link>
            )}
          </>
        }
      />
      <QueryState query={tariffs}>
        {(rows) => (
          <DataTable
            caption={t('tariffs.title')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('tariffs.empty')}
            columns={[
              {
                key: 'name',
                header: t('name'),
                rowHeader: true,
                render: (row) => <Link to={`/tariffs/${row.id}`}>{row.name}</Link>,
              },
              {
                key: 'active',
                header: t('status'),
                render: (row) =>
                  row.active ? (
                    <StatusBadge tone="ok">{t('active')}</StatusBadge>
                  ) : (
                    <StatusBadge tone="muted">{t('inactive')}</StatusBadge>
                  ),
              },
              {
                key: 'summary',
                header: t('tariffs.summary'),
                render: (row) => <TariffSummary tariff={row} />,
              },
              {
                key: 'where',
                header: t('tariffs.whereAssigned'),
                render: (row) => {
                  const used = whereUsed(row);
                  return used.length === 0 ? (
                    <span className="muted-text">{t('tariffs.notAssigned')}</span>
                  ) : (
                    <ul className="plain-list">
                      {used.map((entry) => (
                        <li key={entry}>{entry}</li>
                      ))}
                    </ul>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
