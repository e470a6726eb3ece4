import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { FilterBar, PageHeader, QueryState, SelectField, TextField } from '../../ui';
import { CardsTable } from './CardsTable';
import type { Card } from './types';

interface Filters {
  q: string;
  status: string;
  holder: string;
}
const NO_FILTERS: Filters = { q: '', status: '', holder: '' };

/** Every id token of the institution: search, filter, block, reassign, and "may it charge now?". */
export function CardsPage() {
  const { t } = useTranslation('accounts');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const cards = useApiQuery<Card[]>('/auth-tokens', { ...filters });
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  return (
    <>
      <PageHeader title={t('cards.title')} description={t('cards.description')} />
      <FilterBar
        label={t('cards.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft(NO_FILTERS);
          setFilters(NO_FILTERS);
        }}
      >
        <TextField
          label={t('cards.search')}
          description={t('cards.searchHint')}
          value={draft.q}
          onChange={set('q')}
        />
        <SelectField
          label={t('fields.status')}
          value={draft.status}
          onChange={set('status')}
          emptyLabel={t('all', { ns: 'common' })}
          options={[
            { value: 'accepted', label: t('cardStatus.accepted') },
            { value: 'blocked', label: t('cardStatus.blocked') },
          ]}
        />
        <SelectField
          label={t('cards.holderKind')}
          value={draft.holder}
          onChange={set('holder')}
          emptyLabel={t('all', { ns: 'common' })}
          options={[
            { value: 'user', label: t('holderKinds.user') },
            { value: 'company', label: t('holderKinds.company') },
            { value: 'none', label: t('holderKinds.none') },
          ]}
        />
      </FilterBar>
      <QueryState query={cards}>
        {(rows) => <CardsTable cards={rows} caption={t('cards.caption')} showHolder />}
      </QueryState>
    </>
  );
}
