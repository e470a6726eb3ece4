import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { ConfirmDialog, DataTable, Notice, PageHeader, QueryState, SelectField, StatusBadge } from '../../ui';
import { FormDialog } from '../../ui/FormDialog';
import { StaffCreateDialog } from './StaffCreateDialog';
import { INSTITUTION_ROLES, type Institution, type StaffAccount, type StaffRole } from './types';

const displayName = (row: StaffAccount) => (row.name.trim() === '' ? row.email : row.name);

/** Staff accounts of the institution (the platform: of every institution): create, role, block, 2FA reset. */
export function StaffPage() {
  const { t } = useTranslation('settings');
  const session = useSession();
  const platform = session.permissions.includes('institutions:manage');
  const staff = useApiQuery<StaffAccount[]>('/staff');
  const institutions = useApiQuery<Institution[]>(platform ? '/institutions' : null);
  const [created, setCreated] = useState<string | null>(null);
  const institutionName = (id: string | null) =>
    id === null ? '–' : (institutions.data?.find((row) => row.id === id)?.name ?? id);

  return (
    <>
      <PageHeader
        title={t('staff.title')}
        description={t('staff.description')}
        actions={
          <StaffCreateDialog
            institutions={platform ? (institutions.data ?? []) : null}
            onCreated={(row) => setCreated(row.email)}
          />
        }
      />
      {created !== null && <Notice tone="success">{t('staff.created', { email: created })}</Notice>}
      <QueryState query={staff}>
        {(rows) => (
          <DataTable
            caption={t('staff.caption')}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'name',
                header: t('staff.name'),
                rowHeader: true,
                render: (row) => (
                  <>
                    {displayName(row)} {row.id === session.id && t('staff.you')}
                  </>
                ),
              },
              { key: 'email', header: t('staff.email'), render: (row) => row.email },
              { key: 'role', header: t('staff.role'), render: (row) => t(`roles.${row.role}`) },
              ...(platform
                ? [
                    {
                      key: 'institution',
                      header: t('staff.institution'),
                      render: (row: StaffAccount) => institutionName(row.institutionId),
                    },
                  ]
                : []),
              {
                key: 'totp',
                header: t('staff.totp'),
                render: (row) => (
                  <StatusBadge tone={row.totpEnabledAt === null ? 'muted' : 'ok'}>
                    {row.totpEnabledAt === null ? t('totp.off') : t('totp.on')}
                  </StatusBadge>
                ),
              },
              {
                key: 'status',
                header: t('staff.status'),
                render: (row) => (
                  <StatusBadge tone={row.active ? 'ok' : 'error'}>
                    {row.active ? t('staff.active') : t('staff.inactive')}
                  </StatusBadge>
                ),
              },
              {
                key: 'actions',
                header: t('actions', { ns: 'common' }),
                render: (row) => <StaffActions row={row} self={row.id === session.id} />,
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

function StaffActions({ row, self }: { row: StaffAccount; self: boolean }) {
  const { t } = useTranslation('settings');
  const [role, setRole] = useState<StaffRole>(row.role);
  const update = useApiMutation(
    (body: { role?: StaffRole; active?: boolean }) => api.patch<StaffAccount>(`/staff/${row.id}`, body),
    ['/staff'],
  );
  const resetTotp = useApiMutation(() => api.delete<StaffAccount>(`/staff/${row.id}/totp`), ['/staff']);
  const name = displayName(row);
  return (
    <div className="row">
      {row.role !== 'platform_admin' && (
        <FormDialog
          triggerLabel={t('staff.changeRole')}
          title={t('staff.changeRoleTitle', { name })}
          submitLabel={t('save', { ns: 'common' })}
          onOpen={() => setRole(row.role)}
          onSubmit={() => update.mutateAsync({ role })}
        >
          <SelectField
            label={t('staff.role')}
            value={role}
            onChange={(value) => setRole(value as StaffRole)}
            options={INSTITUTION_ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
          />
        </FormDialog>
      )}
      {!self &&
        (row.active ? (
          <ConfirmDialog
            triggerLabel={t('staff.deactivate')}
            title={t('staff.deactivateTitle', { name })}
            confirmLabel={t('staff.deactivate')}
            destructive
            onConfirm={() => update.mutateAsync({ active: false })}
          >
            <p>{t('staff.deactivateText')}</p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog
            triggerLabel={t('staff.reactivate')}
            title={t('staff.reactivateTitle', { name })}
            confirmLabel={t('staff.reactivate')}
            onConfirm={() => update.mutateAsync({ active: true })}
          >
            <p>{t('staff.reactivateText')}</p>
          </ConfirmDialog>
        ))}
      {!self && row.totpEnabledAt !== null && (
        <ConfirmDialog
          triggerLabel={t('staff.resetTotp')}
          title={t('staff.resetTotpTitle', { name })}
          confirmLabel={t('staff.resetTotp')}
          destructive
          onConfirm={() => resetTotp.mutateAsync(undefined)}
        >
          <p>{t('staff.resetTotpText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
