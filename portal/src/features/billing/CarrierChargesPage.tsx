import { useQueryClient } from '@tanstack/react-query';
import { useFilterState } from '../../ui/use-filter-state';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { formatMoney } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { useLiveRefresh } from '../../live/live';
import {
  ConfirmDialog,
  DataTable,
  DateTime,
  FilterBar,
  Money,
  PageHeader,
  QueryState,
  SelectField,
  StatusBadge,
  TextField,
  type Column,
  type Tone,
} from '../../ui';
import { LoadMore } from '../records/LoadMore';
import { carrierChargesQuery, NO_CARRIER_FILTERS, type CarrierChargeFilters } from './query';
import type { CarrierCharge } from './types';

const PAGE = 50;
const STATUSES = ['pending', 'charged', 'failed', 'waived'] as const;
const TONE: Record<CarrierCharge['status'], Tone> = {
  pending: 'warn',
  charged: 'ok',
  failed: 'error',
  waived: 'muted',
};

/** The SMS sessions' charges through the mobile carrier; failed ones go out again after a confirmation. */
export function CarrierChargesPage() {
  const { t } = useTranslation('billing');
  const session = useSession();
  const mayManage = session.permissions.includes('billing:manage');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<CarrierChargeFilters>(
    NO_CARRIER_FILTERS,
    PAGE,
  );
  const charges = useApiQuery<CarrierCharge[]>('/carrier-charges', {
    ...carrierChargesQuery(filters),
    limit,
  });
  useLiveRefresh(['session.stopped', 'sms.session'], ['/carrier-charges']);

  const columns: Column<CarrierCharge>[] = [
    {
      key: 'compartment',
      header: t('carrier.compartment'),
      rowHeader: true,
      render: (row) => (
        <Link to={`/sessions/${row.sessionId}`}>{row.chargePointName ?? row.sessionId.slice(0, 8)}</Link>
      ),
    },
    { key: 'phone', header: t('carrier.phone'), render: (row) => <span className="phone">{row.phone}</span> },
    {
      key: 'amount',
      header: t('carrier.amount'),
      align: 'end',
      render: (row) => <Money cents={row.amountCents} currency={row.currency} />,
    },
    {
      key: 'status',
      header: t('carrier.status'),
      render: (row) => (
        <StatusBadge tone={TONE[row.status]}>{t(`carrier.statuses.${row.status}`)}</StatusBadge>
      ),
    },
    { key: 'attempts', header: t('carrier.attempts'), align: 'end', render: (row) => row.attempts },
    { key: 'error', header: t('carrier.error'), render: (row) => row.error ?? '' },
    { key: 'created', header: t('carrier.created'), render: (row) => <DateTime value={row.createdAt} /> },
    { key: 'settled', header: t('carrier.settled'), render: (row) => <DateTime value={row.settledAt} /> },
  ];
  if (mayManage)
    columns.push({
      key: 'actions',
      header: t('actions', { ns: 'common' }),
      render: (row) => (row.status === 'failed' ? <RetryCharge charge={row} /> : null),
    });

  return (
    <>
      <PageHeader title={t('carrier.title')} description={t('carrier.description')} />
      <FilterBar label={t('documents.filters')} onApply={apply} onReset={reset}>
        <SelectField
          label={t('carrier.status')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          options={STATUSES.map((value) => ({ value, label: t(`carrier.statuses.${value}`) }))}
          emptyLabel={t('all', { ns: 'common' })}
        />
        <TextField
          label={t('documents.fromDay')}
          type="date"
          value={draft.fromDay}
          onChange={(fromDay) => setDraft({ ...draft, fromDay })}
        />
        <TextField
          label={t('documents.toDay')}
          type="date"
          value={draft.toDay}
          onChange={(toDay) => setDraft({ ...draft, toDay })}
        />
      </FilterBar>
      <QueryState query={charges}>
        {(rows) => (
          <>
            <DataTable
              caption={t('carrier.caption')}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              empty={t('carrier.empty')}
            />
            <LoadMore shown={rows.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}

function RetryCharge({ charge }: { charge: CarrierCharge }) {
  const { t } = useTranslation('billing');
  const locale = useLocale();
  const client = useQueryClient();
  return (
    <ConfirmDialog
      triggerLabel={t('carrier.retry')}
      title={t('carrier.retryTitle')}
      confirmLabel={t('carrier.retry')}
      onConfirm={async () => {
        await api.post(`/carrier-charges/${charge.id}/retry`);
        await invalidatePath(client, '/carrier-charges');
      }}
    >
      <p>
        {t('carrier.retryText', {
          amount: formatMoney(charge.amountCents, charge.currency, locale),
          phone: charge.phone,
        })}
      </p>
    </ConfirmDialog>
  );
}
