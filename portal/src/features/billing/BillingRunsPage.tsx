import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client';
import { invalidatePath } from '../../api/hooks';
import { ConfirmDialog, Money, Notice, PageHeader, Section, TextField } from '../../ui';
import { previousMonth } from '../../format/berlin';
import { useInstitutionChoice } from './institution';
import { runRefusal } from './query';
import type { CreditNoteRun, InvoiceRun, RunDocument } from './types';

type RunResult = { kind: 'invoices'; run: InvoiceRun } | { kind: 'creditNotes'; run: CreditNoteRun };

/**
 * The monthly runs: invoices for postpaid accounts and credit notes for carrier-billed sessions.
 * The server refuses a month that is not over (422); the dialog shows its words.
 */
export function BillingRunsPage() {
  const { t } = useTranslation('billing');
  const client = useQueryClient();
  const { institutionId, picker } = useInstitutionChoice();
  const [month, setMonth] = useState(() => previousMonth(new Date()));
  const [result, setResult] = useState<RunResult | null>(null);
  const body = {
    month: month.trim(),
    ...(picker === null || institutionId === null ? {} : { institutionId }),
  };
  const ready = /^\d{4}-\d{2}$/.test(month.trim()) && (picker === null || institutionId !== null);

  const run = async (kind: RunResult['kind']) => {
    setResult(null);
    try {
      if (kind === 'invoices') setResult({ kind, run: await api.post<InvoiceRun>('/invoices/run', body) });
      else setResult({ kind, run: await api.post<CreditNoteRun>('/credit-notes/run', body) });
    } catch (error) {
      throw runRefusal(error, body.month, t);
    }
    await invalidatePath(client, '/documents');
  };

  return (
    <>
      <PageHeader title={t('runs.title')} description={t('runs.description')} />
      <div className="filter-bar">
        {picker}
        <TextField
          label={t('runs.month')}
          type="month"
          placeholder="2025-03"
          value={month}
          onChange={(value) => {
            setMonth(value);
            setResult(null);
          }}
          isRequired
        />
      </div>
      <div className="grid">
        <Section title={t('runs.invoices')}>
          <p>{t('runs.invoicesText')}</p>
          <ConfirmDialog
            triggerLabel={t('runs.runInvoices')}
            title={t('runs.runInvoicesTitle', { month })}
            confirmLabel={t('runs.runInvoices')}
            isDisabled={!ready}
            onConfirm={() => run('invoices')}
          >
            <p>{t('runs.runInvoicesText')}</p>
          </ConfirmDialog>
        </Section>
        <Section title={t('runs.creditNotes')}>
          <p>{t('runs.creditNotesText')}</p>
          <ConfirmDialog
            triggerLabel={t('runs.runCreditNotes')}
            title={t('runs.runCreditNotesTitle', { month })}
            confirmLabel={t('runs.runCreditNotes')}
            isDisabled={!ready}
            onConfirm={() => run('creditNotes')}
          >
            <p>{t('runs.runCreditNotesText')}</p>
          </ConfirmDialog>
        </Section>
      </div>
      {result !== null && <RunOutcome result={result} />}
    </>
  );
}

function RunOutcome({ result }: { result: RunResult }) {
  const { t } = useTranslation('billing');
  const { run } = result;
  return (
    <Section
      title={`${t(result.kind === 'invoices' ? 'runs.invoices' : 'runs.creditNotes')}: ${t('runs.result', { month: run.month })}`}
    >
      <div role="status">
        {run.created.length === 0 ? (
          <Notice tone="info">{t('runs.nothingCreated')}</Notice>
        ) : (
          <Notice tone="success">
            {t('runs.created')}: {run.created.length}
          </Notice>
        )}
      </div>
      <DocumentList title={t('runs.created')} documents={run.created} />
      <DocumentList title={t('runs.existing')} documents={run.existing} />
      {run.skipped.length > 0 && (
        <>
          <h3>{t('runs.skipped')}</h3>
          <ul>
            {run.skipped.map((skip) => (
              <li key={'accountId' in skip ? skip.accountId : skip.institutionId}>
                {'accountNumber' in skip ? `${skip.accountNumber}: ` : ''}
                {t('runs.missing', { fields: skip.missing.join(', ') })}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function DocumentList({ title, documents }: { title: string; documents: RunDocument[] }) {
  const { t } = useTranslation('billing');
  if (documents.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {documents.map((doc) => (
          <li key={doc.id}>
            <a href={apiUrl(`/documents/${doc.id}/pdf`)} target="_blank" rel="noreferrer">
              {doc.number}
            </a>
            {doc.recipient?.name !== undefined && ` · ${doc.recipient.name}`} ·{' '}
            <Money cents={doc.grossCents} currency={doc.currency} /> ({t(`kinds.${doc.kind}`)})
          </li>
        ))}
      </ul>
    </>
  );
}
