import { useTranslation } from 'react-i18next';
import { Notice } from '../../ui';
import type { ShownOutcome } from './commands';

/** The last command's outcome in words; announced when it changes. */
export function CommandOutcomeNotice({ shown }: { shown: ShownOutcome | null }) {
  const { t } = useTranslation('stations');
  if (shown === null) return null;
  const { outcome } = shown;
  const status =
    outcome.status === undefined ? '' : t(`result.${outcome.status}`, { defaultValue: outcome.status });
  return (
    <Notice tone={outcome.tone}>
      <strong>{shown.label}:</strong> {t(`outcome.${outcome.key}`, { status, detail: outcome.detail ?? '' })}
    </Notice>
  );
}
