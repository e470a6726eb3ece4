import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { formatDateTime } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { DateTime, Duration, Energy, Money, PageHeader, QueryState, Section } from '../../ui';
import { BalanceSummary } from './BalancePage';
import { ME } from './parts';
import type { Balance, MySession, Profile } from './types';

/** How often a running session's cost is asked again (drivers have no live event stream). */
export const RUNNING_REFRESH_MS = 15_000;

function RunningSession({ sessions }: { sessions: MySession[] }) {
  const { t } = useTranslation('self-service');
  const locale = useLocale();
  const [session, ...more] = sessions;
  if (session === undefined) return <p>{t('overview.runningNone')}</p>;
  return (
    <div className="stack">
      <div className="self-running">
        <p className="stat">
          <span className="stat-value">
            {session.cost === null ? (
              t('session.notPriced')
            ) : (
              <Money cents={session.cost.cents} currency={session.cost.currency} />
            )}
          </span>
          <span className="stat-label">{t('overview.costSoFar')}</span>
        </p>
        <dl className="facts">
          <dt>{t('session.place')}</dt>
          <dd>{session.compartment ?? session.stationName ?? '–'}</dd>
          <dt>{t('session.start')}</dt>
          <dd>
            <DateTime value={session.startedAt} />
          </dd>
          <dt>{t('session.duration')}</dt>
          <dd>
            <Duration seconds={session.durationSeconds} />
          </dd>
          <dt>{t('session.energy')}</dt>
          <dd>
            <Energy wh={session.energyWh} />
          </dd>
          {session.card !== null && (
            <>
              <dt>{t('session.card')}</dt>
              <dd>
                <code>{session.card.value}</code>
              </dd>
            </>
          )}
        </dl>
      </div>
      {session.cost !== null && (
        <p className="self-hint">
          {t('overview.refreshHint', { time: formatDateTime(session.cost.asOf, locale) })}
        </p>
      )}
      {more.length > 0 && (
        <p>
          <Link to="/me/sessions">{t('overview.runningMore', { count: more.length })}</Link>
        </p>
      )}
    </div>
  );
}

/** The driver's start page: what runs now and what it costs so far, the balance, where to go next. */
export function MePage() {
  const { t } = useTranslation('self-service');
  const profile = useApiQuery<Profile>(ME);
  const running = useApiQuery<MySession[]>(
    `${ME}/sessions`,
    { status: 'active' },
    { refetchInterval: RUNNING_REFRESH_MS },
  );
  const balance = useApiQuery<Balance>(`${ME}/balance`);
  const links = [
    { to: '/me/sessions', label: t('nav.sessions') },
    { to: '/me/cards', label: t('nav.cards') },
    { to: '/me/balance', label: t('nav.balance') },
    { to: '/me/invoices', label: t('nav.invoices') },
    ...(profile.data?.companyAdmin === true ? [{ to: '/me/company', label: t('nav.company') }] : []),
  ];
  return (
    <div className="self-area">
      <PageHeader
        title={
          profile.data === undefined ? t('nav.overview') : t('overview.title', { name: profile.data.name })
        }
        description={t('overview.description')}
      />
      <Section title={t('overview.running')}>
        <QueryState query={running}>{(sessions) => <RunningSession sessions={sessions} />}</QueryState>
      </Section>
      <Section title={t('overview.balance')}>
        <QueryState query={balance}>{(data) => <BalanceSummary balance={data} />}</QueryState>
      </Section>
      <Section title={t('overview.quickLinks')}>
        <ul className="self-links">
          {links.map((link) => (
            <li key={link.to}>
              <Link className="btn btn-secondary" to={link.to}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
