import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiUrl } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLiveRefresh } from '../../live/live';
import { DateTime, ErrorNotice, PageHeader, QueryState, Section } from '../../ui';
import { ConnectionBadge } from './Badges';
import { CommandHistory } from './CommandHistory';
import { CommandOutcomeNotice } from './CommandOutcomeNotice';
import { useStationCommands } from './commands';
import { CompartmentsSection } from './CompartmentsSection';
import { EditStation } from './EditStation';
import { usePlacements } from './hooks';
import { STATION_EVENTS } from './live';
import { MessageLog } from './MessageLog';
import { StationControls } from './StationControls';
import type { Session, StationDetail, StationStatus } from './types';

/** One station live: connection, compartments, commands, messages, settings. */
export function StationDetailPage() {
  const { t } = useTranslation('stations');
  const { stationId = '' } = useParams();
  const detail = useApiQuery<StationDetail>(`/stations/${encodeURIComponent(stationId)}`);
  useLiveRefresh(STATION_EVENTS, [`/stations/${encodeURIComponent(stationId)}`]);
  if (detail.isError && detail.error.status === 404) {
    return (
      <>
        <PageHeader title={t('detail.notFound')} />
        <ErrorNotice error={detail.error} />
        <Link to="/stations">{t('detail.back')}</Link>
      </>
    );
  }
  return (
    <QueryState query={detail}>{(station) => <StationView key={station.id} station={station} />}</QueryState>
  );
}

function StationView({ station }: { station: StationDetail }) {
  const { t } = useTranslation('stations');
  const session = useSession();
  const mayCommand = session.permissions.includes('stations:command');
  const mayManage = session.permissions.includes('stations:manage');
  const maySessions = session.permissions.includes('sessions:read');
  const placements = usePlacements();
  const status = useApiQuery<StationStatus>(`/stations/${station.id}/status`);
  const sessions = useApiQuery<Session[]>(
    '/sessions',
    { stationId: station.id, status: 'active', limit: 200 },
    { enabled: maySessions },
  );
  useLiveRefresh(STATION_EVENTS, [`/stations/${station.id}`, '/sessions']);
  const { send, last } = useStationCommands(station.id);
  const title = station.name ?? station.chargeBoxId;
  const live = status.data;

  return (
    <>
      <PageHeader
        title={title}
        description={`${station.chargeBoxId} · ${t(`kind.${station.kind}`)}`}
        actions={
          <a className="btn" href={apiUrl(`/stations/${station.id}/labels.pdf`)}>
            {t('detail.labels')}
          </a>
        }
      />
      <p>
        <Link to="/stations">{t('detail.back')}</Link>
      </p>
      <Section title={t('detail.connection')}>
        <dl className="facts">
          <dt>{t('columns.connection')}</dt>
          <dd>
            <ConnectionBadge station={live ?? station} />
          </dd>
          <dt>{t('columns.lastSeen')}</dt>
          <dd>
            <DateTime value={live?.lastSeenAt ?? station.lastSeenAt} />
          </dd>
          <dt>{t('detail.connectedSince')}</dt>
          <dd>{live?.online === true ? <DateTime value={live.connectedAt} /> : '–'}</dd>
          <dt>{t('columns.ocppVersion')}</dt>
          <dd>{live?.ocppVersion ?? station.ocppVersion ?? '–'}</dd>
          <dt>{t('detail.lastBoot')}</dt>
          <dd>
            <DateTime value={live?.lastBootAt ?? station.lastBootAt} />
          </dd>
          <dt>{t('detail.hardware')}</dt>
          <dd>
            {[station.vendor, station.model, station.firmwareVersion].filter((x) => x !== null).join(' · ') ||
              '–'}
          </dd>
          <dt>{t('location')}</dt>
          <dd>{(station.locationId !== null && placements.locationNames.get(station.locationId)) || '–'}</dd>
          <dt>{t('group')}</dt>
          <dd>{(station.groupId !== null && placements.groupNames.get(station.groupId)) || '–'}</dd>
        </dl>
      </Section>
      <div aria-live="polite">
        <CommandOutcomeNotice shown={last} />
      </div>
      <QueryState query={status}>
        {(data) => (
          <>
            <CompartmentsSection
              station={station}
              chargePoints={data.chargePoints}
              sessions={sessions.data ?? []}
              mayCommand={mayCommand}
              send={send}
            />
            {mayCommand && <StationControls name={station.chargeBoxId} send={send} />}
            <CommandHistory stationId={station.id} chargePoints={data.chargePoints} />
          </>
        )}
      </QueryState>
      <MessageLog stationId={station.id} />
      {mayManage && (
        <EditStation station={station} locations={placements.locations} groups={placements.groups} />
      )}
    </>
  );
}
