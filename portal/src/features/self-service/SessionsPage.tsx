import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { PageHeader, QueryState } from '../../ui';
import { RUNNING_REFRESH_MS } from './MePage';
import { ME, SessionsTable } from './parts';
import type { MySession } from './types';

export function SessionsPage() {
  const { t } = useTranslation('self-service');
  const sessions = useApiQuery<MySession[]>(`${ME}/sessions`, undefined, {
    // A running session's cost changes; finished ones do not, so only then is it asked again.
    refetchInterval: (query) =>
      query.state.data?.some((s) => s.status === 'active') === true ? RUNNING_REFRESH_MS : false,
  });
  return (
    <div className="self-area">
      <PageHeader title={t('sessions.title')} description={t('sessions.description')} />
      <QueryState query={sessions}>
        {(rows) => <SessionsTable sessions={rows} caption={t('session.caption')} />}
      </QueryState>
    </div>
  );
}
