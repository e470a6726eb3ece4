import { useFilterState } from '../../ui/use-filter-state';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { DataTable, DateTime, FilterBar, PageHeader, QueryState, TextField } from '../../ui';
import { actorText, detailEntries } from './audit-details';
import { LoadMore } from './LoadMore';
import { auditActionInvalid, auditQuery, NO_AUDIT_FILTERS, type AuditFilters } from './query';
import type { AuditEntry } from './types';

const PAGE = 100;

/** Who did what when, newest first: actor, action, target and details (a reason, a price change). */
export function AuditPage() {
  const { t } = useTranslation('records');
  const { draft, setDraft, filters, limit, apply, reset, more } = useFilterState<AuditFilters>(
    NO_AUDIT_FILTERS,
    PAGE,
    1000,
  );
  const entries = useApiQuery<AuditEntry[]>('/audit-log', { ...auditQuery(filters), limit });
  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <FilterBar
        label={t('filters.label')}
        onApply={() => {
          if (auditActionInvalid(draft.action)) return;
          apply();
        }}
        onReset={reset}
      >
        <TextField
          label={t('audit.action')}
          description={t('audit.actionHint')}
          value={draft.action}
          onChange={(action) => setDraft({ ...draft, action })}
          errorMessage={auditActionInvalid(draft.action) ? t('audit.actionInvalid') : undefined}
        />
        <TextField
          label={t('filters.fromDay')}
          type="date"
          value={draft.fromDay}
          onChange={(fromDay) => setDraft({ ...draft, fromDay })}
        />
        <TextField
          label={t('filters.toDay')}
          type="date"
          value={draft.toDay}
          onChange={(toDay) => setDraft({ ...draft, toDay })}
        />
      </FilterBar>
      <QueryState query={entries}>
        {(rows) => (
          <>
            <DataTable
              caption={t('audit.caption')}
              captionHidden
              rows={rows}
              rowKey={(row) => String(row.id)}
              empty={t('audit.empty')}
              columns={[
                {
                  key: 'at',
                  header: t('audit.at'),
                  rowHeader: true,
                  render: (row) => <DateTime value={row.at} />,
                },
                {
                  key: 'actor',
                  header: t('audit.actor'),
                  render: (row) => actorText(row.actor, row.actorName),
                },
                { key: 'action', header: t('audit.action'), render: (row) => <code>{row.action}</code> },
                { key: 'target', header: t('audit.target'), render: (row) => row.target ?? '–' },
                {
                  key: 'details',
                  header: t('audit.details'),
                  render: (row) => {
                    const details = detailEntries(row.details);
                    return details.length === 0 ? (
                      '–'
                    ) : (
                      <dl className="facts audit-details">
                        {details.map(([key, value]) => (
                          <div key={key} className="audit-detail">
                            <dt>{key}</dt>
                            <dd>{value}</dd>
                          </div>
                        ))}
                      </dl>
                    );
                  },
                },
              ]}
            />
            <LoadMore shown={rows.length} limit={limit} onMore={more} />
          </>
        )}
      </QueryState>
    </>
  );
}
