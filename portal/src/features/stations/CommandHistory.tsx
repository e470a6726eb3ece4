import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { DataTable, DateTime, QueryState, Section, StatusBadge, type Tone } from '../../ui';
import type { ChargePointStatus, RemoteCommand } from './types';

const STATUS_TONE: Record<RemoteCommand['status'], Tone> = {
  pending: 'info',
  answered: 'ok',
  failed: 'error',
  timeout: 'error',
  offline: 'error',
};

/** The station's recent commands with who asked and how they ended. */
export function CommandHistory({
  stationId,
  chargePoints,
}: {
  stationId: string;
  chargePoints: ChargePointStatus[];
}) {
  const { t } = useTranslation('stations');
  const commands = useApiQuery<RemoteCommand[]>(`/stations/${stationId}/commands`, { limit: 20 });
  const nameOf = (evseId: unknown) =>
    typeof evseId === 'number'
      ? (chargePoints.find((cp) => cp.evseId === evseId)?.shortName ?? `#${evseId}`)
      : null;
  return (
    <Section title={t('history.title')}>
      <QueryState query={commands}>
        {(rows) => (
          <DataTable
            caption={t('history.caption')}
            captionHidden
            rows={rows}
            rowKey={(c) => c.id}
            empty={t('history.empty')}
            columns={[
              { key: 'at', header: t('columns.time'), render: (c) => <DateTime value={c.createdAt} /> },
              {
                key: 'command',
                header: t('columns.command'),
                rowHeader: true,
                render: (c) => t(`commandNames.${c.command}`, { defaultValue: c.command }),
              },
              {
                key: 'target',
                header: t('columns.target'),
                render: (c) => {
                  const target = nameOf(c.request.command.evseId) ?? t('history.wholeStation');
                  const reason = c.request.command.reason;
                  return (
                    <>
                      {target}
                      {typeof reason === 'string' && (
                        <div className="muted">
                          {t('history.reason')}: {reason}
                        </div>
                      )}
                    </>
                  );
                },
              },
              {
                key: 'outcome',
                header: t('columns.outcome'),
                render: (c) => (
                  <>
                    <StatusBadge tone={STATUS_TONE[c.status]}>{t(`commandStatus.${c.status}`)}</StatusBadge>
                    {c.result !== null && (
                      <div className="muted">
                        {t(`result.${c.result.status}`, { defaultValue: c.result.status })}
                      </div>
                    )}
                    {c.error !== null && <div className="muted">{c.error}</div>}
                  </>
                ),
              },
              { key: 'by', header: t('columns.requestedBy'), render: (c) => c.requestedBy },
            ]}
          />
        )}
      </QueryState>
    </Section>
  );
}
