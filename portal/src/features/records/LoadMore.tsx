import { useTranslation } from 'react-i18next';
import { Button } from '../../ui';

/**
 * "Load more" for lists that grow their limit: shown while the last answer was full, i.e. there may
 * be more. Growing the limit (instead of appending pages) keeps live refreshes consistent.
 */
export function LoadMore({ shown, limit, onMore }: { shown: number; limit: number; onMore: () => void }) {
  const { t } = useTranslation();
  if (shown < limit) return null;
  return (
    <div className="row load-more">
      <Button onPress={onMore}>{t('loadMore')}</Button>
    </div>
  );
}
