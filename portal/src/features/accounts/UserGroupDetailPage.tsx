import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { ConfirmDialog, DataTable, PageHeader, QueryState, Section, StatusBadge } from '../../ui';
import { useAccountsAccess } from './access';
import { DetailState } from './DetailState';
import { FormDialog } from '../../ui/FormDialog';
import { userStatusTone } from './labels';
import { nameOf } from './lookups';
import type { User, UserGroup } from './types';
import { GroupFields, useTariffs } from './UserGroupsPage';

function GroupDetail({ group }: { group: UserGroup }) {
  const { t } = useTranslation('accounts');
  const access = useAccountsAccess();
  const navigate = useNavigate();
  const tariffs = useTariffs();
  const members = useApiQuery<User[]>(`/user-groups/${group.id}/members`);
  const [name, setName] = useState('');
  const [tariffId, setTariffId] = useState('');
  const patch = useApiMutation(
    (body: Record<string, unknown>) => api.patch<UserGroup>(`/user-groups/${group.id}`, body),
    ['/user-groups'],
  );
  const remove = useApiMutation(() => api.delete(`/user-groups/${group.id}`), ['/user-groups']);
  return (
    <>
      <PageHeader
        title={group.name}
        description={t('groups.one')}
        actions={
          access.manageAccounts ? (
            <>
              <FormDialog
                triggerLabel={t('edit', { ns: 'common' })}
                title={t('groups.editTitle', { name: group.name })}
                submitLabel={t('save', { ns: 'common' })}
                onOpen={() => {
                  setName(group.name);
                  setTariffId(group.tariffId ?? '');
                }}
                onSubmit={() =>
                  patch.mutateAsync({
                    name,
                    ...(access.readPricing ? { tariffId: tariffId === '' ? null : tariffId } : {}),
                  })
                }
              >
                <GroupFields name={name} tariffId={tariffId} onName={setName} onTariff={setTariffId} />
              </FormDialog>
              <ConfirmDialog
                triggerLabel={t('delete', { ns: 'common' })}
                title={t('groups.deleteTitle', { name: group.name })}
                confirmLabel={t('delete', { ns: 'common' })}
                destructive
                onConfirm={async () => {
                  await remove.mutateAsync(undefined);
                  await navigate('/user-groups');
                }}
              >
                <p>{t('groups.deleteExplain')}</p>
              </ConfirmDialog>
            </>
          ) : undefined
        }
      />
      <p>
        <Link to="/user-groups">{t('groups.back')}</Link>
      </p>
      {access.readPricing && (
        <Section title={t('groups.tariff')}>
          <p>
            {group.tariffId === null
              ? t('groups.noTariffExplain')
              : (nameOf(tariffs.data, group.tariffId) ?? '…')}
          </p>
        </Section>
      )}
      <Section title={t('groups.members')}>
        <QueryState query={members}>
          {(rows) => (
            <DataTable
              caption={t('groups.membersOf', { name: group.name })}
              captionHidden
              rows={rows}
              rowKey={(user) => user.id}
              empty={t('groups.noMembers')}
              columns={[
                {
                  key: 'name',
                  header: t('fields.name'),
                  rowHeader: true,
                  render: (user) => <Link to={`/users/${user.id}`}>{user.name}</Link>,
                },
                { key: 'email', header: t('fields.email'), render: (user) => user.email ?? '–' },
                {
                  key: 'status',
                  header: t('fields.status'),
                  render: (user) => (
                    <StatusBadge tone={userStatusTone(user.status)}>
                      {t(`userStatus.${user.status}`)}
                    </StatusBadge>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
        <p>{t('groups.addMembersHint')}</p>
      </Section>
    </>
  );
}

export function UserGroupDetailPage() {
  const { t } = useTranslation('accounts');
  const { userGroupId = '' } = useParams();
  const group = useApiQuery<UserGroup>(`/user-groups/${userGroupId}`);
  return (
    <DetailState query={group} what={t('groups.one')} back={{ to: '/user-groups', label: t('groups.back') }}>
      {(data) => <GroupDetail group={data} />}
    </DetailState>
  );
}
