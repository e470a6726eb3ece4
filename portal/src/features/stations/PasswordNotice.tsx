import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice } from '../../ui';

/** A station password the server generated: shown once, with a way to copy it. */
export function PasswordNotice({ chargeBoxId, password }: { chargeBoxId: string; password: string }) {
  const { t } = useTranslation('stations');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): the password stays selectable on the page.
      setCopied(false);
    }
  };
  return (
    <Notice tone="warning">
      <p>{t('password.generated', { chargeBoxId })}</p>
      <p>
        <code className="secret" aria-label={t('password.label')}>
          {password}
        </code>
      </p>
      <p>{t('password.copyHint')}</p>
      <Button onPress={() => void copy()}>{copied ? t('password.copied') : t('password.copy')}</Button>
    </Notice>
  );
}
