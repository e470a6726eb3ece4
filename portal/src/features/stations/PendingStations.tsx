import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { ConfirmDialog, DataTable, DateTime, Section, SelectField } from '../../ui';
import { PasswordNotice } from './PasswordNotice';
import type { Location, Station, StationGroup, WithPassword } from './types';

/** Stations that connected unknown: adopt them into the institution (stations:manage). */
export function PendingStations({
  stations,
  mayManage,
  locations,
  groups,
}: {
  stations: Station[];
  mayManage: boolean;
  locations: Location[];
  groups: StationGroup[];
}) {
  const { t } = useTranslation('stations');
  const [adopted, setAdopted] = useState<WithPassword | null>(null);
  if (stations.length === 0 && adopted === null) return null;
  return (
    <Section title={t('pending.title')}>
      <p>{t('pending.explain')}</p>
      {adopted !== null && (
        <div className="stack">
          <p role="status">
            {t('pending.adopted', { chargeBoxId: adopted.station.chargeBoxId })}{' '}
            <Link to={`/stations/${adopted.station.id}`}>{t('add.open')}</Link>
          </p>
          {adopted.generatedPassword !== null && (
            <PasswordNotice chargeBoxId={adopted.station.chargeBoxId} password={adopted.generatedPassword} />
          )}
        </div>
      )}
      <DataTable
        caption={t('pending.caption')}
        captionHidden
        rows={stations}
        rowKey={(s) => s.id}
        columns={[
          { key: 'id', header: t('columns.chargeBoxId'), rowHeader: true, render: (s) => s.chargeBoxId },
          { key: 'version', header: t('columns.ocppVersion'), render: (s) => s.ocppVersion ?? '–' },
          { key: 'seen', header: t('columns.lastSeen'), render: (s) => <DateTime value={s.lastSeenAt} /> },
          ...(mayManage
            ? [
                {
                  key: 'adopt',
                  header: t('actions'),
                  render: (s: Station) => (
                    <AdoptButton station={s} locations={locations} groups={groups} onAdopted={setAdopted} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Section>
  );
}

function AdoptButton({
  station,
  locations,
  groups,
  onAdopted,
}: {
  station: Station;
  locations: Location[];
  groups: StationGroup[];
  onAdopted: (result: WithPassword) => void;
}) {
  const { t } = useTranslation('stations');
  const [locationId, setLocationId] = useState('');
  const [groupId, setGroupId] = useState('');
  const adopt = useApiMutation(
    () =>
      api.post<WithPassword>(`/stations/${station.id}/adopt`, {
        locationId: locationId === '' ? null : locationId,
        groupId: groupId === '' ? null : groupId,
      }),
    ['/stations', '/dashboard'],
  );
  return (
    <ConfirmDialog
      triggerLabel={t('pending.adopt', { chargeBoxId: station.chargeBoxId })}
      title={t('pending.adoptTitle', { chargeBoxId: station.chargeBoxId })}
      confirmLabel={t('pending.adoptConfirm')}
      onConfirm={async () => onAdopted(await adopt.mutateAsync(undefined))}
    >
      <p>{t('pending.adoptExplain')}</p>
      <SelectField
        label={t('location')}
        value={locationId}
        onChange={setLocationId}
        emptyLabel={t('unassigned')}
        options={locations.map((l) => ({ value: l.id, label: l.name }))}
      />
      <SelectField
        label={t('group')}
        value={groupId}
        onChange={setGroupId}
        emptyLabel={t('unassigned')}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
      />
    </ConfirmDialog>
  );
}
