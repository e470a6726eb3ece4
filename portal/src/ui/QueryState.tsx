import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { ErrorNotice } from './Notice';

/** Loading and error states of a query, the same on every page; renders children with the data. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T, ApiError>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending)
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  if (query.isError) return <ErrorNotice error={query.error} />;
  return <>{children(query.data)}</>;
}
