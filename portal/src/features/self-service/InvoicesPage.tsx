import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { Notice, PageHeader, QueryState } from '../../ui';
import { DocumentsTable, ME } from './parts';
import type { MyDocument, Profile } from './types';

export function InvoicesPage() {
  const { t } = useTranslation('self-service');
  const profile = useApiQuery<Profile>(ME);
  const documents = useApiQuery<MyDocument[]>(`${ME}/documents`);
  return (
    <div className="self-area">
      <PageHeader title={t('documents.title')} description={t('documents.description')} />
      {profile.data?.billedTo === 'company' && <Notice tone="info">{t('documents.companyHint')}</Notice>}
      <QueryState query={documents}>
        {(rows) => (
          <DocumentsTable documents={rows} caption={t('documents.caption')} pdfPath={`${ME}/documents`} />
        )}
      </QueryState>
    </div>
  );
}
