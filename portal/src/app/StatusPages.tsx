import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../ui';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound')} />
      <Link to="/">{t('backHome')}</Link>
    </>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('forbidden')} />
      <Link to="/">{t('backHome')}</Link>
    </>
  );
}
