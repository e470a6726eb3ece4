import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { Button, ConfirmDialog, ErrorNotice, Notice, Section, SelectField, TextField } from '../../ui';
import { PasswordNotice } from './PasswordNotice';
import type { Location, StationDetail, StationGroup, WithPassword } from './types';

/** Name, location and group of a station, and a new password (stations:manage). */
export function EditStation({
  station,
  locations,
  groups,
}: {
  station: StationDetail;
  locations: Location[];
  groups: StationGroup[];
}) {
  const { t } = useTranslation('stations');
  const [name, setName] = useState(station.name ?? '');
  const [locationId, setLocationId] = useState(station.locationId ?? '');
  const [groupId, setGroupId] = useState(station.groupId ?? '');
  const [saved, setSaved] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const save = useApiMutation(
    () =>
      api.patch<StationDetail>(`/stations/${station.id}`, {
        name: name.trim() === '' ? null : name.trim(),
        locationId: locationId === '' ? null : locationId,
        groupId: groupId === '' ? null : groupId,
      }),
    ['/stations', '/dashboard'],
  );
  const rotate = useApiMutation(() => api.put<WithPassword>(`/stations/${station.id}/password`, {}), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await save.mutateAsync(undefined);
    setSaved(true);
  };
  return (
    <Section title={t('edit.title')}>
      <form className="stack" onSubmit={(event) => void submit(event).catch(() => undefined)}>
        <div className="row">
          <TextField label={t('add.name')} value={name} onChange={setName} />
          <SelectField
            label={t('location')}
            value={locationId}
            onChange={setLocationId}
            emptyLabel={t('unassigned')}
            options={locations.map((l) => ({ value: l.id, label: l.name }))}
          />
          <SelectField
            label={t('group')}
            value={groupId}
            onChange={setGroupId}
            emptyLabel={t('unassigned')}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
          />
        </div>
        <ErrorNotice error={save.error} />
        {saved && <Notice tone="success">{t('common:saved')}</Notice>}
        <div>
          <Button type="submit" variant="primary" isDisabled={save.isPending}>
            {t('common:save')}
          </Button>
        </div>
      </form>
      <h3>{t('password.title')}</h3>
      <p>{t('password.explain')}</p>
      {password !== null && <PasswordNotice chargeBoxId={station.chargeBoxId} password={password} />}
      <ConfirmDialog
        triggerLabel={t('password.rotate')}
        title={t('password.rotateTitle', { chargeBoxId: station.chargeBoxId })}
        confirmLabel={t('password.rotate')}
        destructive
        onConfirm={async () => setPassword((await rotate.mutateAsync(undefined)).generatedPassword)}
      >
        <p>{t('password.rotateExplain')}</p>
      </ConfirmDialog>
    </Section>
  );
}
