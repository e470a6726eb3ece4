import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { DataTable, FilterBar, PageHeader, QueryState, SelectField, StatusBadge, TextField } from '../../ui';
import { useAccountsAccess } from './access';
import { companyBody, EMPTY_COMPANY_FORM } from './company-form';
import { CompanyFields } from './CompanyFields';
import { FormDialog } from '../../ui/FormDialog';
import { companyStatusTone } from './labels';
import type { Company } from './types';

export function CompaniesPage() {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const navigate = useNavigate();
  const [draft, setDraft] = useState({ q: '', status: '' });
  const [filters, setFilters] = useState({ q: '', status: '' });
  const companies = useApiQuery<Company[]>('/companies', filters);
  const [form, setForm] = useState(EMPTY_COMPANY_FORM);
  const create = useApiMutation(
    (body: Record<string, unknown>) => api.post<Company>('/companies', body),
    ['/companies', '/accounts'],
  );
  return (
    <>
      <PageHeader
        title={t('companies.title')}
        description={t('companies.description')}
        actions={
          access.manageAccounts && access.readPricing ? (
            <FormDialog
              triggerLabel={t('companies.create')}
              triggerVariant="primary"
              title={t('companies.create')}
              submitLabel={t('create', { ns: 'common' })}
              onOpen={() => setForm(EMPTY_COMPANY_FORM)}
              onSubmit={async () => {
                if (form.strategyId === '') throw new Error(t('companies.chooseStrategy'));
                const company = await create.mutateAsync(companyBody(form));
                await navigate(`/companies/${company.id}`);
              }}
            >
              <CompanyFields form={form} onChange={setForm} />
            </FormDialog>
          ) : undefined
        }
      />
      <FilterBar
        label={t('companies.filters')}
        onApply={() => setFilters(draft)}
        onReset={() => {
          setDraft({ q: '', status: '' });
          setFilters({ q: '', status: '' });
        }}
      >
        <TextField
          label={t('companies.search')}
          description={t('companies.searchHint')}
          value={draft.q}
          onChange={(q) => setDraft({ ...draft, q })}
        />
        <SelectField
          label={t('fields.status')}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          emptyLabel={t('all', { ns: 'common' })}
          options={[
            { value: 'active', label: t('companyStatus.active') },
            { value: 'suspended', label: t('companyStatus.suspended') },
          ]}
        />
      </FilterBar>
      <QueryState query={companies}>
        {(rows) => (
          <DataTable
            caption={t('companies.title')}
            captionHidden
            rows={rows}
            rowKey={(company) => company.id}
            empty={t('companies.empty')}
            columns={[
              {
                key: 'name',
                header: t('fields.name'),
                rowHeader: true,
                render: (company) => <Link to={`/companies/${company.id}`}>{company.name}</Link>,
              },
              { key: 'number', header: t('accounts.number'), render: (company) => company.accountNumber },
              { key: 'city', header: t('fields.city'), render: (company) => company.city ?? '–' },
              { key: 'email', header: t('fields.email'), render: (company) => company.email ?? '–' },
              {
                key: 'status',
                header: t('fields.status'),
                render: (company) => (
                  <StatusBadge tone={companyStatusTone(company.status)}>
                    {t(`companyStatus.${company.status}`)}
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
