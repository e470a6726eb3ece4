import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { apiUrl } from '../../api/client';
import { invalidatePath } from '../../api/hooks';
import { Button, DataTable, ErrorNotice, Notice, PageHeader, Section } from '../../ui';
import { importUsersCsv } from './import-api';
import { problemsByLine, problemsOfError, type LineProblems } from './import-report';
import type { ImportProblem, ImportReport } from './types';

function ProblemsTable({ problems }: { problems: readonly ImportProblem[] }) {
  const { t } = useTranslation('accounts');
  return (
    <DataTable<LineProblems>
      caption={t('import.problems')}
      rows={problemsByLine(problems)}
      rowKey={(row) => String(row.line)}
      columns={[
        { key: 'line', header: t('import.line'), rowHeader: true, render: (row) => row.line },
        {
          key: 'problems',
          header: t('import.problem'),
          render: (row) => (
            <ul>
              {row.problems.map((p, i) => (
                <li key={i}>
                  {p.column !== null && <code>{p.column}</code>}
                  {p.column !== null && ': '}
                  {p.reason}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

function ReportFacts({ report }: { report: ImportReport }) {
  const { t } = useTranslation('accounts');
  return (
    <dl className="facts">
      <dt>{t('import.rows')}</dt>
      <dd>{report.rows}</dd>
      <dt>{t('import.usersNew')}</dt>
      <dd>{report.users.created}</dd>
      <dt>{t('import.usersMatched')}</dt>
      <dd>{report.users.matched}</dd>
      <dt>{t('import.cardsNew')}</dt>
      <dd>{report.cards.created}</dd>
      <dt>{t('import.cardsMatched')}</dt>
      <dd>{report.cards.matched}</dd>
    </dl>
  );
}

/**
 * Users and cards from a CSV file: a dry run first, row by row; the import writes every row or none.
 */
export function UsersImportPage() {
  const { t } = useTranslation('accounts');
  const client = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [dryRun, setDryRun] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (real: boolean) => {
    if (file === null) return;
    setBusy(true);
    setError(null);
    try {
      const report = await importUsersCsv(file.text, !real);
      if (real) {
        setDone(report);
        setDryRun(null);
        await Promise.all(['/users', '/auth-tokens', '/accounts'].map((p) => invalidatePath(client, p)));
      } else setDryRun(report);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const refused = problemsOfError(error);

  return (
    <>
      <PageHeader title={t('import.title')} description={t('import.description')} />
      <p>
        <Link to="/users">{t('users.back')}</Link>
      </p>
      <Section title={t('import.file')}>
        <div className="stack">
          <p>
            {t('import.columnsHint')}{' '}
            <a href={apiUrl('/users/export', { delimiter: ';', bom: true })} download>
              {t('import.exportExample')}
            </a>
          </p>
          <div className="field">
            <label htmlFor={fileId}>{t('import.chooseFile')}</label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                setDryRun(null);
                setDone(null);
                setError(null);
                if (chosen === undefined) setFile(null);
                else void chosen.text().then((text) => setFile({ name: chosen.name, text }));
              }}
            />
          </div>
          <div className="row">
            <Button variant="primary" isDisabled={file === null || busy} onPress={() => void run(false)}>
              {t('import.check')}
            </Button>
            <Button isDisabled={dryRun === null || !dryRun.valid || busy} onPress={() => void run(true)}>
              {t('import.run')}
            </Button>
          </div>
        </div>
      </Section>
      {busy && (
        <p className="loading" role="status">
          {t('loading', { ns: 'common' })}
        </p>
      )}
      {error !== null && (
        <Section title={t('import.refused')}>
          <ErrorNotice error={error} />
          {refused.length > 0 && <ProblemsTable problems={refused} />}
        </Section>
      )}
      {dryRun !== null && (
        <Section title={t('import.dryRunTitle')}>
          {dryRun.valid ? (
            <Notice tone="success">{t('import.dryRunValid')}</Notice>
          ) : (
            <Notice tone="error">
              {t('import.dryRunInvalid', { count: new Set(dryRun.problems.map((p) => p.line)).size })}
            </Notice>
          )}
          <ReportFacts report={dryRun} />
          {dryRun.problems.length > 0 && <ProblemsTable problems={dryRun.problems} />}
        </Section>
      )}
      {done !== null && (
        <Section title={t('import.doneTitle')}>
          <Notice tone="success">{t('import.done')}</Notice>
          <ReportFacts report={done} />
        </Section>
      )}
    </>
  );
}
