import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../ui';
import type { CompanyFormState } from './company-form';
import { useStrategies } from './lookups';

export function CompanyFields({
  form,
  onChange,
}: {
  form: CompanyFormState;
  onChange: (form: CompanyFormState) => void;
}) {
  const { t } = useTranslation('accounts');
  const strategies = useStrategies();
  const set = (key: keyof CompanyFormState) => (value: string) => onChange({ ...form, [key]: value });
  return (
    <>
      <TextField label={t('fields.name')} value={form.name} onChange={set('name')} isRequired autoFocus />
      <div className="row">
        <TextField label={t('fields.email')} type="email" value={form.email} onChange={set('email')} />
        <TextField label={t('companies.vatId')} value={form.vatId} onChange={set('vatId')} />
      </div>
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
      {strategies.data !== undefined && (
        <SelectField
          label={t('fields.strategy')}
          value={form.strategyId}
          onChange={set('strategyId')}
          isRequired
          emptyLabel={t('companies.chooseStrategy')}
          options={strategies.data
            .filter((s) => s.active || s.id === form.strategyId)
            .map((s) => ({ value: s.id, label: `${s.name} (${t(`strategyKinds.${s.kind}`)})` }))}
          description={t('companies.strategyHint')}
        />
      )}
    </>
  );
}
