import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLiveRefresh } from '../../live/live';
import {
  Button,
  DataTable,
  DateTime,
  FilterBar,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  TextField,
} from '../../ui';
import { AddStationForm } from './AddStationForm';
import { ConnectionBadge, StateBadge } from './Badges';
import { usePlacements } from './hooks';
import { STATION_EVENTS } from './live';
import { PendingStations } from './PendingStations';
import { groupStations, stateSummary, type GroupMode } from './state';
import type { Station, StationSummary } from './types';

interface Filters {
  q: string;
  locationId: string;
  groupId: string;
  connection: '' | 'online' | 'offline';
}

const NO_FILTERS: Filters = { q: '', locationId: '', groupId: '', connection: '' };

/** Every station: search, filters, grouped by location or station group; pending ones; add one. */
export function StationsPage() {
  const { t } = useTranslation('stations');
  const session = useSession();
  const mayManage = session.permissions.includes('stations:manage');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [mode, setMode] = useState<GroupMode>('location');
  const [adding, setAdding] = useState(false);
  const placements = usePlacements();
  const stations = useApiQuery<Station[]>('/stations', {
    registration: 'accepted',
    q: filters.q.trim(),
    locationId: filters.locationId,
    groupId: filters.groupId,
    online: filters.connection === '' ? undefined : filters.connection === 'online',
    limit: 1000,
  });
  const summaries = useApiQuery<StationSummary[]>('/dashboard/stations');
  const pending = useApiQuery<Station[]>('/stations/pending');
  useLiveRefresh(STATION_EVENTS, ['/stations', '/dashboard/stations']);
  const byId = new Map((summaries.data ?? []).map((s) => [s.stationId, s]));
  const names = mode === 'group' ? placements.groupNames : placements.locationNames;

  return (
    <>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        actions={
          mayManage ? (
            <Button aria-expanded={adding} aria-controls="add-station" onPress={() => setAdding(!adding)}>
              {t('add.title')}
            </Button>
          ) : undefined
        }
      />
      {mayManage && adding && (
        <div id="add-station">
          <Section title={t('add.title')}>
            <AddStationForm locations={placements.locations} groups={placements.groups} />
          </Section>
        </div>
      )}
      <PendingStations
        stations={pending.data ?? []}
        mayManage={mayManage}
        locations={placements.locations}
        groups={placements.groups}
      />
      <FilterBar
        label={t('list.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft(NO_FILTERS);
          setFilters(NO_FILTERS);
        }}
      >
        <TextField
          label={t('list.search')}
          description={t('list.searchHint')}
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
        />
        <SelectField
          label={t('location')}
          value={draft.locationId}
          onChange={(locationId) => setDraft({ ...draft, locationId })}
          emptyLabel={t('common:all')}
          options={placements.locations.map((l) => ({ value: l.id, label: l.name }))}
        />
        <SelectField
          label={t('group')}
          value={draft.groupId}
          onChange={(groupId) => setDraft({ ...draft, groupId })}
          emptyLabel={t('common:all')}
          options={placements.groups.map((g) => ({ value: g.id, label: g.name }))}
        />
        <SelectField
          label={t('list.connection')}
          value={draft.connection}
          onChange={(connection) => setDraft({ ...draft, connection: connection as Filters['connection'] })}
          emptyLabel={t('common:all')}
          options={[
            { value: 'online', label: t('connection.online') },
            { value: 'offline', label: t('connection.offline') },
          ]}
        />
      </FilterBar>
      <GroupSwitch mode={mode} onChange={setMode} />
      <QueryState query={stations}>
        {(rows) => {
          const groups = groupStations(rows, mode, names);
          if (groups.length === 0) return <p>{t('list.empty')}</p>;
          return groups.map((group) => (
            <StationTable
              key={group.key}
              caption={
                group.name ??
                (mode === 'none'
                  ? t('list.all')
                  : mode === 'location'
                    ? t('list.noLocation')
                    : t('list.noGroup'))
              }
              stations={group.stations}
              summaries={byId}
              locationNames={placements.locationNames}
              groupNames={placements.groupNames}
            />
          ));
        }}
      </QueryState>
    </>
  );
}

function GroupSwitch({ mode, onChange }: { mode: GroupMode; onChange: (mode: GroupMode) => void }) {
  const { t } = useTranslation('stations');
  const id = useId();
  return (
    <fieldset className="segmented">
      <legend>{t('list.groupBy')}</legend>
      {(['location', 'group', 'none'] as const).map((value) => (
        <span key={value} className="segmented-option">
          <input
            type="radio"
            id={`${id}-${value}`}
            name={`${id}-group`}
            checked={mode === value}
            onChange={() => onChange(value)}
          />
          <label htmlFor={`${id}-${value}`}>{t(`list.groupBy_${value}`)}</label>
        </span>
      ))}
    </fieldset>
  );
}

function StationTable({
  caption,
  stations,
  summaries,
  locationNames,
  groupNames,
}: {
  caption: string;
  stations: Station[];
  summaries: Map<string, StationSummary>;
  locationNames: Map<string, string>;
  groupNames: Map<string, string>;
}) {
  const { t } = useTranslation('stations');
  return (
    <DataTable
      caption={caption}
      rows={stations}
      rowKey={(s) => s.id}
      columns={[
        {
          key: 'station',
          header: t('columns.station'),
          rowHeader: true,
          render: (s) => (
            <>
              <Link to={`/stations/${s.id}`}>{s.name ?? s.chargeBoxId}</Link>
              {s.name !== null && <div className="muted">{s.chargeBoxId}</div>}
            </>
          ),
        },
        { key: 'kind', header: t('columns.kind'), render: (s) => t(`kind.${s.kind}`) },
        {
          key: 'connection',
          header: t('columns.connection'),
          render: (s) => <ConnectionBadge station={s} />,
        },
        {
          key: 'states',
          header: t('columns.compartments'),
          render: (s) => (
            <span className="badges">
              {stateSummary(summaries.get(s.id)?.byState).map(({ state, count }) => (
                <StateBadge key={state} state={state} count={count} />
              ))}
            </span>
          ),
        },
        {
          key: 'place',
          header: t('columns.placement'),
          render: (s) =>
            [
              s.locationId === null ? null : locationNames.get(s.locationId),
              s.groupId === null ? null : groupNames.get(s.groupId),
            ]
              .filter((x) => x !== null && x !== undefined)
              .join(' · ') || '–',
        },
        { key: 'seen', header: t('columns.lastSeen'), render: (s) => <DateTime value={s.lastSeenAt} /> },
      ]}
    />
  );
}
