import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, ApiError } from '../api/client';
import { Button, ErrorNotice, Notice, TextField } from '../ui';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { useSessionContext } from './session';

/** E-mail and password; a second step asks for the TOTP code when the account has one. */
export function LoginPage() {
  const { t } = useTranslation('settings');
  const { refresh } = useSessionContext();
  // Arriving from a set-password link: say so, and fill in the e-mail.
  const arrival = useLocation().state as { passwordSet?: boolean; email?: string } | null;
  const [email, setEmail] = useState(arrival?.email ?? '');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/login', { email, password, ...(needsCode ? { totpCode } : {}) });
      await refresh();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'totp_required') setNeedsCode(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-shell">
      <header className="login-header">
        <p className="brand">Fachwerk</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="login-main">
        <h1>{t('login.title')}</h1>
        {arrival?.passwordSet === true && <Notice tone="success">{t('login.passwordSet')}</Notice>}
        <Form onSubmit={(event) => void submit(event)} className="stack">
          <TextField
            label={t('login.email')}
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            isRequired
            autoFocus
          />
          <TextField
            label={t('login.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            isRequired
          />
          {needsCode && (
            <>
              <Notice tone="info">{t('login.totpHint')}</Notice>
              <TextField
                label={t('login.totpCode')}
                name="totpCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={totpCode}
                onChange={setTotpCode}
                isRequired
                autoFocus
              />
            </>
          )}
          <ErrorNotice error={error} />
          <Button type="submit" variant="primary" isDisabled={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <p>
          <Link to="/password-reset">{t('login.forgot')}</Link>
        </p>
      </main>
    </div>
  );
}
