import { useFilterState } from '../../ui/use-filter-state';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLiveRefresh } from '../../live/live';
import {
  DataTable,
  DateTime,
  Duration,
  Energy,
  FilterBar,
  Money,
  PageHeader,
  QueryState,
  SelectField,
  StatusBadge,
  TextField,
  type Column,
} from '../../ui';
import { LoadMore } from './LoadMore';
import { useStationOptions } from './lookups';
import { NO_SESSION_FILTERS, sessionsQuery, type SessionFilters } from './query';
import type { ChargeRecord, Session } from './types';

export const SESSION_EVENTS = ['session.started', 'session.updated', 'session.stopped'] as const;
const PAGE = 50;

export function sessionName(session: Pick<Session, 'shortName' | 'chargeBoxId' | 'evseId'>): string {
  return session.shortName ?? `${session.chargeBoxId} #${session.evseId ?? '–'}`;
}

export function durationSeconds(session: Pick<Session, 'startedAt' | 'stoppedAt'>, now: number): number {
  const end = session.stoppedAt === null ? now : Date.parse(session.stoppedAt);
  return Math.max(0, Math.round((end - Date.parse(session.startedAt)) / 1000));
}

/** Every session, filtered; running ones refresh on session events. Money only with billing:read. */
export function SessionsPage() {
  const { t } = useTranslation('records');
  const session = useSession();
  const mayBill = session.permissions.includes('billing:read');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<SessionFilters>(
    NO_SESSION_FILTERS,
    PAGE,
  );
  const stations = useStationOptions();
  const sessions = useApiQuery<Session[]>('/sessions', { ...sessionsQuery(filters), limit });
  useLiveRefresh(SESSION_EVENTS, ['/sessions', '/charge-records']);

  const rows = sessions.data ?? [];
  const oldest = rows.reduce<string | undefined>(
    (min, row) => (min === undefined || row.startedAt < min ? row.startedAt : min),
    undefined,
  );
  // Every shown session stopped after the oldest one started: one request finds their records.
  const records = useApiQuery<ChargeRecord[]>(mayBill && oldest !== undefined ? '/charge-records' : null, {
    kind: 'session',
    from: oldest,
    stationId: filters.stationId,
    limit: 1000,
  });
  const recordOf = new Map((records.data ?? []).map((r) => [r.sessionId, r]));
  const now = Date.now();

  const columns: Column<Session>[] = [
    {
      key: 'compartment',
      header: t('sessions.compartment'),
      rowHeader: true,
      render: (row) => (
        <Link to={`/sessions/${row.id}`} aria-label={t('sessions.open', { name: sessionName(row) })}>
          {sessionName(row)}
        </Link>
      ),
    },
    { key: 'station', header: t('sessions.station'), render: (row) => row.chargeBoxId },
    { key: 'started', header: t('sessions.started'), render: (row) => <DateTime value={row.startedAt} /> },
    { key: 'stopped', header: t('sessions.stopped'), render: (row) => <DateTime value={row.stoppedAt} /> },
    {
      key: 'duration',
      header: t('sessions.duration'),
      align: 'end',
      render: (row) => <Duration seconds={durationSeconds(row, now)} />,
    },
    {
      key: 'energy',
      header: t('sessions.energy'),
      align: 'end',
      render: (row) => <Energy wh={row.energyWh} />,
    },
    { key: 'token', header: t('sessions.token'), render: (row) => row.idTag ?? '–' },
    {
      key: 'status',
      header: t('sessions.status'),
      render: (row) => (
        <StatusBadge tone={row.status === 'active' ? 'busy' : 'muted'}>
          {t(`status.${row.status}`)}
        </StatusBadge>
      ),
    },
  ];
  if (mayBill)
    columns.push({
      key: 'amount',
      header: t('sessions.amount'),
      align: 'end',
      render: (row) => {
        const record = recordOf.get(row.id);
        return record === undefined ? '–' : <Money cents={record.totalCents} currency={record.currency} />;
      },
    });

  return (
    <>
      <PageHeader title={t('sessions.title')} description={t('sessions.description')} />
      <FilterBar label={t('filters.label')} onApply={apply} onReset={reset}>
        <SelectField
          label={t('filters.station')}
          value={draft.stationId}
          onChange={(stationId) => setDraft({ ...draft, stationId })}
          options={stations}
          emptyLabel={t('filters.allStations')}
        />
        <TextField
          label={t('filters.shortName')}
          description={t('filters.shortNameHint')}
          value={draft.shortName}
          onChange={(shortName) => setDraft({ ...draft, shortName })}
        />
        <SelectField
          label={t('filters.status')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status: status as SessionFilters['status'] })}
          options={[
            { value: 'active', label: t('status.active') },
            { value: 'completed', label: t('status.completed') },
          ]}
          emptyLabel={t('filters.any')}
        />
        <TextField
          label={t('filters.token')}
          description={t('filters.tokenHint')}
          value={draft.idTag}
          onChange={(idTag) => setDraft({ ...draft, idTag })}
        />
        <TextField
          label={t('filters.fromDay')}
          type="date"
          value={draft.fromDay}
          onChange={(fromDay) => setDraft({ ...draft, fromDay, month: '' })}
        />
        <TextField
          label={t('filters.toDay')}
          type="date"
          value={draft.toDay}
          onChange={(toDay) => setDraft({ ...draft, toDay, month: '' })}
        />
      </FilterBar>
      <QueryState query={sessions}>
        {(data) => (
          <>
            <DataTable
              caption={t('sessions.caption')}
              captionHidden
              columns={columns}
              rows={data}
              rowKey={(row) => row.id}
              empty={t('sessions.empty')}
            />
            <LoadMore shown={data.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}
