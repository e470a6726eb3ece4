import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../ui';
import { optionsOf, useCompanies, useGroups, useStrategies } from './lookups';
import type { UserFormState } from './user-form';

/** The fields of a user (create and edit): contact, address, group and who pays. */
export function UserFields({
  form,
  onChange,
}: {
  form: UserFormState;
  onChange: (form: UserFormState) => void;
}) {
  const { t } = useTranslation('accounts');
  const groups = useGroups();
  const companies = useCompanies();
  const strategies = useStrategies();
  const set =
    <K extends keyof UserFormState>(key: K) =>
    (value: UserFormState[K]) =>
      onChange({ ...form, [key]: value });
  return (
    <>
      <TextField label={t('fields.name')} value={form.name} onChange={set('name')} isRequired autoFocus />
      <div className="row">
        <TextField label={t('fields.email')} type="email" value={form.email} onChange={set('email')} />
        <TextField label={t('fields.phone')} type="tel" value={form.phone} onChange={set('phone')} />
      </div>
      <SelectField
        label={t('fields.locale')}
        value={form.locale}
        onChange={(value) => set('locale')(value === 'en' ? 'en' : 'de')}
        options={[
          { value: 'de', label: t('locales.de') },
          { value: 'en', label: t('locales.en') },
        ]}
      />
      <TextField label={t('fields.street')} value={form.street} onChange={set('street')} />
      <div className="row">
        <TextField label={t('fields.postalCode')} value={form.postalCode} onChange={set('postalCode')} />
        <TextField label={t('fields.city')} value={form.city} onChange={set('city')} />
        <TextField
          label={t('fields.country')}
          value={form.country}
          onChange={set('country')}
          description={t('fields.countryHint')}
        />
      </div>
      <SelectField
        label={t('fields.group')}
        value={form.groupId}
        onChange={set('groupId')}
        options={optionsOf(groups.data)}
        emptyLabel={t('none')}
      />
      <SelectField
        label={t('fields.company')}
        value={form.companyId}
        onChange={set('companyId')}
        options={optionsOf(companies.data)}
        emptyLabel={t('none')}
        description={t('fields.companyHint')}
      />
      {form.companyId === '' && strategies.data !== undefined && (
        <SelectField
          label={t('fields.strategy')}
          value={form.strategyId}
          onChange={set('strategyId')}
          options={strategies.data
            .filter((s) => s.active || s.id === form.strategyId)
            .map((s) => ({ value: s.id, label: `${s.name} (${t(`strategyKinds.${s.kind}`)})` }))}
          emptyLabel={t('noOwnAccount')}
          description={t('fields.strategyHint')}
        />
      )}
    </>
  );
}
