import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Button, ErrorNotice, Notice, TextField } from '../../ui';
import { PublicFrame } from './PublicFrame';

/** Asks for a set-password link by e-mail; answers the same whether or not the address has an account. */
export function PasswordResetPage() {
  const { t, i18n } = useTranslation('settings');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password-reset', { email, locale: i18n.language === 'en' ? 'en' : 'de' });
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t('reset.title')}>
      {sent ? (
        <Notice tone="success">{t('reset.sent')}</Notice>
      ) : (
        <Form onSubmit={(event) => void submit(event)} className="stack">
          <p>{t('reset.intro')}</p>
          <TextField
            label={t('reset.email')}
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            isRequired
            autoFocus
          />
          <ErrorNotice error={error} />
          <Button type="submit" variant="primary" isDisabled={busy}>
            {t('reset.submit')}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/">{t('reset.backToLogin')}</Link>
      </p>
    </PublicFrame>
  );
}
