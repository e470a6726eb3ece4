import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, apiUrl } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { DataTable, FilterBar, PageHeader, QueryState, SelectField, StatusBadge, TextField } from '../../ui';
import { useAccountsAccess } from './access';
import { FormDialog } from '../../ui/FormDialog';
import { userStatusTone } from './labels';
import { nameOf, optionsOf, useCompanies, useGroups } from './lookups';
import type { User } from './types';
import { EMPTY_USER_FORM, userBody } from './user-form';
import { UserFields } from './UserFields';

interface Filters {
  q: string;
  status: string;
  groupId: string;
  companyId: string;
  card: string;
}
const NO_FILTERS: Filters = { q: '', status: '', groupId: '', companyId: '', card: '' };

/** Drivers: search, filter, create; export and import as CSV. */
export function UsersPage() {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const users = useApiQuery<User[]>('/users', { ...filters });
  const groups = useGroups();
  const companies = useCompanies();
  const [form, setForm] = useState(EMPTY_USER_FORM);
  const create = useApiMutation(
    (body: Record<string, unknown>) => api.post<User>('/users', body),
    ['/users', '/accounts'],
  );

  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <>
            <a
              className="btn btn-secondary"
              href={apiUrl('/users/export', { delimiter: ';', bom: true })}
              download
            >
              {t('users.export')}
            </a>
            {access.importUsers && (
              <Link className="btn btn-secondary" to="/users/import">
                {t('users.import')}
              </Link>
            )}
            {access.manageAccounts && (
              <FormDialog
                triggerLabel={t('users.create')}
                triggerVariant="primary"
                title={t('users.create')}
                submitLabel={t('create', { ns: 'common' })}
                onOpen={() => setForm(EMPTY_USER_FORM)}
                onSubmit={async () => {
                  const user = await create.mutateAsync(userBody(form));
                  await navigate(`/users/${user.id}`);
                }}
              >
                <UserFields form={form} onChange={setForm} />
              </FormDialog>
            )}
          </>
        }
      />
      <FilterBar
        label={t('users.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft(NO_FILTERS);
          setFilters(NO_FILTERS);
        }}
      >
        <TextField
          label={t('users.search')}
          description={t('users.searchHint')}
          value={draft.q}
          onChange={set('q')}
        />
        <SelectField
          label={t('fields.status')}
          value={draft.status}
          onChange={set('status')}
          emptyLabel={t('all', { ns: 'common' })}
          options={[
            { value: 'active', label: t('userStatus.active') },
            { value: 'blocked', label: t('userStatus.blocked') },
          ]}
        />
        <SelectField
          label={t('fields.group')}
          value={draft.groupId}
          onChange={set('groupId')}
          emptyLabel={t('all', { ns: 'common' })}
          options={optionsOf(groups.data)}
        />
        <SelectField
          label={t('fields.company')}
          value={draft.companyId}
          onChange={set('companyId')}
          emptyLabel={t('all', { ns: 'common' })}
          options={optionsOf(companies.data)}
        />
        <TextField label={t('users.card')} value={draft.card} onChange={set('card')} />
      </FilterBar>
      <QueryState query={users}>
        {(rows) => (
          <DataTable
            caption={t('users.caption', { count: rows.length })}
            rows={rows}
            rowKey={(user) => user.id}
            empty={t('users.empty')}
            columns={[
              {
                key: 'name',
                header: t('fields.name'),
                rowHeader: true,
                render: (user) => <Link to={`/users/${user.id}`}>{user.name}</Link>,
              },
              { key: 'email', header: t('fields.email'), render: (user) => user.email ?? '–' },
              { key: 'phone', header: t('fields.phone'), render: (user) => user.phone ?? '–' },
              { key: 'city', header: t('fields.city'), render: (user) => user.city ?? '–' },
              {
                key: 'group',
                header: t('fields.group'),
                render: (user) => nameOf(groups.data, user.groupId) ?? '–',
              },
              {
                key: 'company',
                header: t('fields.company'),
                render: (user) =>
                  user.companyId === null ? (
                    '–'
                  ) : (
                    <Link to={`/companies/${user.companyId}`}>
                      {nameOf(companies.data, user.companyId) ?? t('fields.company')}
                    </Link>
                  ),
              },
              {
                key: 'status',
                header: t('fields.status'),
                render: (user) => (
                  <StatusBadge tone={userStatusTone(user.status)}>
                    {t(`userStatus.${user.status}`)}
                  </StatusBadge>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
