import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiUrl } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import { Button, DataTable, DateTime, Money, Notice, QueryState, StatusBadge } from '../../ui';
import { useAccountsAccess } from './access';
import { PostingDialog } from './PostingDialog';
import type { Account, Balance, LedgerLine, Posting } from './types';

const PAGE = 50;

function Ledger({ accountId }: { accountId: string }) {
  const { t } = useTranslation('accounts');
  const [limit, setLimit] = useState(PAGE);
  const ledger = useApiQuery<LedgerLine[]>(`/accounts/${accountId}/ledger`, { limit });
  return (
    <QueryState query={ledger}>
      {(lines) => (
        <>
          <DataTable
            caption={t('ledger.caption')}
            rows={lines}
            rowKey={(line) => String(line.id)}
            empty={t('ledger.empty')}
            columns={[
              {
                key: 'at',
                header: t('ledger.at'),
                rowHeader: true,
                render: (line) => <DateTime value={line.createdAt} />,
              },
              { key: 'kind', header: t('ledger.kind'), render: (line) => t(`ledgerKinds.${line.kind}`) },
              { key: 'note', header: t('ledger.note'), render: (line) => line.note ?? '–' },
              {
                key: 'amount',
                header: t('ledger.amount'),
                align: 'end',
                render: (line) => <Money cents={line.amountCents} currency={line.currency} />,
              },
              {
                key: 'after',
                header: t('ledger.balanceAfter'),
                align: 'end',
                render: (line) => <Money cents={line.balanceAfterCents} currency={line.currency} />,
              },
              {
                key: 'receipt',
                header: t('ledger.document'),
                render: (line) =>
                  line.documentId === null ? (
                    '–'
                  ) : (
                    <a href={apiUrl(`/documents/${line.documentId}/pdf`)} download>
                      {t('ledger.receiptPdf')}
                    </a>
                  ),
              },
            ]}
          />
          {lines.length >= limit && (
            <Button onPress={() => setLimit(limit + PAGE)}>{t('loadMore', { ns: 'common' })}</Button>
          )}
        </>
      )}
    </QueryState>
  );
}

function PrepaidBalance({ accountId }: { accountId: string }) {
  const { t } = useTranslation('accounts');
  const balance = useApiQuery<Balance>(`/accounts/${accountId}/balance`);
  return (
    <QueryState query={balance}>
      {(b) => (
        <div className="grid">
          <div className="stat">
            <span className="stat-value" data-testid="balance">
              <Money cents={b.balanceCents} currency={b.currency} />
            </span>
            <span className="stat-label">{t('balance.current')}</span>
          </div>
          <div className="stat">
            <span className="stat-value">
              <Money cents={b.minimumBalanceCents} currency={b.currency} />
            </span>
            <span className="stat-label">{t('balance.minimum')}</span>
          </div>
          <div className="stat">
            <span className="stat-value">
              <StatusBadge tone={b.canStart ? 'ok' : 'warn'}>
                {b.canStart ? t('balance.canStart') : t('balance.cannotStart')}
              </StatusBadge>
            </span>
            <span className="stat-label">{t('balance.charging')}</span>
          </div>
        </div>
      )}
    </QueryState>
  );
}

/**
 * A payer account's money: balance, ledger (newest first, balance after each entry) and, for
 * accountants and admins, top-up, refund and correction. Only shown to staff with billing:read.
 */
export function PayerAccountPanel({
  accountId,
  showAccountLink = true,
}: {
  accountId: string;
  showAccountLink?: boolean;
}) {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const account = useApiQuery<Account>(access.readMoney ? `/accounts/${accountId}` : null);
  const [posted, setPosted] = useState<Posting | null>(null);
  if (!access.readMoney) return null;
  return (
    <QueryState query={account}>
      {(a) => (
        <div className="stack">
          <dl className="facts">
            <dt>{t('accounts.number')}</dt>
            <dd>{showAccountLink ? <Link to={`/accounts/${a.id}`}>{a.number}</Link> : a.number}</dd>
            <dt>{t('fields.strategy')}</dt>
            <dd>
              {a.strategyName} ({t(`strategyKinds.${a.strategyKind}`)})
            </dd>
          </dl>
          {a.strategyKind === 'prepaid' ? (
            <>
              <PrepaidBalance accountId={a.id} />
              {access.manageMoney && (
                <div className="row">
                  <PostingDialog accountId={a.id} kind="topUp" onPosted={setPosted} />
                  <PostingDialog accountId={a.id} kind="refund" onPosted={setPosted} />
                  <PostingDialog accountId={a.id} kind="correction" onPosted={setPosted} />
                </div>
              )}
              {posted !== null && (
                <Notice tone="success">
                  {t(`ledgerKinds.${posted.entry.kind}`)}:{' '}
                  <Money cents={posted.entry.amountCents} currency={posted.entry.currency} />{' '}
                  {t('posting.booked')}{' '}
                  {posted.document !== null && (
                    <a href={apiUrl(`/documents/${posted.document.id}/pdf`)} download>
                      {t('posting.receipt', { number: posted.document.number })}
                    </a>
                  )}
                </Notice>
              )}
              <Ledger accountId={a.id} />
            </>
          ) : (
            <p>{t(`strategyExplain.${a.strategyKind}`)}</p>
          )}
        </div>
      )}
    </QueryState>
  );
}
