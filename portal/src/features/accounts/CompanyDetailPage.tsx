import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import {
  ConfirmDialog,
  DataTable,
  PageHeader,
  QueryState,
  Section,
  SelectField,
  StatusBadge,
} from '../../ui';
import { useAccountsAccess } from './access';
import { AddCardDialog } from './AddCardDialog';
import { CardsTable } from './CardsTable';
import { companyBody, companyFormOf, EMPTY_COMPANY_FORM } from './company-form';
import { CompanyFields } from './CompanyFields';
import { DetailState } from './DetailState';
import { FormDialog } from '../../ui/FormDialog';
import { companyStatusTone, userStatusTone } from './labels';
import { PayerAccountPanel } from './PayerAccountPanel';
import type { Card, Company, User } from './types';

const REFRESH = ['/companies', '/accounts', '/users', '/auth-tokens'];

/** The master card: one of the company's own cards or a card nobody holds yet. */
function MasterCardDialog({ company, cards }: { company: Company; cards: readonly Card[] }) {
  const { t } = useTranslation('accounts');
  const [masterId, setMasterId] = useState('');
  const free = useApiQuery<Card[]>('/auth-tokens', { holder: 'none', limit: 200 });
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<Company>(`/companies/${company.id}`, body),
    REFRESH,
  );
  const candidates = [...cards.filter((card) => card.companyId === company.id), ...(free.data ?? [])];
  return (
    <FormDialog
      triggerLabel={t('companies.setMaster')}
      title={t('companies.setMasterTitle', { name: company.name })}
      submitLabel={t('save', { ns: 'common' })}
      onOpen={() => setMasterId(company.masterTokenId ?? '')}
      onSubmit={() => patch.mutateAsync({ masterTokenId: masterId === '' ? null : masterId })}
    >
      <p>{t('companies.masterExplain')}</p>
      <SelectField
        label={t('companies.master')}
        value={masterId}
        onChange={setMasterId}
        emptyLabel={t('companies.noMaster')}
        options={candidates.map((card) => ({
          value: card.id,
          label: card.label === null ? card.value : `${card.value} – ${card.label}`,
        }))}
      />
    </FormDialog>
  );
}

function CompanyDetail({ company }: { company: Company }) {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const [form, setForm] = useState(EMPTY_COMPANY_FORM);
  const members = useApiQuery<User[]>('/users', { companyId: company.id });
  const cards = useApiQuery<Card[]>(`/companies/${company.id}/cards`);
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<Company>(`/companies/${company.id}`, body),
    REFRESH,
  );
  const suspended = company.status === 'suspended';
  const master = cards.data?.find((card) => card.id === company.masterTokenId);
  const address = [
    company.street,
    [company.postalCode, company.city].filter(Boolean).join(' '),
    company.country,
  ]
    .filter((part) => part !== null && part !== '')
    .join(', ');
  return (
    <>
      <PageHeader
        title={company.name}
        description={
          <StatusBadge tone={companyStatusTone(company.status)}>
            {t(`companyStatus.${company.status}`)}
          </StatusBadge>
        }
        actions={
          access.manageAccounts ? (
            <>
              <FormDialog
                triggerLabel={t('edit', { ns: 'common' })}
                title={t('companies.editTitle', { name: company.name })}
                submitLabel={t('save', { ns: 'common' })}
                onOpen={() => setForm(companyFormOf(company))}
                onSubmit={() => patch.mutateAsync(companyBody(form))}
              >
                <CompanyFields form={form} onChange={setForm} />
              </FormDialog>
              {cards.data !== undefined && <MasterCardDialog company={company} cards={cards.data} />}
              <ConfirmDialog
                triggerLabel={suspended ? t('companies.reactivate') : t('companies.suspend')}
                title={
                  suspended
                    ? t('companies.reactivateTitle', { name: company.name })
                    : t('companies.suspendTitle', { name: company.name })
                }
                confirmLabel={suspended ? t('companies.reactivate') : t('companies.suspend')}
                destructive={!suspended}
                onConfirm={() => patch.mutateAsync({ status: suspended ? 'active' : 'suspended' })}
              >
                <p>{suspended ? t('companies.reactivateExplain') : t('companies.suspendExplain')}</p>
              </ConfirmDialog>
            </>
          ) : undefined
        }
      />
      <p>
        <Link to="/companies">{t('companies.back')}</Link>
      </p>
      <Section title={t('companies.details')}>
        <dl className="facts">
          <dt>{t('accounts.number')}</dt>
          <dd>{company.accountNumber}</dd>
          <dt>{t('fields.email')}</dt>
          <dd>{company.email ?? '–'}</dd>
          <dt>{t('companies.vatId')}</dt>
          <dd>{company.vatId ?? '–'}</dd>
          <dt>{t('fields.address')}</dt>
          <dd>{address === '' ? '–' : address}</dd>
          <dt>{t('companies.master')}</dt>
          <dd>
            {company.masterTokenId === null ? t('companies.noMaster') : <code>{master?.value ?? '…'}</code>}
          </dd>
        </dl>
      </Section>
      <Section title={t('companies.members')}>
        <QueryState query={members}>
          {(rows) => (
            <DataTable
              caption={t('companies.membersOf', { name: company.name })}
              captionHidden
              rows={rows}
              rowKey={(user) => user.id}
              empty={t('companies.noMembers')}
              columns={[
                {
                  key: 'name',
                  header: t('fields.name'),
                  rowHeader: true,
                  render: (user) => <Link to={`/users/${user.id}`}>{user.name}</Link>,
                },
                { key: 'email', header: t('fields.email'), render: (user) => user.email ?? '–' },
                {
                  key: 'admin',
                  header: t('users.companyAdmin'),
                  render: (user) =>
                    user.companyAdmin ? t('yes', { ns: 'common' }) : t('no', { ns: 'common' }),
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
      </Section>
      <Section
        title={t('companies.cards')}
        actions={access.manageCards ? <AddCardDialog holder={{ companyId: company.id }} /> : undefined}
      >
        <QueryState query={cards}>
          {(rows) => (
            <CardsTable
              cards={rows}
              caption={t('companies.cardsOf', { name: company.name })}
              masterTokenId={company.masterTokenId}
            />
          )}
        </QueryState>
      </Section>
      {access.readMoney && (
        <Section title={t('users.payerAccount')}>
          <PayerAccountPanel accountId={company.accountId} />
        </Section>
      )}
    </>
  );
}

export function CompanyDetailPage() {
  const { t } = useTranslation('accounts');
  const { companyId = '' } = useParams();
  const company = useApiQuery<Company>(`/companies/${companyId}`);
  return (
    <DetailState
      query={company}
      what={t('companies.one')}
      back={{ to: '/companies', label: t('companies.back') }}
    >
      {(data) => <CompanyDetail company={data} />}
    </DetailState>
  );
}
