import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui';
import type { NewPasswordProblems } from './password-rules';

/** New password twice; problems are shown once the person tried to submit. */
export function NewPasswordFields(props: {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  problems: NewPasswordProblems;
  showProblems: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation('settings');
  const problem = (key: string | undefined) => (props.showProblems && key !== undefined ? t(key) : undefined);
  return (
    <>
      <TextField
        label={t('password.new')}
        type="password"
        name="new-password"
        autoComplete="new-password"
        description={t('password.rule')}
        value={props.password}
        onChange={props.onPassword}
        errorMessage={problem(props.problems.password)}
        isRequired
        autoFocus={props.autoFocus}
      />
      <TextField
        label={t('password.repeat')}
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        value={props.repeat}
        onChange={props.onRepeat}
        errorMessage={problem(props.problems.repeat)}
        isRequired
      />
    </>
  );
}
