import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { SelectField, TextField } from '../../ui';
import { FormDialog } from '../../ui/FormDialog';
import { MIN_PASSWORD } from './password-rules';
import { INSTITUTION_ROLES, type Institution, type StaffAccount, type StaffRole } from './types';

const EMPTY = {
  email: '',
  name: '',
  role: 'service_technician' as StaffRole,
  institutionId: '',
  password: '',
};

/** A new staff account: institution admins in their own institution, the platform in any (or a platform admin). */
export function StaffCreateDialog({
  institutions,
  onCreated,
}: {
  /** Set for the platform: where the account goes. */
  institutions: Institution[] | null;
  onCreated: (row: StaffAccount) => void;
}) {
  const { t } = useTranslation('settings');
  const [form, setForm] = useState(EMPTY);
  const [tried, setTried] = useState(false);
  const create = useApiMutation(
    (body: Record<string, unknown>) => api.post<StaffAccount>('/staff', body),
    ['/staff'],
  );
  const platform = institutions !== null;
  const roles: readonly StaffRole[] = platform ? [...INSTITUTION_ROLES, 'platform_admin'] : INSTITUTION_ROLES;
  const needsInstitution = platform && form.role !== 'platform_admin';
  const problems = {
    email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim()) ? undefined : t('staff.emailInvalid'),
    password: form.password.length < MIN_PASSWORD ? t('password.tooShort') : undefined,
    institutionId: needsInstitution && form.institutionId === '' ? t('staff.institutionMissing') : undefined,
  };
  const shown = (message: string | undefined) => (tried ? message : undefined);

  return (
    <FormDialog
      triggerLabel={t('staff.create')}
      triggerVariant="primary"
      title={t('staff.createTitle')}
      submitLabel={t('create', { ns: 'common' })}
      onOpen={() => {
        setForm(EMPTY);
        setTried(false);
      }}
      onSubmit={async () => {
        setTried(true);
        if (Object.values(problems).some((problem) => problem !== undefined)) {
          throw new Error(Object.values(problems).find((problem) => problem !== undefined));
        }
        const row = await create.mutateAsync({
          email: form.email.trim(),
          name: form.name.trim(),
          role: form.role,
          password: form.password,
          ...(needsInstitution ? { institutionId: form.institutionId } : {}),
        });
        onCreated(row);
      }}
    >
      <div className="stack">
        <TextField
          label={t('staff.email')}
          type="email"
          autoComplete="off"
          value={form.email}
          onChange={(email) => setForm({ ...form, email })}
          errorMessage={shown(problems.email)}
          isRequired
          autoFocus
        />
        <TextField
          label={t('staff.name')}
          value={form.name}
          onChange={(name) => setForm({ ...form, name })}
        />
        <SelectField
          label={t('staff.role')}
          value={form.role}
          onChange={(role) => setForm({ ...form, role: role as StaffRole })}
          options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          isRequired
        />
        {needsInstitution && (
          <SelectField
            label={t('staff.institution')}
            value={form.institutionId}
            onChange={(institutionId) => setForm({ ...form, institutionId })}
            emptyLabel={t('staff.chooseInstitution')}
            options={institutions.map((institution) => ({ value: institution.id, label: institution.name }))}
            description={shown(problems.institutionId)}
            isRequired
          />
        )}
        <TextField
          label={t('staff.initialPassword')}
          type="password"
          autoComplete="new-password"
          description={t('staff.initialPasswordHint')}
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
          errorMessage={shown(problems.password)}
          isRequired
        />
      </div>
    </FormDialog>
  );
}
