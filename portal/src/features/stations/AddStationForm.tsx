import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { Button, ErrorNotice, SelectField, TextField } from '../../ui';
import { PasswordNotice } from './PasswordNotice';
import type { Location, StationGroup, WithPassword } from './types';

type Naming = 'prefix' | 'names';

/** Registers a station; the server generates its password and shows it this once. */
export function AddStationForm({ locations, groups }: { locations: Location[]; groups: StationGroup[] }) {
  const { t } = useTranslation('stations');
  const [chargeBoxId, setChargeBoxId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'locker' | 'charge_point'>('locker');
  const [count, setCount] = useState('4');
  const [naming, setNaming] = useState<Naming>('prefix');
  const [prefix, setPrefix] = useState('');
  const [names, setNames] = useState('');
  const [locationId, setLocationId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [created, setCreated] = useState<WithPassword | null>(null);
  const create = useApiMutation(
    (body: Record<string, unknown>) => api.post<WithPassword>('/stations', body),
    ['/stations', '/dashboard'],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chargePoints =
      naming === 'names'
        ? names
            .split(/[\s,;]+/)
            .map((n) => n.trim())
            .filter((n) => n !== '')
        : Number(count);
    const result = await create.mutateAsync({
      chargeBoxId: chargeBoxId.trim(),
      name: name.trim() === '' ? null : name.trim(),
      kind,
      chargePoints,
      ...(naming === 'prefix' && prefix.trim() !== '' ? { shortNamePrefix: prefix.trim() } : {}),
      locationId: locationId === '' ? null : locationId,
      groupId: groupId === '' ? null : groupId,
    });
    setCreated(result);
    setChargeBoxId('');
    setName('');
    setNames('');
  };

  return (
    <div className="stack">
      {created !== null && (
        <div className="stack">
          <p role="status">
            {t('add.created', { chargeBoxId: created.station.chargeBoxId })}{' '}
            <Link to={`/stations/${created.station.id}`}>{t('add.open')}</Link>
          </p>
          {created.generatedPassword !== null && (
            <PasswordNotice chargeBoxId={created.station.chargeBoxId} password={created.generatedPassword} />
          )}
        </div>
      )}
      <form className="stack" onSubmit={(event) => void submit(event).catch(() => undefined)}>
        <div className="row">
          <TextField
            label={t('add.chargeBoxId')}
            description={t('add.chargeBoxIdHint')}
            value={chargeBoxId}
            onChange={setChargeBoxId}
            isRequired
          />
          <TextField label={t('add.name')} value={name} onChange={setName} />
          <SelectField
            label={t('add.kind')}
            value={kind}
            onChange={(value) => setKind(value as typeof kind)}
            options={[
              { value: 'locker', label: t('kind.locker') },
              { value: 'charge_point', label: t('kind.charge_point') },
            ]}
          />
        </div>
        <div className="row">
          <SelectField
            label={t('add.naming')}
            value={naming}
            onChange={(value) => setNaming(value as Naming)}
            options={[
              { value: 'prefix', label: t('add.namingPrefix') },
              { value: 'names', label: t('add.namingNames') },
            ]}
          />
          {naming === 'prefix' ? (
            <>
              <TextField
                label={kind === 'locker' ? t('add.compartments') : t('add.connectors')}
                inputMode="numeric"
                value={count}
                onChange={setCount}
                isRequired
              />
              <TextField
                label={t('add.prefix')}
                description={t('add.prefixHint')}
                value={prefix}
                onChange={setPrefix}
              />
            </>
          ) : (
            <TextField
              label={t('add.names')}
              description={t('add.namesHint')}
              value={names}
              onChange={setNames}
              isRequired
            />
          )}
        </div>
        <div className="row">
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
        <ErrorNotice error={create.error} />
        <div>
          <Button type="submit" variant="primary" isDisabled={create.isPending}>
            {t('add.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
