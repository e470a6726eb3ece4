import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n/use-locale';
import { useLiveRefresh } from '../../live/live';
import {
  DataTable,
  DateTime,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  StatusBadge,
  type Tone,
} from '../../ui';
import { StateBadge } from '../stations/Badges';
import { STATION_EVENTS } from '../stations/live';
import { CHARGE_POINT_STATES } from '../stations/types';
import type { Dashboard } from './types';

const REASON_TONE: Record<Dashboard['attention'][number]['reasons'][number], Tone> = {
  offline: 'error',
  faulted: 'error',
  door_open: 'warn',
};
const SEVERITY_TONE: Record<Dashboard['alerts'][number]['severity'], Tone> = {
  info: 'info',
  warning: 'warn',
  critical: 'error',
};

interface Institution {
  id: string;
  name: string;
}

/** What needs attention now, updating by itself from the live events. */
export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const session = useSession();
  const platform = session.role === 'platform_admin';
  const [institutionId, setInstitutionId] = useState('');
  const institutions = useApiQuery<Institution[]>(platform ? '/institutions' : null);
  const dashboard = useApiQuery<Dashboard>('/dashboard', { institutionId });
  useLiveRefresh([...STATION_EVENTS, 'alert.raised'], ['/dashboard']);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {platform && (
        <SelectField
          label={t('institution')}
          value={institutionId}
          onChange={setInstitutionId}
          emptyLabel={t('allInstitutions')}
          options={(institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
        />
      )}
      <QueryState query={dashboard}>{(data) => <DashboardView data={data} />}</QueryState>
    </>
  );
}

function Tile({ value, label, tone }: { value: number | string; label: string; tone?: Tone }) {
  return (
    <li className={`stat${tone === undefined ? '' : ` stat-${tone}`}`}>
      <span className="stat-value">{value}</span> <span className="stat-label">{label}</span>
    </li>
  );
}

function DashboardView({ data }: { data: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const locale = useLocale();
  return (
    <div className="stack">
      <Section title={t('stations.title')}>
        <ul className="grid tiles" aria-label={t('stations.title')}>
          <Tile value={data.stations.online} label={t('stations.online', { count: data.stations.online })} />
          <Tile
            value={data.stations.offline}
            label={t('stations.offline', { count: data.stations.offline })}
            tone={data.stations.offline > 0 ? 'error' : undefined}
          />
          <Tile
            value={data.stations.faulted}
            label={t('stations.faulted', { count: data.stations.faulted })}
            tone={data.stations.faulted > 0 ? 'error' : undefined}
          />
          <Tile value={data.activeSessions} label={t('activeSessions', { count: data.activeSessions })} />
          {data.openAlerts !== null && (
            <Tile
              value={data.openAlerts}
              label={t('openAlerts', { count: data.openAlerts })}
              tone={data.openAlerts > 0 ? 'warn' : undefined}
            />
          )}
        </ul>
        {data.stations.pending > 0 && (
          <p>
            <Link to="/stations">{t('pending', { count: data.stations.pending })}</Link>
          </p>
        )}
      </Section>
      <Section title={t('compartments.title', { count: data.compartments.total })}>
        <ul className="grid tiles" aria-label={t('compartments.label')}>
          {CHARGE_POINT_STATES.map((state) => (
            <Tile
              key={state}
              value={data.compartments.byState[state]}
              label={t(`compartments.${state}`)}
              tone={
                data.compartments.byState[state] > 0 && (state === 'fault' || state === 'door_open')
                  ? 'warn'
                  : undefined
              }
            />
          ))}
        </ul>
      </Section>
      <Section title={t('attention.title')}>
        <DataTable
          caption={t('attention.caption')}
          captionHidden
          rows={data.attention}
          rowKey={(a) => a.stationId}
          empty={t('attention.none')}
          columns={[
            {
              key: 'station',
              header: t('attention.station'),
              rowHeader: true,
              render: (a) => <Link to={`/stations/${a.stationId}`}>{a.name ?? a.chargeBoxId}</Link>,
            },
            {
              key: 'reasons',
              header: t('attention.reasons'),
              render: (a) => (
                <span className="badges">
                  {a.reasons.map((reason) => (
                    <StatusBadge key={reason} tone={REASON_TONE[reason]}>
                      {t(`attention.reason_${reason}`)}
                    </StatusBadge>
                  ))}
                </span>
              ),
            },
            {
              key: 'compartments',
              header: t('attention.compartments'),
              render: (a) =>
                a.chargePoints.length === 0 ? (
                  '–'
                ) : (
                  <ul className="plain">
                    {a.chargePoints.map((cp) => (
                      <li key={cp.id}>
                        {cp.shortName} <StateBadge state={cp.state} />
                        {cp.errorCode !== null && cp.errorCode !== 'NoError' && (
                          <span className="muted"> {cp.errorCode}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                ),
            },
            {
              key: 'seen',
              header: t('attention.lastSeen'),
              render: (a) => <DateTime value={a.lastSeenAt} />,
            },
          ]}
        />
      </Section>
      {data.openAlerts !== null && (
        <Section title={t('alerts.title')}>
          {data.alerts.length === 0 ? (
            <p>{t('alerts.none')}</p>
          ) : (
            <ul className="plain stack">
              {data.alerts.map((alert) => (
                <li key={alert.id}>
                  <StatusBadge tone={SEVERITY_TONE[alert.severity]}>
                    {t(`alerts.severity_${alert.severity}`)}
                  </StatusBadge>{' '}
                  <DateTime value={alert.createdAt} />
                  {alert.stationId !== null && (
                    <>
                      {' · '}
                      <Link to={`/stations/${alert.stationId}`}>{alert.chargeBoxId ?? alert.stationId}</Link>
                    </>
                  )}
                  <div>{alert.message[locale]}</div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
    </div>
  );
}
