import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { PageHeader, QueryState } from '../../ui';
import { CardList, ME } from './parts';
import type { MyCard } from './types';

export function CardsPage() {
  const { t } = useTranslation('self-service');
  const cards = useApiQuery<MyCard[]>(`${ME}/cards`);
  return (
    <div className="self-area">
      <PageHeader title={t('cards.title')} description={t('cards.description')} />
      <QueryState query={cards}>
        {(rows) => (
          <CardList
            cards={rows}
            blockPath={`${ME}/cards`}
            explain={t('cards.blockExplain')}
            empty={t('cards.empty')}
          />
        )}
      </QueryState>
    </div>
  );
}
