import { useQueryClient } from '@tanstack/react-query';
import { useFilterState } from '../../ui/use-filter-state';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { formatDate } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import {
  ConfirmDialog,
  DataTable,
  DateTime,
  FilterBar,
  Money,
  Notice,
  PageHeader,
  QueryState,
  SelectField,
  StatusBadge,
  TextField,
  type Column,
} from '../../ui';
import { LoadMore } from '../records/LoadMore';
import { useAccountOptions } from '../records/lookups';
import { cancelledInvoices, documentsQuery, NO_DOCUMENT_FILTERS, type DocumentFilters } from './query';
import type { DocumentSummary } from './types';

const PAGE = 50;
const KINDS = ['invoice', 'receipt', 'cancellation', 'credit_note'] as const;

/** Every issued document: filters, PDF, itemized statement of credit notes, Storno of invoices. */
export function DocumentsPage() {
  const { t } = useTranslation('billing');
  const locale = useLocale();
  const session = useSession();
  const mayManage = session.permissions.includes('billing:manage');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<DocumentFilters>(
    NO_DOCUMENT_FILTERS,
    PAGE,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const documents = useApiQuery<DocumentSummary[]>('/documents', { ...documentsQuery(filters), limit });
  // Whether an invoice was cancelled, also when its cancellation is outside the filtered list.
  const cancellations = useApiQuery<DocumentSummary[]>('/documents', { kind: 'cancellation', limit: 1000 });
  const cancelled = cancelledInvoices(cancellations.data ?? []);
  const numbers = new Map((documents.data ?? []).map((d) => [d.id, d.number]));
  const accounts = useAccountOptions();

  const columns: Column<DocumentSummary>[] = [
    { key: 'number', header: t('documents.number'), rowHeader: true, render: (row) => row.number },
    {
      key: 'kind',
      header: t('documents.kind'),
      render: (row) => (
        <>
          {t(`kinds.${row.kind}`)}
          {cancelled.has(row.id) && (
            <>
              {' '}
              <StatusBadge tone="warn">{t('documents.cancelled')}</StatusBadge>
            </>
          )}
          {row.cancelsId !== null && numbers.has(row.cancelsId) && (
            <span className="field-hint">
              {' '}
              {t('documents.cancels', { number: numbers.get(row.cancelsId) })}
            </span>
          )}
        </>
      ),
    },
    { key: 'recipient', header: t('documents.recipient'), render: (row) => row.recipient?.name ?? '–' },
    { key: 'issued', header: t('documents.issued'), render: (row) => <DateTime value={row.issuedAt} /> },
    {
      key: 'period',
      header: t('documents.period'),
      render: (row) =>
        row.periodStart === null
          ? '–'
          : `${formatDate(row.periodStart, locale)} – ${formatDate(
              // The stored end is exclusive (the next month's first instant): show the last day.
              row.periodEnd === null ? null : new Date(Date.parse(row.periodEnd) - 1),
              locale,
            )}`,
    },
    {
      key: 'gross',
      header: t('documents.gross'),
      align: 'end',
      render: (row) => <Money cents={row.grossCents} currency={row.currency} />,
    },
    {
      key: 'files',
      header: t('actions', { ns: 'common' }),
      render: (row) => (
        <div className="row">
          <a
            href={apiUrl(`/documents/${row.id}/pdf`)}
            target="_blank"
            rel="noreferrer"
            aria-label={t('documents.pdfOf', { number: row.number })}
          >
            {t('documents.pdf')}
          </a>
          {row.kind === 'credit_note' && (
            <a
              href={apiUrl(`/documents/${row.id}/statement.csv`)}
              download
              aria-label={t('documents.statementOf', { number: row.number })}
            >
              {t('documents.statement')}
            </a>
          )}
          {mayManage && row.kind === 'invoice' && !cancelled.has(row.id) && (
            <CancelInvoice document={row} onDone={(number) => setNotice(number)} />
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('documents.title')} description={t('documents.description')} />
      <FilterBar label={t('documents.filters')} onApply={apply} onReset={reset}>
        <SelectField
          label={t('documents.kind')}
          value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind })}
          options={KINDS.map((value) => ({ value, label: t(`kinds.${value}`) }))}
          emptyLabel={t('documents.allKinds')}
        />
        <TextField
          label={t('documents.month')}
          type="month"
          placeholder="2025-03"
          value={draft.month}
          onChange={(month) => setDraft({ ...draft, month, fromDay: '', toDay: '' })}
        />
        <TextField
          label={t('documents.fromDay')}
          type="date"
          value={draft.fromDay}
          onChange={(fromDay) => setDraft({ ...draft, fromDay, month: '' })}
        />
        <TextField
          label={t('documents.toDay')}
          type="date"
          value={draft.toDay}
          onChange={(toDay) => setDraft({ ...draft, toDay, month: '' })}
        />
        {accounts.length > 0 && (
          <SelectField
            label={t('documents.account')}
            value={draft.accountId}
            onChange={(accountId) => setDraft({ ...draft, accountId })}
            options={accounts}
            emptyLabel={t('documents.allAccounts')}
          />
        )}
        <TextField
          label={t('documents.q')}
          description={t('documents.qHint')}
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
        />
      </FilterBar>
      {notice !== null && (
        <Notice tone="success">{t('documents.cancelledNotice', { number: notice })}</Notice>
      )}
      <QueryState query={documents}>
        {(rows) => (
          <>
            <DataTable
              caption={t('documents.caption')}
              captionHidden
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              empty={t('documents.empty')}
            />
            <LoadMore shown={rows.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}

function CancelInvoice({
  document,
  onDone,
}: {
  document: DocumentSummary;
  onDone: (number: string) => void;
}) {
  const { t } = useTranslation('billing');
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      triggerLabel={t('documents.cancel')}
      title={t('documents.cancelTitle', { number: document.number })}
      confirmLabel={t('documents.cancelConfirm')}
      destructive
      canConfirm={reason.trim() !== ''}
      onConfirm={async () => {
        const cancellation = await api.post<DocumentSummary>(`/documents/${document.id}/cancellation`, {
          reason: reason.trim(),
        });
        setReason('');
        onDone(cancellation.number);
        await invalidatePath(client, '/documents');
      }}
    >
      <p>{t('documents.cancelText')}</p>
      <TextField
        label={t('documents.cancelReason')}
        value={reason}
        onChange={setReason}
        isRequired
        multiline
      />
    </ConfirmDialog>
  );
}
