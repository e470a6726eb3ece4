import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import {
  Button,
  ConfirmDialog,
  DataTable,
  ErrorNotice,
  PageHeader,
  QueryState,
  Section,
  TextField,
} from '../../ui';
import { deleteRefusal } from './placement-errors';
import type { Location } from './types';

interface Draft {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

const toDraft = (l?: Location): Draft => ({
  name: l?.name ?? '',
  street: l?.street ?? '',
  postalCode: l?.postalCode ?? '',
  city: l?.city ?? '',
  country: l?.country ?? 'DE',
});

const toBody = (d: Draft) => ({
  name: d.name.trim(),
  street: d.street.trim() === '' ? null : d.street.trim(),
  postalCode: d.postalCode.trim() === '' ? null : d.postalCode.trim(),
  city: d.city.trim() === '' ? null : d.city.trim(),
  country: d.country.trim().toUpperCase(),
});

/** Places where stations stand: list, create, edit, delete (stations:manage to change). */
export function LocationsPage() {
  const { t } = useTranslation('stations');
  const mayManage = useSession().permissions.includes('stations:manage');
  const locations = useApiQuery<Location[]>('/locations');
  const [editing, setEditing] = useState<Location | null>(null);
  const remove = useApiMutation((id: string) => api.delete(`/locations/${id}`), ['/locations']);
  return (
    <>
      <PageHeader title={t('places.locations')} description={t('places.locationsDescription')} />
      {mayManage && (
        <Section
          title={
            editing === null ? t('places.newLocation') : t('places.editLocation', { name: editing.name })
          }
        >
          <LocationForm
            key={editing?.id ?? 'new'}
            location={editing ?? undefined}
            onDone={() => setEditing(null)}
          />
        </Section>
      )}
      <QueryState query={locations}>
        {(rows) => (
          <DataTable
            caption={t('places.locations')}
            captionHidden
            rows={rows}
            rowKey={(l) => l.id}
            empty={t('places.noLocations')}
            columns={[
              { key: 'name', header: t('places.name'), rowHeader: true, render: (l) => l.name },
              {
                key: 'address',
                header: t('places.address'),
                render: (l) =>
                  [l.street, [l.postalCode, l.city].filter((x) => x !== null).join(' '), l.country]
                    .filter((x) => x !== null && x !== '')
                    .join(', '),
              },
              ...(mayManage
                ? [
                    {
                      key: 'actions',
                      header: t('actions'),
                      render: (l: Location) => (
                        <span className="cell-actions">
                          <Button
                            onPress={() => setEditing(l)}
                            aria-label={t('places.editNamed', { name: l.name })}
                          >
                            {t('common:edit')}
                          </Button>
                          <ConfirmDialog
                            triggerLabel={t('places.deleteNamed', { name: l.name })}
                            title={t('places.deleteLocationTitle', { name: l.name })}
                            confirmLabel={t('common:delete')}
                            destructive
                            onConfirm={async () => {
                              try {
                                await remove.mutateAsync(l.id);
                              } catch (error) {
                                throw deleteRefusal(error, t, 'location');
                              }
                            }}
                          >
                            <p>{t('places.deleteExplain')}</p>
                          </ConfirmDialog>
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function LocationForm({ location, onDone }: { location: Location | undefined; onDone: () => void }) {
  const { t } = useTranslation('stations');
  const [draft, setDraft] = useState<Draft>(toDraft(location));
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(
    (body: ReturnType<typeof toBody>) =>
      location === undefined ? api.post('/locations', body) : api.patch(`/locations/${location.id}`, body),
    ['/locations'],
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await save.mutateAsync(toBody(draft));
    setSaved(true);
    if (location === undefined) setDraft(toDraft());
    else onDone();
  };
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (value: string) => setDraft({ ...draft, [key]: value }),
  });
  return (
    <form className="stack" onSubmit={(event) => void submit(event).catch(() => undefined)}>
      <div className="row">
        <TextField label={t('places.name')} isRequired {...field('name')} />
        <TextField label={t('places.street')} {...field('street')} />
        <TextField label={t('places.postalCode')} {...field('postalCode')} />
        <TextField label={t('places.city')} {...field('city')} />
        <TextField label={t('places.country')} description={t('places.countryHint')} {...field('country')} />
      </div>
      <ErrorNotice error={save.error} />
      {saved && <p role="status">{t('common:saved')}</p>}
      <div className="cell-actions">
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {location === undefined ? t('common:create') : t('common:save')}
        </Button>
        {location !== undefined && <Button onPress={onDone}>{t('common:cancel')}</Button>}
      </div>
    </form>
  );
}
