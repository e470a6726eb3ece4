import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { PageHeader, Section, SelectField } from '../../ui';
import { useAccountsAccess } from './access';
import { DetailState } from './DetailState';
import { FormDialog } from '../../ui/FormDialog';
import { useStrategies } from './lookups';
import { PayerAccountPanel } from './PayerAccountPanel';
import type { Account } from './types';

/** Assigns another of the institution's strategies (accounts:manage; defining them is pricing's). */
function StrategyDialog({ account }: { account: Account }) {
  const { t } = useTranslation('accounts');
  const strategies = useStrategies();
  const [strategyId, setStrategyId] = useState(account.strategyId);
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<Account>(`/accounts/${account.id}`, body),
    ['/accounts', '/users', '/companies'],
  );
  if (strategies.data === undefined) return null;
  return (
    <FormDialog
      triggerLabel={t('accounts.changeStrategy')}
      title={t('accounts.changeStrategyTitle', { number: account.number })}
      submitLabel={t('save', { ns: 'common' })}
      onOpen={() => setStrategyId(account.strategyId)}
      onSubmit={() => patch.mutateAsync({ strategyId })}
    >
      <p>{t('accounts.changeStrategyExplain')}</p>
      <SelectField
        label={t('fields.strategy')}
        value={strategyId}
        onChange={setStrategyId}
        options={strategies.data
          .filter((s) => s.active || s.id === account.strategyId)
          .map((s) => ({ value: s.id, label: `${s.name} (${t(`strategyKinds.${s.kind}`)})` }))}
      />
    </FormDialog>
  );
}

function AccountDetail({ account }: { account: Account }) {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const holderPath =
    account.holderId === null
      ? null
      : account.holderKind === 'user'
        ? `/users/${account.holderId}`
        : `/companies/${account.holderId}`;
  return (
    <>
      <PageHeader
        title={t('accounts.titleOne', { number: account.number })}
        description={
          holderPath === null ? undefined : (
            <>
              {t(`holderKinds.${account.holderKind}`)}: <Link to={holderPath}>{account.holderName}</Link>
            </>
          )
        }
        actions={access.manageAccounts ? <StrategyDialog account={account} /> : undefined}
      />
      <p>
        <Link to="/accounts">{t('accounts.back')}</Link>
      </p>
      <Section title={t('accounts.money')}>
        <PayerAccountPanel accountId={account.id} showAccountLink={false} />
      </Section>
    </>
  );
}

export function AccountDetailPage() {
  const { t } = useTranslation('accounts');
  const { accountId = '' } = useParams();
  const account = useApiQuery<Account>(`/accounts/${accountId}`);
  return (
    <DetailState
      query={account}
      what={t('accounts.one')}
      back={{ to: '/accounts', label: t('accounts.back') }}
    >
      {(data) => <AccountDetail account={data} />}
    </DetailState>
  );
}
