import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useSession, useSessionContext } from '../../auth/session';
import { Button, ConfirmDialog, ErrorNotice, Notice, Section, StatusBadge, TextField } from '../../ui';
import { isTotpCode, normalizeTotpCode } from './password-rules';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** The secret in groups of four, easier to type into an app. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Staff: set up an authenticator app (QR code or typed key, confirmed by a code), or turn it off. */
export function TotpSection() {
  const { t } = useTranslation('settings');
  const session = useSession();
  const { refresh } = useSessionContext();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<'enabled' | 'disabled' | null>(null);
  const [password, setPassword] = useState('');

  const start = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setEnrolment(await api.post<Enrolment>('/auth/totp/setup'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const enable = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!isTotpCode(code)) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/totp/enable', { code: normalizeTotpCode(code) });
      setEnrolment(null);
      setCode('');
      setTried(false);
      setMessage('enabled');
      await refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const codeError =
    tried && !isTotpCode(code)
      ? t('totp.codeInvalid')
      : error instanceof ApiError && error.details?.field === 'code'
        ? error.detail
        : undefined;

  return (
    <Section title={t('totp.title')}>
      <dl className="facts">
        <dt>{t('totp.status')}</dt>
        <dd>
          <StatusBadge tone={session.totpEnabled ? 'ok' : 'muted'}>
            {session.totpEnabled ? t('totp.on') : t('totp.off')}
          </StatusBadge>
        </dd>
      </dl>
      {message !== null && <Notice tone="success">{t(`totp.${message}`)}</Notice>}
      {session.totpEnabled ? (
        <div>
          <ConfirmDialog
            triggerLabel={t('totp.disable')}
            title={t('totp.disableTitle')}
            confirmLabel={t('totp.disable')}
            destructive
            canConfirm={password !== ''}
            onConfirm={async () => {
              await api.post('/auth/totp/disable', { password });
              setPassword('');
              setMessage('disabled');
              await refresh();
            }}
          >
            <p>{t('totp.disableText')}</p>
            <TextField
              label={t('totp.disablePassword')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              autoFocus
            />
          </ConfirmDialog>
        </div>
      ) : enrolment === null ? (
        <div className="stack">
          <p>{t('totp.intro')}</p>
          <ErrorNotice error={error} />
          <div>
            <Button variant="primary" onPress={() => void start()} isDisabled={busy}>
              {t('totp.setUp')}
            </Button>
          </div>
        </div>
      ) : (
        <Form
          onSubmit={(event) => void enable(event)}
          className="stack narrow-form"
          validationBehavior="aria"
        >
          <p>{t('totp.scan')}</p>
          <img
            className="totp-qr"
            src={`data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`}
            alt={t('totp.qrAlt')}
            width={200}
            height={200}
          />
          <dl className="facts">
            <dt>{t('totp.secret')}</dt>
            <dd>
              <code className="totp-secret">{grouped(enrolment.secret)}</code>
            </dd>
          </dl>
          <TextField
            label={t('totp.code')}
            name="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
            errorMessage={codeError}
            isRequired
            autoFocus
          />
          {codeError === undefined && <ErrorNotice error={error} />}
          <div>
            <Button type="submit" variant="primary" isDisabled={busy}>
              {t('totp.enable')}
            </Button>
          </div>
        </Form>
      )}
    </Section>
  );
}
