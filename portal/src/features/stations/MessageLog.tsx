import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { Button, DataTable, DateTime, QueryState, Section } from '../../ui';
import { useLiveRefresh } from '../../live/live';
import { STATION_EVENTS } from './live';
import type { OcppMessage } from './types';

const PAGE = 20;
const MAX = 200;

/** The station's recent OCPP messages, newest first; each payload opens on demand. */
export function MessageLog({ stationId }: { stationId: string }) {
  const { t } = useTranslation('stations');
  const [limit, setLimit] = useState(PAGE);
  // What the station reports comes with messages: the log follows the station's live events.
  useLiveRefresh(STATION_EVENTS, [`/stations/${stationId}/messages`]);
  const messages = useApiQuery<OcppMessage[]>(
    `/stations/${stationId}/messages`,
    { limit },
    {
      placeholderData: (previous) => previous,
      // The log is written in batches, a moment after the events that refresh it: look again now and then.
      refetchInterval: 5_000,
    },
  );
  return (
    <Section title={t('messages.title')}>
      <QueryState query={messages}>
        {(rows) => (
          <>
            <DataTable
              caption={t('messages.caption')}
              captionHidden
              rows={rows}
              rowKey={(m) => String(m.id)}
              empty={t('messages.empty')}
              columns={[
                { key: 'at', header: t('columns.time'), render: (m) => <DateTime value={m.at} /> },
                {
                  key: 'direction',
                  header: t('columns.direction'),
                  render: (m) => t(`messages.direction_${m.direction}`),
                },
                {
                  key: 'action',
                  header: t('columns.action'),
                  rowHeader: true,
                  render: (m) =>
                    m.action ?? t(`messages.type_${m.messageType}`, { defaultValue: String(m.messageType) }),
                },
                {
                  key: 'answer',
                  header: t('columns.answer'),
                  render: (m) =>
                    m.response === null
                      ? '–'
                      : t(`messages.type_${m.response.messageType}`, {
                          defaultValue: String(m.response.messageType),
                        }),
                },
                {
                  key: 'payload',
                  header: t('columns.payload'),
                  render: (m) => (
                    <details className="payload">
                      <summary>{t('messages.show')}</summary>
                      <pre>{JSON.stringify(m.payload, null, 2)}</pre>
                      {m.response !== null && <pre>{JSON.stringify(m.response.payload, null, 2)}</pre>}
                    </details>
                  ),
                },
              ]}
            />
            {rows.length >= limit && limit < MAX && (
              <Button onPress={() => setLimit(Math.min(MAX, limit + PAGE))}>{t('common:loadMore')}</Button>
            )}
          </>
        )}
      </QueryState>
    </Section>
  );
}
