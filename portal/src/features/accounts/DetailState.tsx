import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiError } from '../../api/client';
import { ErrorNotice, PageHeader } from '../../ui';

/**
 * A detail page's loading and error states with a heading of their own, so the page keeps its h1
 * and title while it loads or when the row is gone (404) or forbidden.
 */
export function DetailState<T>({
  query,
  what,
  back,
  children,
}: {
  query: UseQueryResult<T, ApiError>;
  /** e.g. "Nutzer" */
  what: string;
  back: { to: string; label: string };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation('accounts');
  if (query.isPending)
    return (
      <>
        <PageHeader title={what} />
        <p className="loading" role="status">
          {t('loading', { ns: 'common' })}
        </p>
      </>
    );
  if (query.isError)
    return (
      <>
        <PageHeader title={query.error.status === 404 ? t('notFound', { what }) : what} />
        <ErrorNotice error={query.error} />
        <Link to={back.to}>{back.label}</Link>
      </>
    );
  return <>{children(query.data)}</>;
}
