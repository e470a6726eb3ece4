import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { DataTable, PageHeader, QueryState, SelectField, TextField } from '../../ui';
import { useAccountsAccess } from './access';
import { FormDialog } from '../../ui/FormDialog';
import { nameOf, optionsOf, useGroups } from './lookups';
import type { Tariff, UserGroup } from './types';

/** Tariffs need pricing:read; without it the group's tariff is not shown. */
export function useTariffs() {
  const { readPricing } = useAccountsAccess();
  return useApiQuery<Tariff[]>(readPricing ? '/tariffs' : null);
}

/** The fields of a group: its name and the tariff its members are charged. */
export function GroupFields({
  name,
  tariffId,
  onName,
  onTariff,
}: {
  name: string;
  tariffId: string;
  onName: (value: string) => void;
  onTariff: (value: string) => void;
}) {
  const { t } = useTranslation('accounts');
  const tariffs = useTariffs();
  return (
    <>
      <TextField label={t('fields.name')} value={name} onChange={onName} isRequired autoFocus />
      {tariffs.data !== undefined && (
        <SelectField
          label={t('groups.tariff')}
          value={tariffId}
          onChange={onTariff}
          options={optionsOf(tariffs.data)}
          emptyLabel={t('groups.noTariff')}
          description={t('groups.tariffHint')}
        />
      )}
    </>
  );
}

export function UserGroupsPage() {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const navigate = useNavigate();
  const groups = useGroups();
  const tariffs = useTariffs();
  const [name, setName] = useState('');
  const [tariffId, setTariffId] = useState('');
  const create = useApiMutation(
    (body: Record<string, unknown>) => api.post<UserGroup>('/user-groups', body),
    ['/user-groups'],
  );
  return (
    <>
      <PageHeader
        title={t('groups.title')}
        description={t('groups.description')}
        actions={
          access.manageAccounts ? (
            <FormDialog
              triggerLabel={t('groups.create')}
              triggerVariant="primary"
              title={t('groups.create')}
              submitLabel={t('create', { ns: 'common' })}
              onOpen={() => {
                setName('');
                setTariffId('');
              }}
              onSubmit={async () => {
                const group = await create.mutateAsync({ name, tariffId: tariffId === '' ? null : tariffId });
                await navigate(`/user-groups/${group.id}`);
              }}
            >
              <GroupFields name={name} tariffId={tariffId} onName={setName} onTariff={setTariffId} />
            </FormDialog>
          ) : undefined
        }
      />
      <QueryState query={groups}>
        {(rows) => (
          <DataTable
            caption={t('groups.title')}
            captionHidden
            rows={rows}
            rowKey={(group) => group.id}
            empty={t('groups.empty')}
            columns={[
              {
                key: 'name',
                header: t('fields.name'),
                rowHeader: true,
                render: (group) => <Link to={`/user-groups/${group.id}`}>{group.name}</Link>,
              },
              ...(access.readPricing
                ? [
                    {
                      key: 'tariff',
                      header: t('groups.tariff'),
                      render: (group: UserGroup) =>
                        nameOf(tariffs.data, group.tariffId) ?? t('groups.noTariff'),
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
