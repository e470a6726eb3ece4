import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** A message in the page: errors are announced at once (role=alert), the rest politely. */
export function Notice({
  tone,
  children,
}: {
  tone: 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** What went wrong, in the server's words (problem+json detail). */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const text =
    error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <Notice tone="error">
      <strong>{t('error')}:</strong> {text}
    </Notice>
  );
}
