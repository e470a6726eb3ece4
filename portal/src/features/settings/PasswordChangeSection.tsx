import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { Button, ErrorNotice, Notice, Section, TextField } from '../../ui';
import { NewPasswordFields } from './NewPasswordFields';
import { newPasswordProblems } from './password-rules';

/** Current password and the new one twice; the other log-ins of the person end on the server. */
export function PasswordChangeSection() {
  const { t } = useTranslation('settings');
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const problems = newPasswordProblems(password, repeat);
  const currentWrong =
    error instanceof ApiError && error.details?.field === 'currentPassword' ? error.detail : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setDone(false);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/auth/password', { currentPassword: current, newPassword: password });
      setDone(true);
      setTried(false);
      setCurrent('');
      setPassword('');
      setRepeat('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('account.changePassword')}>
      <Form onSubmit={(event) => void submit(event)} className="stack narrow-form" validationBehavior="aria">
        <TextField
          label={t('account.currentPassword')}
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          errorMessage={currentWrong}
          isRequired
        />
        <NewPasswordFields
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          problems={problems}
          showProblems={tried}
        />
        {currentWrong === undefined && <ErrorNotice error={error} />}
        {done && <Notice tone="success">{t('account.passwordChanged')}</Notice>}
        <div>
          <Button type="submit" variant="primary" isDisabled={busy}>
            {t('account.changePassword')}
          </Button>
        </div>
      </Form>
    </Section>
  );
}
