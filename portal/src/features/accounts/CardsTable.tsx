import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { ConfirmDialog, DataTable, DateTime, StatusBadge, type Column } from '../../ui';
import { useAccountsAccess } from './access';
import { AuthorizationDialog } from './AuthorizationDialog';
import { cardStatusTone } from './labels';
import { ReassignCardDialog } from './ReassignCardDialog';
import type { Card } from './types';

const REFRESH = ['/users', '/companies', '/auth-tokens'];

function CardActions({ card, canDelete }: { card: Card; canDelete: boolean }) {
  const { t } = useTranslation('accounts');
  const { manageCards } = useAccountsAccess();
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<Card>(`/auth-tokens/${card.id}`, body),
    REFRESH,
  );
  const remove = useApiMutation(() => api.delete(`/auth-tokens/${card.id}`), REFRESH);
  const blocked = card.status === 'blocked';
  return (
    <div className="row">
      <AuthorizationDialog card={card} />
      {manageCards && (
        <>
          <ConfirmDialog
            triggerLabel={blocked ? t('cards.unblock') : t('cards.block')}
            title={
              blocked
                ? t('cards.unblockTitle', { card: card.value })
                : t('cards.blockTitle', { card: card.value })
            }
            confirmLabel={blocked ? t('cards.unblock') : t('cards.block')}
            destructive={!blocked}
            onConfirm={() => patch.mutateAsync({ status: blocked ? 'accepted' : 'blocked' })}
          >
            <p>{blocked ? t('cards.unblockExplain') : t('cards.blockExplain')}</p>
          </ConfirmDialog>
          <ReassignCardDialog card={card} />
          {canDelete && (
            <ConfirmDialog
              triggerLabel={t('delete', { ns: 'common' })}
              title={t('cards.deleteTitle', { card: card.value })}
              confirmLabel={t('delete', { ns: 'common' })}
              destructive
              onConfirm={() => remove.mutateAsync(undefined)}
            >
              <p>{t('cards.deleteExplain')}</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </div>
  );
}

/** Cards with their state and, for those who may, block/unblock, reassign, delete and the check. */
export function CardsTable({
  cards,
  caption,
  showHolder = false,
  masterTokenId = null,
}: {
  cards: readonly Card[];
  caption: string;
  showHolder?: boolean;
  masterTokenId?: string | null;
}) {
  const { t } = useTranslation('accounts');
  const columns: Column<Card>[] = [
    {
      key: 'value',
      header: t('cards.uid'),
      rowHeader: true,
      render: (card) => (
        <>
          <code>{card.value}</code>
          {card.id === masterTokenId && (
            <>
              {' '}
              <StatusBadge tone="info">{t('companies.master')}</StatusBadge>
            </>
          )}
        </>
      ),
    },
    { key: 'label', header: t('cards.label'), render: (card) => card.label ?? '–' },
    { key: 'type', header: t('cards.type'), render: (card) => card.type },
  ];
  if (showHolder)
    columns.push({
      key: 'holder',
      header: t('cards.holder'),
      render: (card) =>
        card.userId !== null ? (
          <Link to={`/users/${card.userId}`}>{card.holderName ?? t('holderKinds.user')}</Link>
        ) : card.companyId !== null ? (
          <Link to={`/companies/${card.companyId}`}>{card.holderName ?? t('holderKinds.company')}</Link>
        ) : (
          t('holderKinds.none')
        ),
    });
  columns.push(
    { key: 'expires', header: t('cards.expires'), render: (card) => <DateTime value={card.expiresAt} /> },
    {
      key: 'status',
      header: t('fields.status'),
      render: (card) => (
        <StatusBadge tone={cardStatusTone(card.status)}>{t(`cardStatus.${card.status}`)}</StatusBadge>
      ),
    },
    {
      key: 'actions',
      header: t('actions', { ns: 'common' }),
      render: (card) => <CardActions card={card} canDelete={card.id !== masterTokenId} />,
    },
  );
  return (
    <DataTable
      caption={caption}
      rows={cards}
      rowKey={(card) => card.id}
      columns={columns}
      empty={t('cards.empty')}
    />
  );
}
