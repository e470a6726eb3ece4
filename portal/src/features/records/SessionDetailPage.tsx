import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { useLiveRefresh } from '../../live/live';
import { useLocale } from '../../i18n/use-locale';
import {
  DataTable,
  DateTime,
  Duration,
  Energy,
  Money,
  PageHeader,
  QueryState,
  Section,
  StatusBadge,
} from '../../ui';
import { durationSeconds, SESSION_EVENTS, sessionName } from './SessionsPage';
import type { ChargeRecord, MeterValue, Session } from './types';

/** One session: its facts, its meter values, and (for billing roles) its charge record and corrections. */
export function SessionDetailPage() {
  const { sessionId = '' } = useParams();
  const session = useApiQuery<Session>(`/sessions/${sessionId}`);
  useLiveRefresh(SESSION_EVENTS, [`/sessions/${sessionId}`, '/charge-records']);
  return <QueryState query={session}>{(data) => <SessionDetail session={data} />}</QueryState>;
}

function SessionDetail({ session }: { session: Session }) {
  const { t } = useTranslation('records');
  const me = useSession();
  const mayBill = me.permissions.includes('billing:read');
  const meter = useApiQuery<MeterValue[]>(`/sessions/${session.id}/meter-values`, { limit: 1000 });
  const name = sessionName(session);
  return (
    <>
      <PageHeader
        title={t('session.title', { name })}
        description={<Link to="/sessions">{t('session.back')}</Link>}
      />
      <Section title={t('session.facts')}>
        <dl className="facts">
          <dt>{t('sessions.status')}</dt>
          <dd>
            <StatusBadge tone={session.status === 'active' ? 'busy' : 'muted'}>
              {t(`status.${session.status}`)}
            </StatusBadge>
          </dd>
          <dt>{t('sessions.station')}</dt>
          <dd>{session.chargeBoxId}</dd>
          <dt>{t('sessions.started')}</dt>
          <dd>
            <DateTime value={session.startedAt} />
          </dd>
          <dt>{t('sessions.stopped')}</dt>
          <dd>
            <DateTime value={session.stoppedAt} />
          </dd>
          <dt>{t('sessions.duration')}</dt>
          <dd>
            <Duration seconds={durationSeconds(session, Date.now())} />
          </dd>
          <dt>{t('sessions.energy')}</dt>
          <dd>
            <Energy wh={session.energyWh} />
          </dd>
          <dt>{t('sessions.token')}</dt>
          <dd>{session.idTag ?? '–'}</dd>
          <dt>{t('session.authorization')}</dt>
          <dd>
            {[session.authorizationStatus, session.authorizationReason]
              .filter((x) => x !== null)
              .join(' · ') || '–'}
          </dd>
          <dt>{t('session.transaction')}</dt>
          <dd>{session.transactionId}</dd>
          <dt>{t('session.version')}</dt>
          <dd>{session.ocppVersion}</dd>
          <dt>{t('session.meterStart')}</dt>
          <dd>
            <Energy wh={session.meterStartWh} />
          </dd>
          <dt>{t('session.meterStop')}</dt>
          <dd>
            <Energy wh={session.meterStopWh} />
          </dd>
          <dt>{t('session.stopReason')}</dt>
          <dd>{session.stopReason ?? '–'}</dd>
          {session.offline && (
            <>
              <dt>{t('session.offline')}</dt>
              <dd>✓</dd>
            </>
          )}
        </dl>
      </Section>
      {mayBill && <SessionChargeRecords sessionId={session.id} />}
      <Section title={t('session.meterValues')}>
        <QueryState query={meter}>
          {(values) => (
            <DataTable
              caption={t('session.meterCaption')}
              captionHidden
              rows={values}
              rowKey={(row) => `${row.sampledAt}-${row.measurand}-${row.phase ?? ''}-${row.value}`}
              empty={t('session.noMeterValues')}
              columns={[
                {
                  key: 'at',
                  header: t('session.sampledAt'),
                  rowHeader: true,
                  render: (row) => <DateTime value={row.sampledAt} />,
                },
                {
                  key: 'measurand',
                  header: t('session.measurand'),
                  render: (row) => (row.phase === null ? row.measurand : `${row.measurand} (${row.phase})`),
                },
                {
                  key: 'value',
                  header: t('session.value'),
                  align: 'end',
                  render: (row) => `${row.value}${row.unit === null ? '' : ` ${row.unit}`}`,
                },
                { key: 'context', header: t('session.context'), render: (row) => row.context ?? '–' },
              ]}
            />
          )}
        </QueryState>
      </Section>
    </>
  );
}

/** The session's record and its corrections (they share the session id). */
function SessionChargeRecords({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const records = useApiQuery<ChargeRecord[]>('/charge-records', { sessionId });
  return (
    <Section title={t('session.chargeRecord')}>
      <QueryState query={records}>
        {(rows) =>
          rows.length === 0 ? (
            <p>{t('session.noChargeRecord')}</p>
          ) : (
            <div className="stack">
              {[...rows].reverse().map((record) => (
                <div key={record.id}>
                  <dl className="facts">
                    <dt>{t('records.kind')}</dt>
                    <dd>{t(`kinds.${record.kind}`)}</dd>
                    <dt>{t('records.strategy')}</dt>
                    <dd>{record.strategyKind === null ? '–' : t(`strategies.${record.strategyKind}`)}</dd>
                    <dt>{t('records.booking')}</dt>
                    <dd>{t(`bookings.${record.booking}`)}</dd>
                    <dt>{t('records.gross')}</dt>
                    <dd>
                      <Money cents={record.totalCents} currency={record.currency} />
                    </dd>
                    {record.reason !== null && (
                      <>
                        <dt>{t('records.reason')}</dt>
                        <dd>{record.reason}</dd>
                      </>
                    )}
                  </dl>
                  {record.lines.length > 0 && (
                    <ul>
                      {record.lines.map((line, index) => (
                        <li key={index}>
                          {line.description[locale]}:{' '}
                          <Money cents={line.amountCents} currency={record.currency} />
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </div>
          )
        }
      </QueryState>
    </Section>
  );
}
