import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { Button, ErrorNotice, Notice } from '../../ui';
import { NewPasswordFields } from './NewPasswordFields';
import { linkProblem, newPasswordProblems } from './password-rules';
import { PublicFrame } from './PublicFrame';

/** The page behind a reset or invitation link: a new password twice, then on to the log-in. */
export function SetPasswordPage() {
  const { t } = useTranslation('settings');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problems = newPasswordProblems(password, repeat);
  const refused = linkProblem(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ email: string }>('/auth/password-reset/confirm', {
        token,
        newPassword: password,
      });
      await navigate('/', { replace: true, state: { passwordSet: true, email: result.email } });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={t('setPassword.title')}>
      {refused !== undefined ? (
        <div className="stack">
          <Notice tone="error">{t(`setPassword.${refused}`)}</Notice>
          {refused !== 'inactive' && (
            <p>
              <Link to="/password-reset">{t('setPassword.requestNew')}</Link>
            </p>
          )}
        </div>
      ) : (
        <Form onSubmit={(event) => void submit(event)} className="stack" validationBehavior="aria">
          <p>{t('setPassword.intro')}</p>
          <NewPasswordFields
            password={password}
            repeat={repeat}
            onPassword={setPassword}
            onRepeat={setRepeat}
            problems={problems}
            showProblems={tried}
            autoFocus
          />
          <ErrorNotice error={error} />
          <Button type="submit" variant="primary" isDisabled={busy}>
            {t('setPassword.submit')}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/">{t('reset.backToLogin')}</Link>
      </p>
    </PublicFrame>
  );
}
