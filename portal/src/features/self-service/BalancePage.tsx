import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/hooks';
import { formatMoney } from '../../format/format';
import { useLocale } from '../../i18n/use-locale';
import { DataTable, DateTime, Money, Notice, PageHeader, QueryState, Section, type Column } from '../../ui';
import { ME } from './parts';
import type { Balance, LedgerLine } from './types';

/** The balance, or in words who pays instead (company, monthly invoice, nobody yet). */
export function BalanceSummary({ balance }: { balance: Balance }) {
  const { t } = useTranslation('self-service');
  const locale = useLocale();
  if (balance.billedTo === 'company')
    return <p>{t('balance.company', { company: balance.companyName ?? '' })}</p>;
  if (balance.billedTo === 'none') return <p>{t('balance.noPayer')}</p>;
  if (balance.balanceCents === null) {
    return (
      <div className="stack">
        {balance.strategyKind === 'postpaid' ? (
          <p>
            {t('balance.postpaid')} <Link to="/me/invoices">{t('nav.invoices')}</Link>
          </p>
        ) : (
          <p>
            {t('balance.otherKind', { kind: t(`balance.strategyKinds.${balance.strategyKind ?? 'free'}`) })}
          </p>
        )}
        <p className="self-hint">
          {t('balance.account')}: {balance.accountNumber}
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <p className="stat">
        <span className="stat-value">
          <Money cents={balance.balanceCents} currency={balance.currency} />
        </span>
        <span className="stat-label">{t('balance.current')}</span>
      </p>
      {balance.minimumBalanceCents !== null && balance.minimumBalanceCents > 0 && (
        <p className="self-hint">
          {t('balance.minimum', {
            amount: formatMoney(balance.minimumBalanceCents, balance.currency, locale),
          })}
        </p>
      )}
      {balance.canStart === false ? (
        <Notice tone="warning">{t('balance.cannotStart')}</Notice>
      ) : (
        <p>{t('balance.canStart')}</p>
      )}
      <p className="self-hint">
        {t('balance.account')}: {balance.accountNumber}
      </p>
    </div>
  );
}

function LedgerTable({ lines }: { lines: LedgerLine[] }) {
  const { t } = useTranslation('self-service');
  const columns: Column<LedgerLine>[] = [
    {
      key: 'date',
      header: t('balance.date'),
      rowHeader: true,
      render: (l) => <DateTime value={l.createdAt} />,
    },
    { key: 'kind', header: t('balance.kind'), render: (l) => t(`balance.kinds.${l.kind}`) },
    {
      key: 'amount',
      header: t('balance.amount'),
      align: 'end',
      render: (l) => <Money cents={l.amountCents} currency={l.currency} />,
    },
    {
      key: 'after',
      header: t('balance.after'),
      align: 'end',
      render: (l) => <Money cents={l.balanceAfterCents} currency={l.currency} />,
    },
    { key: 'note', header: t('balance.note'), render: (l) => l.note ?? '' },
  ];
  return (
    <DataTable
      caption={t('balance.historyCaption')}
      rows={lines}
      rowKey={(l) => String(l.id)}
      columns={columns}
    />
  );
}

export function BalancePage() {
  const { t } = useTranslation('self-service');
  const balance = useApiQuery<Balance>(`${ME}/balance`);
  const ledger = useApiQuery<LedgerLine[]>(`${ME}/ledger`);
  return (
    <div className="self-area">
      <PageHeader title={t('balance.title')} description={t('balance.description')} />
      <Section title={t('balance.current')}>
        <QueryState query={balance}>{(data) => <BalanceSummary balance={data} />}</QueryState>
      </Section>
      <Section title={t('balance.history')}>
        <QueryState query={ledger}>{(lines) => <LedgerTable lines={lines} />}</QueryState>
      </Section>
    </div>
  );
}
