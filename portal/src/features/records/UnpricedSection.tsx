import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { Button, DataTable, DateTime, Energy, ErrorNotice, Notice, QueryState, Section } from '../../ui';
import { useStationNames } from './lookups';
import type { UnpricedSession } from './types';

/** Completed sessions pricing left without a record, and "price now" (billing:manage). */
export function UnpricedSection({ stationId, mayManage }: { stationId: string; mayManage: boolean }) {
  const { t } = useTranslation('records');
  const client = useQueryClient();
  const unpriced = useApiQuery<UnpricedSession[]>('/charge-records/unpriced', { stationId, limit: 200 });
  const stationNames = useStationNames();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [priced, setPriced] = useState(false);

  const priceNow = async (sessionId: string) => {
    setBusy(sessionId);
    setError(null);
    setPriced(false);
    try {
      await api.post(`/sessions/${sessionId}/charge-record`);
      setPriced(true);
      await invalidatePath(client, '/charge-records');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section title={t('unpriced.title')}>
      <p className="page-description">{t('unpriced.description')}</p>
      <ErrorNotice error={error} />
      {priced && <Notice tone="success">{t('unpriced.priced')}</Notice>}
      <QueryState query={unpriced}>
        {(rows) => (
          <DataTable
            caption={t('unpriced.caption')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.sessionId}
            empty={t('unpriced.empty')}
            columns={[
              {
                key: 'session',
                header: t('sessions.token'),
                rowHeader: true,
                render: (row) => (
                  <Link to={`/sessions/${row.sessionId}`}>{row.idTag ?? row.transactionId}</Link>
                ),
              },
              {
                key: 'station',
                header: t('filters.station'),
                render: (row) => stationNames.get(row.stationId) ?? '–',
              },
              {
                key: 'started',
                header: t('sessions.started'),
                render: (row) => <DateTime value={row.startedAt} />,
              },
              {
                key: 'stopped',
                header: t('sessions.stopped'),
                render: (row) => <DateTime value={row.stoppedAt} />,
              },
              {
                key: 'energy',
                header: t('sessions.energy'),
                align: 'end',
                render: (row) => <Energy wh={row.energyWh} />,
              },
              ...(mayManage
                ? [
                    {
                      key: 'price',
                      header: t('actions', { ns: 'common' }),
                      render: (row: UnpricedSession) => (
                        <Button isDisabled={busy !== null} onPress={() => void priceNow(row.sessionId)}>
                          {t('unpriced.priceNow')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Section>
  );
}
