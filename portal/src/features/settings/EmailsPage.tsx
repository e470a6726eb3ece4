import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import {
  DataTable,
  DateTime,
  FilterBar,
  PageHeader,
  QueryState,
  SelectField,
  StatusBadge,
  TextField,
  type Tone,
} from '../../ui';
import type { Email, EmailStatus } from './types';

const STATUS_TONE: Record<EmailStatus, Tone> = {
  queued: 'busy',
  sent: 'ok',
  failed: 'error',
  logged: 'muted',
};
const STATUSES: readonly EmailStatus[] = ['queued', 'sent', 'failed', 'logged'];
const PURPOSES = ['password_reset', 'invitation'] as const;
const NO_FILTERS = { to: '', status: '', purpose: '' };

/** The mail log for platform operators: what was sent, what waits, what failed and why. */
export function EmailsPage() {
  const { t } = useTranslation('settings');
  const [draft, setDraft] = useState(NO_FILTERS);
  const [filters, setFilters] = useState(NO_FILTERS);
  const emails = useApiQuery<Email[]>('/emails', { ...filters, limit: 200 });
  return (
    <>
      <PageHeader title={t('emails.title')} description={t('emails.description')} />
      <FilterBar
        label={t('emails.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft(NO_FILTERS);
          setFilters(NO_FILTERS);
        }}
      >
        <TextField label={t('emails.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        <SelectField
          label={t('emails.status')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          emptyLabel={t('all', { ns: 'common' })}
          options={STATUSES.map((status) => ({ value: status, label: t(`emails.statuses.${status}`) }))}
        />
        <SelectField
          label={t('emails.purpose')}
          value={draft.purpose}
          onChange={(purpose) => setDraft({ ...draft, purpose })}
          emptyLabel={t('all', { ns: 'common' })}
          options={PURPOSES.map((purpose) => ({ value: purpose, label: t(`emails.purposes.${purpose}`) }))}
        />
      </FilterBar>
      <QueryState query={emails}>
        {(rows) => (
          <DataTable
            caption={t('emails.caption')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'createdAt',
                header: t('emails.createdAt'),
                rowHeader: true,
                render: (row) => <DateTime value={row.createdAt} />,
              },
              { key: 'to', header: t('emails.to'), render: (row) => row.to },
              {
                key: 'purpose',
                header: t('emails.purpose'),
                render: (row) => t(`emails.purposes.${row.purpose}`, { defaultValue: row.purpose }),
              },
              {
                key: 'subject',
                header: t('emails.subject'),
                render: (row) => (
                  <details>
                    <summary>{row.subject}</summary>
                    <pre className="mail-text">{row.text}</pre>
                  </details>
                ),
              },
              {
                key: 'status',
                header: t('emails.status'),
                render: (row) => (
                  <>
                    <StatusBadge tone={STATUS_TONE[row.status]}>
                      {t(`emails.statuses.${row.status}`)}
                    </StatusBadge>
                    {row.lastError !== null && row.status !== 'sent' && (
                      <div className="field-hint">
                        {t('emails.lastError')}: {row.lastError}
                      </div>
                    )}
                  </>
                ),
              },
              { key: 'attempts', header: t('emails.attempts'), align: 'end', render: (row) => row.attempts },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
