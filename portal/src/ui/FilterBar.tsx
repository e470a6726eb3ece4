import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';

/** A row of filters (a search landmark); applies on submit, so typing does not refetch per key. */
export function FilterBar({
  label,
  children,
  onApply,
  onReset,
}: {
  label: string;
  children: ReactNode;
  onApply?: () => void;
  onReset?: () => void;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply?.();
  };
  return (
    <form role="search" aria-label={label} className="filter-bar" onSubmit={submit}>
      {children}
      <div className="filter-actions">
        {onApply !== undefined && (
          <Button type="submit" variant="primary">
            {t('filter')}
          </Button>
        )}
        {onReset !== undefined && <Button onPress={onReset}>{t('resetFilters')}</Button>}
      </div>
    </form>
  );
}
