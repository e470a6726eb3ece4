import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { SelectField, TextField } from '../../ui';
import { FormDialog } from '../../ui/FormDialog';
import { optionsOf, useCompanies } from './lookups';
import type { Card, HolderKind, User } from './types';

/** Gives a card to another user, to a company directly, or to nobody (audited by the server). */
export function ReassignCardDialog({ card }: { card: Card }) {
  const { t } = useTranslation('accounts');
  const [kind, setKind] = useState<HolderKind>('user');
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [open, setOpen] = useState(false);
  const users = useApiQuery<User[]>(open && kind === 'user' ? '/users' : null, { q: search, limit: 50 });
  const companies = useCompanies();
  const reassign = useApiMutation(
    (body: Record<string, unknown>) => api.patch<Card>(`/auth-tokens/${card.id}`, body),
    ['/users', '/companies', '/auth-tokens'],
  );
  return (
    <FormDialog
      triggerLabel={t('cards.reassign')}
      title={t('cards.reassignTitle', { card: card.value })}
      submitLabel={t('cards.reassignSubmit')}
      onOpen={() => {
        setOpen(true);
        setKind(card.companyId !== null ? 'company' : card.userId !== null ? 'user' : 'none');
        setSearch('');
        setUserId(card.userId ?? '');
        setCompanyId(card.companyId ?? '');
      }}
      onSubmit={async () => {
        if (kind === 'user' && userId === '') throw new Error(t('cards.chooseUser'));
        if (kind === 'company' && companyId === '') throw new Error(t('cards.chooseCompany'));
        const body =
          kind === 'user'
            ? { userId }
            : kind === 'company'
              ? { companyId }
              : { userId: null, companyId: null };
        await reassign.mutateAsync(body);
      }}
    >
      <SelectField
        label={t('cards.holderKind')}
        value={kind}
        onChange={(value) => setKind(value as HolderKind)}
        options={[
          { value: 'user', label: t('holderKinds.user') },
          { value: 'company', label: t('holderKinds.company') },
          { value: 'none', label: t('holderKinds.none') },
        ]}
      />
      {kind === 'user' && (
        <>
          <TextField label={t('cards.searchUser')} value={search} onChange={setSearch} />
          <SelectField
            label={t('cards.user')}
            value={userId}
            onChange={setUserId}
            emptyLabel={t('cards.chooseUser')}
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: u.email === null ? u.name : `${u.name} (${u.email})`,
            }))}
          />
        </>
      )}
      {kind === 'company' && (
        <SelectField
          label={t('fields.company')}
          value={companyId}
          onChange={setCompanyId}
          emptyLabel={t('cards.chooseCompany')}
          options={optionsOf(companies.data)}
        />
      )}
    </FormDialog>
  );
}
