import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { DataTable, FilterBar, PageHeader, QueryState, SelectField, TextField } from '../../ui';
import { optionsOf, useStrategies } from './lookups';
import type { Account } from './types';

const NO_FILTERS = { q: '', strategyId: '', holderKind: '' };

/** Payer accounts (Kundenkonten): who pays, with which strategy; the money is on the detail page. */
export function AccountsPage() {
  const { t } = useTranslation('accounts');
  const [draft, setDraft] = useState(NO_FILTERS);
  const [filters, setFilters] = useState(NO_FILTERS);
  const accounts = useApiQuery<Account[]>('/accounts', filters);
  const strategies = useStrategies();
  return (
    <>
      <PageHeader title={t('accounts.title')} description={t('accounts.description')} />
      <FilterBar
        label={t('accounts.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft(NO_FILTERS);
          setFilters(NO_FILTERS);
        }}
      >
        <TextField
          label={t('accounts.search')}
          description={t('accounts.searchHint')}
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
        />
        {strategies.data !== undefined && (
          <SelectField
            label={t('fields.strategy')}
            value={draft.strategyId}
            onChange={(strategyId) => setDraft({ ...draft, strategyId })}
            emptyLabel={t('all', { ns: 'common' })}
            options={optionsOf(strategies.data)}
          />
        )}
        <SelectField
          label={t('accounts.holderKind')}
          value={draft.holderKind}
          onChange={(holderKind) => setDraft({ ...draft, holderKind })}
          emptyLabel={t('all', { ns: 'common' })}
          options={[
            { value: 'user', label: t('holderKinds.user') },
            { value: 'company', label: t('holderKinds.company') },
          ]}
        />
      </FilterBar>
      <QueryState query={accounts}>
        {(rows) => (
          <DataTable
            caption={t('accounts.title')}
            captionHidden
            rows={rows}
            rowKey={(account) => account.id}
            empty={t('accounts.empty')}
            columns={[
              {
                key: 'number',
                header: t('accounts.number'),
                rowHeader: true,
                render: (account) => <Link to={`/accounts/${account.id}`}>{account.number}</Link>,
              },
              {
                key: 'holder',
                header: t('accounts.holder'),
                render: (account) =>
                  account.holderId === null ? (
                    '–'
                  ) : (
                    <Link
                      to={
                        account.holderKind === 'user'
                          ? `/users/${account.holderId}`
                          : `/companies/${account.holderId}`
                      }
                    >
                      {account.holderName ?? account.holderId}
                    </Link>
                  ),
              },
              {
                key: 'kind',
                header: t('accounts.holderKind'),
                render: (account) => t(`holderKinds.${account.holderKind}`),
              },
              {
                key: 'strategy',
                header: t('fields.strategy'),
                render: (account) =>
                  `${account.strategyName} (${t(`strategyKinds.${account.strategyKind}`)})`,
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
