import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { formatDateTime } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { useLiveRefresh } from '../../live/live';
import {
  ConfirmDialog,
  DataTable,
  DateTime,
  PageHeader,
  QueryState,
  SelectField,
  StatusBadge,
  type Tone,
} from '../../ui';
import type { Alert } from './types';

const SEVERITY_TONE: Record<Alert['severity'], Tone> = { info: 'info', warning: 'warn', critical: 'error' };

/** Open (or all) alerts, newest first, raised live; acknowledging asks first and is audited. */
export function AlertsPage() {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const alerts = useApiQuery<Alert[]>('/alerts', { open: show === 'open' ? true : undefined, limit: 200 });
  useLiveRefresh(['alert.raised'], ['/alerts']);
  return (
    <>
      <PageHeader title={t('alerts.title')} description={t('alerts.description')} />
      <div className="filter-bar">
        <SelectField
          label={t('alerts.show')}
          value={show}
          onChange={(value) => setShow(value === 'all' ? 'all' : 'open')}
          options={[
            { value: 'open', label: t('alerts.open') },
            { value: 'all', label: t('alerts.all') },
          ]}
        />
      </div>
      <QueryState query={alerts}>
        {(rows) => (
          <DataTable
            caption={t('alerts.caption')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            empty={show === 'open' ? t('alerts.empty') : t('alerts.emptyAll')}
            columns={[
              {
                key: 'message',
                header: t('alerts.message'),
                rowHeader: true,
                render: (row) => row.message[locale],
              },
              {
                key: 'severity',
                header: t('alerts.severity'),
                render: (row) => (
                  <StatusBadge tone={SEVERITY_TONE[row.severity]}>
                    {t(`alerts.severities.${row.severity}`)}
                  </StatusBadge>
                ),
              },
              {
                key: 'raised',
                header: t('alerts.raised'),
                render: (row) => <DateTime value={row.createdAt} />,
              },
              {
                key: 'state',
                header: t('alerts.state'),
                render: (row) =>
                  row.acknowledgedAt === null ? (
                    <StatusBadge tone="warn">{t('alerts.openState')}</StatusBadge>
                  ) : (
                    t('alerts.acknowledged', { at: formatDateTime(row.acknowledgedAt, locale) })
                  ),
              },
              {
                key: 'actions',
                header: t('actions', { ns: 'common' }),
                render: (row) => (row.acknowledgedAt === null ? <AcknowledgeButton alert={row} /> : null),
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function AcknowledgeButton({ alert }: { alert: Alert }) {
  const { t } = useTranslation('records');
  const locale = useLocale();
  const client = useQueryClient();
  return (
    <ConfirmDialog
      triggerLabel={t('alerts.acknowledge')}
      title={t('alerts.acknowledgeTitle')}
      confirmLabel={t('alerts.acknowledge')}
      onConfirm={async () => {
        await api.post(`/alerts/${alert.id}/acknowledge`);
        await invalidatePath(client, '/alerts');
      }}
    >
      <p>{t('alerts.acknowledgeText', { message: alert.message[locale] })}</p>
    </ConfirmDialog>
  );
}
