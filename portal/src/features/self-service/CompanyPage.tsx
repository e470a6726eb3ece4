import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { Money, PageHeader, QueryState, Section, StatusBadge } from '../../ui';
import { RUNNING_REFRESH_MS } from './MePage';
import { CardList, DocumentsTable, ME, SessionsTable } from './parts';
import type { CompanyCard, MyCompany, MyDocument, MySession } from './types';

function CompanyFacts({ company }: { company: MyCompany }) {
  const { t } = useTranslation('self-service');
  const address = [company.street, [company.postalCode, company.city].filter(Boolean).join(' ')]
    .filter((part) => part !== null && part !== '')
    .join(', ');
  return (
    <dl className="facts">
      <dt>{t('company.facts')}</dt>
      <dd>
        {company.name}
        {address !== '' && (
          <>
            <br />
            {address}
          </>
        )}
      </dd>
      <dt>{t('company.status')}</dt>
      <dd>
        <StatusBadge tone={company.status === 'active' ? 'ok' : 'error'}>
          {t(`company.statuses.${company.status}`)}
        </StatusBadge>
      </dd>
      <dt>{t('company.accountNumber')}</dt>
      <dd>{company.accountNumber}</dd>
      <dt>{t('company.strategy')}</dt>
      <dd>
        {t(`balance.strategyKinds.${company.strategy.kind}`)}
        {company.strategy.kind === 'postpaid' && (
          <> – {t('company.paymentTerm', { days: company.strategy.paymentTermDays })}</>
        )}
      </dd>
      {company.balanceCents !== null && (
        <>
          <dt>{t('company.balance')}</dt>
          <dd>
            <Money cents={company.balanceCents} currency={company.currency} />
          </dd>
        </>
      )}
      <dt>{t('company.masterCard')}</dt>
      <dd>{company.masterCard === null ? t('company.noMaster') : <code>{company.masterCard.value}</code>}</dd>
      <dt>{t('company.members')}</dt>
      <dd>{company.memberCount}</dd>
    </dl>
  );
}

/** For company admins: the company, all its cards (block a lost one), its sessions and collective bill. */
export function CompanyPage() {
  const { t } = useTranslation('self-service');
  const company = useApiQuery<MyCompany>(`${ME}/company`);
  const cards = useApiQuery<CompanyCard[]>(`${ME}/company/cards`);
  const documents = useApiQuery<MyDocument[]>(`${ME}/company/documents`);
  const sessions = useApiQuery<MySession[]>(`${ME}/company/sessions`, undefined, {
    refetchInterval: (query) =>
      query.state.data?.some((s) => s.status === 'active') === true ? RUNNING_REFRESH_MS : false,
  });
  return (
    <div className="self-area">
      <PageHeader
        title={t('company.title')}
        description={
          company.data === undefined ? undefined : t('company.description', { company: company.data.name })
        }
      />
      <Section title={t('company.facts')}>
        <QueryState query={company}>{(data) => <CompanyFacts company={data} />}</QueryState>
      </Section>
      <Section title={t('company.cards')}>
        <QueryState query={cards}>
          {(rows) => (
            <CardList
              cards={rows}
              blockPath={`${ME}/company/cards`}
              explain={t('company.blockExplain')}
              empty={t('company.cardsEmpty')}
            />
          )}
        </QueryState>
      </Section>
      <Section title={t('company.bill')}>
        <QueryState query={documents}>
          {(rows) => (
            <DocumentsTable
              documents={rows}
              caption={t('company.billCaption')}
              pdfPath={`${ME}/company/documents`}
              empty={t('company.billEmpty')}
            />
          )}
        </QueryState>
      </Section>
      <Section title={t('company.sessions')}>
        <QueryState query={sessions}>
          {(rows) => <SessionsTable sessions={rows} caption={t('session.caption')} showDriver />}
        </QueryState>
      </Section>
    </div>
  );
}
