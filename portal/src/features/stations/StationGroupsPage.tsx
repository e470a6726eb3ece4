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
import type { StationGroup } from './types';

/** Station groups (e.g. one parking garage): list, create, rename, delete (stations:manage to change). */
export function StationGroupsPage() {
  const { t } = useTranslation('stations');
  const mayManage = useSession().permissions.includes('stations:manage');
  const groups = useApiQuery<StationGroup[]>('/station-groups');
  const [editing, setEditing] = useState<StationGroup | null>(null);
  const remove = useApiMutation((id: string) => api.delete(`/station-groups/${id}`), ['/station-groups']);
  return (
    <>
      <PageHeader title={t('places.groups')} description={t('places.groupsDescription')} />
      {mayManage && (
        <Section
          title={editing === null ? t('places.newGroup') : t('places.editGroup', { name: editing.name })}
        >
          <GroupForm
            key={editing?.id ?? 'new'}
            group={editing ?? undefined}
            onDone={() => setEditing(null)}
          />
        </Section>
      )}
      <QueryState query={groups}>
        {(rows) => (
          <DataTable
            caption={t('places.groups')}
            captionHidden
            rows={rows}
            rowKey={(g) => g.id}
            empty={t('places.noGroups')}
            columns={[
              { key: 'name', header: t('places.name'), rowHeader: true, render: (g) => g.name },
              ...(mayManage
                ? [
                    {
                      key: 'actions',
                      header: t('actions'),
                      render: (g: StationGroup) => (
                        <span className="cell-actions">
                          <Button
                            onPress={() => setEditing(g)}
                            aria-label={t('places.editNamed', { name: g.name })}
                          >
                            {t('common:edit')}
                          </Button>
                          <ConfirmDialog
                            triggerLabel={t('places.deleteNamed', { name: g.name })}
                            title={t('places.deleteGroupTitle', { name: g.name })}
                            confirmLabel={t('common:delete')}
                            destructive
                            onConfirm={async () => {
                              try {
                                await remove.mutateAsync(g.id);
                              } catch (error) {
                                throw deleteRefusal(error, t, 'group');
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

function GroupForm({ group, onDone }: { group: StationGroup | undefined; onDone: () => void }) {
  const { t } = useTranslation('stations');
  const [name, setName] = useState(group?.name ?? '');
  const [saved, setSaved] = useState(false);
  const save = useApiMutation(
    (body: { name: string }) =>
      group === undefined
        ? api.post('/station-groups', body)
        : api.patch(`/station-groups/${group.id}`, body),
    ['/station-groups'],
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await save.mutateAsync({ name: name.trim() });
    setSaved(true);
    if (group === undefined) setName('');
    else onDone();
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event).catch(() => undefined)}>
      <div className="row">
        <TextField label={t('places.name')} isRequired value={name} onChange={setName} />
      </div>
      <ErrorNotice error={save.error} />
      {saved && <p role="status">{t('common:saved')}</p>}
      <div className="cell-actions">
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {group === undefined ? t('common:create') : t('common:save')}
        </Button>
        {group !== undefined && <Button onPress={onDone}>{t('common:cancel')}</Button>}
      </div>
    </form>
  );
}
