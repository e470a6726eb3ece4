import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { SelectField, TextField } from '../../ui';
import { expiryFromDate } from './card-expiry';
import { FormDialog } from '../../ui/FormDialog';
import type { Card } from './types';

const TYPES = ['ISO14443', 'ISO15693', 'KeyCode', 'Central', 'eMAID', 'Local', 'MacAddress'] as const;

/** Registers a card for a user or a company: UID as the reader shows it, label, last valid day. */
export function AddCardDialog({ holder }: { holder: { userId: string } | { companyId: string } }) {
  const { t } = useTranslation('accounts');
  const [value, setValue] = useState('');
  const [type, setType] = useState<string>('ISO14443');
  const [label, setLabel] = useState('');
  const [validThrough, setValidThrough] = useState('');
  const [dateError, setDateError] = useState<string | undefined>();
  const add = useApiMutation(
    (body: Record<string, unknown>) => api.post<Card>('/auth-tokens', body),
    ['/users', '/companies', '/auth-tokens'],
  );
  return (
    <FormDialog
      triggerLabel={t('cards.add')}
      title={t('cards.add')}
      submitLabel={t('cards.addSubmit')}
      onOpen={() => {
        setValue('');
        setType('ISO14443');
        setLabel('');
        setValidThrough('');
        setDateError(undefined);
      }}
      onSubmit={async () => {
        const expiresAt = expiryFromDate(validThrough);
        if (expiresAt === undefined) {
          setDateError(t('cards.validThroughInvalid'));
          throw new Error(t('cards.validThroughInvalid'));
        }
        setDateError(undefined);
        await add.mutateAsync({
          ...holder,
          value,
          type,
          label: label.trim() === '' ? null : label.trim(),
          expiresAt,
        });
      }}
    >
      <TextField
        label={t('cards.uid')}
        description={t('cards.uidHint')}
        value={value}
        onChange={setValue}
        isRequired
        autoFocus
      />
      <SelectField
        label={t('cards.type')}
        value={type}
        onChange={setType}
        options={TYPES.map((v) => ({ value: v, label: v }))}
      />
      <TextField label={t('cards.label')} value={label} onChange={setLabel} />
      <TextField
        label={t('cards.validThrough')}
        description={t('cards.validThroughHint')}
        type="date"
        value={validThrough}
        onChange={setValidThrough}
        errorMessage={dateError}
      />
    </FormDialog>
  );
}
