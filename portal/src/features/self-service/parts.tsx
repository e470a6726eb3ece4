/** Pieces the self-service pages share: session and document tables, the card list with its block button. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { formatMoney } from '../../format/format';
import './self-service.css';
import { useLocale } from '../../i18n/use-locale';
import {
  ConfirmDialog,
  DataTable,
  DateTime,
  Duration,
  Energy,
  Money,
  Notice,
  StatusBadge,
  type Column,
} from '../../ui';
import type { CompanyCard, Cost, MyCard, MyDocument, MySession } from './types';

/** Every /me query starts with this path: a change refreshes them all. */
export const ME = '/me';

/** A running session's cost is "so far" and changes; a finished one's is what is booked. */
export function CostText({ cost }: { cost: Cost | null }) {
  const { t } = useTranslation('self-service');
  const locale = useLocale();
  if (cost === null) return <>{t('session.notPriced')}</>;
  if (cost.final) return <Money cents={cost.cents} currency={cost.currency} />;
  return <>{t('session.costSoFar', { amount: formatMoney(cost.cents, cost.currency, locale) })}</>;
}

export function SessionsTable({
  sessions,
  caption,
  showDriver = false,
}: {
  sessions: readonly MySession[];
  caption: string;
  showDriver?: boolean;
}) {
  const { t } = useTranslation('self-service');
  const columns: Column<MySession>[] = [
    {
      key: 'start',
      header: t('session.start'),
      rowHeader: true,
      render: (s) => <DateTime value={s.startedAt} />,
    },
    {
      key: 'status',
      header: t('cards.status'),
      render: (s) =>
        s.status === 'active' ? (
          <StatusBadge tone="busy">{t('session.running')}</StatusBadge>
        ) : (
          <StatusBadge tone="muted">{t('session.completed')}</StatusBadge>
        ),
    },
    { key: 'place', header: t('session.place'), render: (s) => s.compartment ?? s.stationName ?? '–' },
    {
      key: 'duration',
      header: t('session.duration'),
      render: (s) => <Duration seconds={s.durationSeconds} />,
    },
    { key: 'energy', header: t('session.energy'), align: 'end', render: (s) => <Energy wh={s.energyWh} /> },
    {
      key: 'card',
      header: t('session.card'),
      render: (s) => (s.card === null ? '–' : <code>{s.card.value}</code>),
    },
  ];
  if (showDriver)
    columns.push({ key: 'driver', header: t('session.driver'), render: (s) => s.driverName ?? '–' });
  columns.push({
    key: 'cost',
    header: t('session.cost'),
    align: 'end',
    render: (s) => <CostText cost={s.cost} />,
  });
  return (
    <DataTable
      caption={caption}
      rows={sessions}
      rowKey={(s) => s.id}
      columns={columns}
      empty={t('session.empty')}
    />
  );
}

export function DocumentsTable({
  documents,
  caption,
  pdfPath,
  empty,
}: {
  documents: readonly MyDocument[];
  caption: string;
  /** `/me/documents` or `/me/company/documents`. */
  pdfPath: string;
  empty?: string;
}) {
  const { t } = useTranslation('self-service');
  const columns: Column<MyDocument>[] = [
    { key: 'number', header: t('documents.number'), rowHeader: true, render: (d) => d.number },
    { key: 'kind', header: t('documents.kind'), render: (d) => t(`documents.kinds.${d.kind}`) },
    { key: 'issued', header: t('documents.issued'), render: (d) => <DateTime value={d.issuedAt} /> },
    { key: 'due', header: t('documents.due'), render: (d) => <DateTime value={d.dueAt} /> },
    {
      key: 'amount',
      header: t('documents.amount'),
      align: 'end',
      render: (d) => <Money cents={d.grossCents} currency={d.currency} />,
    },
    {
      key: 'pdf',
      header: t('documents.pdf'),
      render: (d) => (
        <a
          className="btn btn-secondary"
          href={apiUrl(`${pdfPath}/${d.id}/pdf`)}
          download={`${d.number}.pdf`}
          aria-label={t('documents.download', { number: d.number })}
        >
          {t('documents.pdf')}
        </a>
      ),
    },
  ];
  return (
    <DataTable
      caption={caption}
      rows={documents}
      rowKey={(d) => d.id}
      columns={columns}
      empty={empty ?? t('documents.empty')}
    />
  );
}

function BlockCardButton({
  card,
  blockPath,
  explain,
  onBlocked,
}: {
  card: MyCard;
  blockPath: string;
  explain: string;
  onBlocked: (card: MyCard) => void;
}) {
  const { t } = useTranslation('self-service');
  const block = useApiMutation(() => api.post<MyCard>(`${blockPath}/${card.id}/block`), [ME]);
  return (
    <ConfirmDialog
      triggerLabel={t('cards.block')}
      title={t('cards.blockTitle', { card: card.value })}
      confirmLabel={t('cards.blockConfirm')}
      destructive
      onConfirm={async () => onBlocked(await block.mutateAsync(undefined))}
    >
      <p>{explain}</p>
    </ConfirmDialog>
  );
}

/** Cards as a list of panels (roomy on a phone), each with its block button while it is active. */
export function CardList({
  cards,
  blockPath,
  explain,
  empty,
}: {
  cards: readonly (MyCard | CompanyCard)[];
  /** `/me/cards` or `/me/company/cards`. */
  blockPath: string;
  explain: string;
  empty: string;
}) {
  const { t } = useTranslation('self-service');
  const [blocked, setBlocked] = useState<MyCard | null>(null);
  if (cards.length === 0) return <p>{empty}</p>;
  return (
    <>
      {blocked !== null && <Notice tone="success">{t('cards.blocked_done', { card: blocked.value })}</Notice>}
      <ul className="self-cards">
        {cards.map((card) => (
          <li key={card.id} className="self-card">
            <dl className="facts">
              <dt>{t('cards.number')}</dt>
              <dd>
                <code>{card.value}</code>
                {'master' in card && card.master && (
                  <>
                    {' '}
                    <StatusBadge tone="info">{t('cards.master')}</StatusBadge>
                  </>
                )}
              </dd>
              {'holder' in card && (
                <>
                  <dt>{t('cards.holder')}</dt>
                  <dd>{card.holder.name}</dd>
                </>
              )}
              <dt>{t('cards.label')}</dt>
              <dd>{card.label ?? '–'}</dd>
              {card.expiresAt !== null && (
                <>
                  <dt>{t('cards.expires')}</dt>
                  <dd>
                    <DateTime value={card.expiresAt} />
                  </dd>
                </>
              )}
              <dt>{t('cards.status')}</dt>
              <dd>
                <StatusBadge tone={card.status === 'accepted' ? 'ok' : 'error'}>
                  {t(`cards.${card.status}`)}
                </StatusBadge>
              </dd>
            </dl>
            {card.status === 'accepted' ? (
              <BlockCardButton card={card} blockPath={blockPath} explain={explain} onBlocked={setBlocked} />
            ) : (
              <p className="self-hint">{t('cards.blockedHint')}</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
