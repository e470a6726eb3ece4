import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { invalidatePath, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Button, ErrorNotice, Notice, PageHeader, QueryState, Section, TextField } from '../../ui';
import { useInstitutionChoice } from './institution';
import type { BillingProfile } from './types';

const FIELDS = [
  'legalName',
  'street',
  'postalCode',
  'city',
  'country',
  'vatId',
  'taxNumber',
  'billingEmail',
  'iban',
  'bic',
] as const;
type Field = (typeof FIELDS)[number];

/** The issuer on invoices and receipts; read with billing:read, changed with billing:manage. */
export function BillingProfilePage() {
  const { t } = useTranslation('billing');
  const { institutionId, picker } = useInstitutionChoice();
  const profile = useApiQuery<BillingProfile>(
    institutionId === null ? null : `/institutions/${institutionId}/billing-profile`,
  );
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      {picker !== null && <div className="filter-bar">{picker}</div>}
      {institutionId !== null && (
        <QueryState query={profile}>
          {(data) => <ProfileForm key={data.institutionId} profile={data} />}
        </QueryState>
      )}
    </>
  );
}

function ProfileForm({ profile }: { profile: BillingProfile }) {
  const { t } = useTranslation('billing');
  const session = useSession();
  const client = useQueryClient();
  const mayManage = session.permissions.includes('billing:manage');
  const [values, setValues] = useState<Record<Field, string>>(() => valuesOf(profile));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      // Only what changed is sent; an emptied field clears (null), as the API defines.
      const changes: Record<string, string | null> = {};
      for (const field of FIELDS) {
        const value = values[field].trim();
        if (value === (profile[field] ?? '')) continue;
        changes[field] = field === 'country' ? value.toUpperCase() : value === '' ? null : value;
      }
      const updated = await api.put<BillingProfile>(
        `/institutions/${profile.institutionId}/billing-profile`,
        changes,
      );
      // The server normalises (an IBAN without spaces): show what it stored.
      setValues(valuesOf(updated));
      setSaved(true);
      await invalidatePath(client, `/institutions/${profile.institutionId}/billing-profile`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('profile.title')}>
      {profile.missing.length > 0 ? (
        <Notice tone="warning">
          {t('profile.missing', { fields: profile.missing.map((f) => labelOf(f, t)).join(', ') })}
        </Notice>
      ) : (
        <Notice tone="success">{t('profile.complete')}</Notice>
      )}
      {!mayManage && <p className="page-description">{t('profile.readOnly')}</p>}
      <form className="stack" onSubmit={(event) => void submit(event)} aria-label={t('profile.title')}>
        <div className="grid">
          {FIELDS.map((field) => (
            <TextField
              key={field}
              label={t(`profile.${field}`)}
              value={values[field]}
              onChange={(value) => setValues({ ...values, [field]: value })}
              isReadOnly={!mayManage}
              type={field === 'billingEmail' ? 'email' : 'text'}
            />
          ))}
        </div>
        <ErrorNotice error={error} />
        {saved && <Notice tone="success">{t('profile.saved')}</Notice>}
        {mayManage && (
          <div className="row">
            <Button type="submit" variant="primary" isDisabled={busy}>
              {t('save', { ns: 'common' })}
            </Button>
          </div>
        )}
      </form>
    </Section>
  );
}

function valuesOf(profile: BillingProfile): Record<Field, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, profile[f] ?? ''])) as Record<Field, string>;
}

/** The API names missing fields by their property (or "vatId or taxNumber"); show the labels. */
function labelOf(missing: string, t: (key: string) => string): string {
  return missing
    .split(/\s+or\s+|\s*\|\s*/)
    .map((part) => ((FIELDS as readonly string[]).includes(part) ? t(`profile.${part}`) : part))
    .join(' / ');
}
