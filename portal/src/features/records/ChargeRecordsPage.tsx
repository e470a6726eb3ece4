import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFilterState } from '../../ui/use-filter-state';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, apiUrl } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { formatMoney, parseMoneyInput } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { useLiveRefresh } from '../../live/live';
import {
  ConfirmDialog,
  DataTable,
  DateTime,
  Duration,
  Energy,
  FilterBar,
  Money,
  Notice,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  TextField,
  type Column,
} from '../../ui';
import { LoadMore } from './LoadMore';
import { useAccountOptions, useStationNames, useStationOptions } from './lookups';
import { chargeRecordsQuery, NO_CHARGE_RECORD_FILTERS, type ChargeRecordFilters } from './query';
import { totalsView } from './totals';
import type { ChargeRecord, ChargeRecordTotals } from './types';
import { UnpricedSection } from './UnpricedSection';

const PAGE = 50;
const STRATEGIES = ['prepaid', 'postpaid', 'carrier', 'free', 'roaming'] as const;
const BOOKINGS = ['ledger', 'invoice', 'carrier', 'free', 'none'] as const;

/** Charge records with exact totals of the filtered set, the CSV export, corrections and unpriced sessions. */
export function ChargeRecordsPage() {
  const { t } = useTranslation('records');
  const session = useSession();
  const mayManage = session.permissions.includes('billing:manage');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<ChargeRecordFilters>(
    NO_CHARGE_RECORD_FILTERS,
    PAGE,
  );
  const query = chargeRecordsQuery(filters);
  const records = useApiQuery<ChargeRecord[]>('/charge-records', { ...query, limit });
  const totals = useApiQuery<ChargeRecordTotals[]>('/charge-records/totals', query);
  const stations = useStationOptions();
  const stationNames = useStationNames();
  const accounts = useAccountOptions();
  useLiveRefresh(['session.stopped'], ['/charge-records']);

  const columns: Column<ChargeRecord>[] = [
    {
      key: 'compartment',
      header: t('records.compartment'),
      rowHeader: true,
      render: (row) => (
        <Link to={`/sessions/${row.sessionId}`}>{row.chargePointName ?? row.sessionId.slice(0, 8)}</Link>
      ),
    },
    { key: 'station', header: t('filters.station'), render: (row) => stationNames.get(row.stationId) ?? '–' },
    { key: 'stopped', header: t('records.stopped'), render: (row) => <DateTime value={row.stoppedAt} /> },
    {
      key: 'duration',
      header: t('records.duration'),
      align: 'end',
      render: (row) => <Duration seconds={row.durationSeconds} />,
    },
    {
      key: 'energy',
      header: t('records.energy'),
      align: 'end',
      render: (row) => <Energy wh={row.energyWh} />,
    },
    { key: 'kind', header: t('records.kind'), render: (row) => t(`kinds.${row.kind}`) },
    {
      key: 'strategy',
      header: t('records.strategy'),
      render: (row) => (row.strategyKind === null ? '–' : t(`strategies.${row.strategyKind}`)),
    },
    { key: 'booking', header: t('records.booking'), render: (row) => t(`bookings.${row.booking}`) },
    {
      key: 'gross',
      header: t('records.gross'),
      align: 'end',
      render: (row) => <Money cents={row.totalCents} currency={row.currency} />,
    },
    { key: 'reason', header: t('records.reason'), render: (row) => row.reason ?? '' },
  ];
  if (mayManage)
    columns.push({
      key: 'actions',
      header: t('actions', { ns: 'common' }),
      render: (row) =>
        row.kind === 'session' && row.booking !== 'free' && row.booking !== 'none' ? (
          <CorrectionDialog record={row} />
        ) : null,
    });

  const setPeriodDraft = (patch: Partial<ChargeRecordFilters>) => setDraft({ ...draft, ...patch });

  return (
    <>
      <PageHeader
        title={t('records.title')}
        description={t('records.description')}
        actions={
          <a className="btn btn-secondary" href={apiUrl('/charge-records/export', query)} download>
            {t('records.export')}
          </a>
        }
      />
      <FilterBar label={t('filters.label')} onApply={apply} onReset={reset}>
        <TextField
          label={t('filters.month')}
          type="month"
          placeholder="2025-03"
          value={draft.month}
          onChange={(month) => setPeriodDraft({ month, fromDay: '', toDay: '' })}
        />
        <TextField
          label={t('filters.fromDay')}
          type="date"
          value={draft.fromDay}
          onChange={(fromDay) => setPeriodDraft({ fromDay, month: '' })}
        />
        <TextField
          label={t('filters.toDay')}
          type="date"
          value={draft.toDay}
          onChange={(toDay) => setPeriodDraft({ toDay, month: '' })}
        />
        <SelectField
          label={t('filters.station')}
          value={draft.stationId}
          onChange={(stationId) => setDraft({ ...draft, stationId })}
          options={stations}
          emptyLabel={t('filters.allStations')}
        />
        <SelectField
          label={t('records.strategy')}
          value={draft.strategyKind}
          onChange={(strategyKind) => setDraft({ ...draft, strategyKind })}
          options={STRATEGIES.map((value) => ({ value, label: t(`strategies.${value}`) }))}
          emptyLabel={t('filters.any')}
        />
        <SelectField
          label={t('records.booking')}
          value={draft.booking}
          onChange={(booking) => setDraft({ ...draft, booking })}
          options={BOOKINGS.map((value) => ({ value, label: t(`bookings.${value}`) }))}
          emptyLabel={t('filters.any')}
        />
        <SelectField
          label={t('records.kind')}
          value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind: kind as ChargeRecordFilters['kind'] })}
          options={[
            { value: 'session', label: t('kinds.session') },
            { value: 'correction', label: t('kinds.correction') },
          ]}
          emptyLabel={t('filters.any')}
        />
        {accounts.length > 0 && (
          <SelectField
            label={t('records.account')}
            value={draft.accountId}
            onChange={(accountId) => setDraft({ ...draft, accountId })}
            options={accounts}
            emptyLabel={t('records.allAccounts')}
          />
        )}
      </FilterBar>
      <p className="field-hint">{t('records.exportHint')}</p>
      <Section title={t('records.totals')}>
        <QueryState query={totals}>{(rows) => <TotalsFacts rows={rows} />}</QueryState>
      </Section>
      <QueryState query={records}>
        {(rows) => (
          <>
            <DataTable
              caption={t('records.caption')}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              empty={t('records.empty')}
            />
            <LoadMore shown={rows.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
      <UnpricedSection stationId={filters.stationId} mayManage={mayManage} />
    </>
  );
}

function TotalsFacts({ rows }: { rows: ChargeRecordTotals[] }) {
  const { t } = useTranslation('records');
  const view = totalsView(rows);
  return (
    <div className="grid" data-testid="charge-record-totals">
      <p className="stat">
        <span className="stat-value">{view.count}</span>
        <span className="stat-label">{t('records.count')}</span>
      </p>
      <p className="stat">
        <span className="stat-value">
          <Energy wh={view.energyWh} />
        </span>
        <span className="stat-label">{t('records.energy')}</span>
      </p>
      {(view.money.length === 0
        ? [{ currency: 'EUR', netCents: 0, vatCents: 0, totalCents: 0 }]
        : view.money
      ).map((money) => (
        <p className="stat" key={money.currency}>
          <span className="stat-value">
            <Money cents={money.totalCents} currency={money.currency} />
          </span>
          <span className="stat-label">
            {t('records.gross')} ({t('records.net')}{' '}
            <Money cents={money.netCents} currency={money.currency} />, {t('records.vat')}{' '}
            <Money cents={money.vatCents} currency={money.currency} />)
          </span>
        </p>
      ))}
    </div>
  );
}

/** A correction with the new gross total and a required reason (billing:manage). */
function CorrectionDialog({ record }: { record: ChargeRecord }) {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const client = useQueryClient();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const cents = parseMoneyInput(amount);
  const name = record.chargePointName ?? record.sessionId.slice(0, 8);
  return (
    <>
      <ConfirmDialog
        triggerLabel={t('records.correct')}
        title={t('records.correctTitle', { name })}
        confirmLabel={t('records.correctConfirm')}
        canConfirm={cents !== null && cents >= 0 && reason.trim() !== ''}
        onConfirm={async () => {
          await api.post(`/charge-records/${record.id}/corrections`, {
            amountCents: cents,
            reason: reason.trim(),
          });
          setDone(true);
          setAmount('');
          setReason('');
          await invalidatePath(client, '/charge-records');
        }}
      >
        <p>
          {t('records.correctIntro', { amount: formatMoney(record.totalCents, record.currency, locale) })}
        </p>
        <TextField
          label={t('records.newAmount')}
          value={amount}
          onChange={setAmount}
          isRequired
          inputMode="decimal"
          errorMessage={amount !== '' && cents === null ? t('records.newAmountInvalid') : undefined}
        />
        <TextField
          label={t('records.correctionReason')}
          description={t('records.correctionReasonHint')}
          value={reason}
          onChange={setReason}
          isRequired
          multiline
        />
      </ConfirmDialog>
      {done && <Notice tone="success">{t('records.corrected')}</Notice>}
    </>
  );
}
