/** Pieces every pricing page uses: who may change prices, the institution choice, labels of targets. */
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { Button, ConfirmDialog, SelectField, type Column } from '../../ui';
import type { Institution, RuleTargetKind } from './types';

export const NS = 'pricing';
/** The area's texts first, then the shared words (save, cancel, …). */
export const NSS = [NS, 'common'] as const;

/** Changing prices needs pricing:manage (admins); accountants read only. */
export function useCanManage(): boolean {
  return useSession().permissions.includes('pricing:manage');
}

/** The institutions the person may act in (one for institution staff, all for the platform admin). */
export function useInstitutions() {
  return useApiQuery<Institution[]>('/institutions');
}

/**
 * For a platform admin (who belongs to no institution) a choice of institution; for everybody else
 * their own institution, without asking.
 */
export function InstitutionPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  const session = useSession();
  const institutions = useInstitutions();
  if (session.institutionId !== null) return null;
  return (
    <SelectField
      label={t('institution')}
      value={value}
      onChange={onChange}
      isRequired
      emptyLabel={t('choose')}
      options={(institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
    />
  );
}

export const RULE_TARGET_KINDS: readonly RuleTargetKind[] = [
  'all',
  'user',
  'user_group',
  'station',
  'station_group',
];

/** Options for a rule target of one kind (users, user groups, stations, station groups). */
export function useRuleTargets(kind: RuleTargetKind) {
  const path =
    kind === 'user'
      ? '/users'
      : kind === 'user_group'
        ? '/user-groups'
        : kind === 'station'
          ? '/stations'
          : kind === 'station_group'
            ? '/station-groups'
            : null;
  const query = useApiQuery<{ id: string; name: string | null; chargeBoxId?: string }[]>(
    path,
    path === '/users' || path === '/stations' ? { limit: 1000 } : undefined,
  );
  return (query.data ?? []).map((row) => ({ value: row.id, label: row.name ?? row.chargeBoxId ?? row.id }));
}

/** All targets of every kind by id, to name a rule's target in a list. */
export function useTargetNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const option of [
    ...useRuleTargets('user'),
    ...useRuleTargets('user_group'),
    ...useRuleTargets('station'),
    ...useRuleTargets('station_group'),
  ])
    names.set(option.value, option.label);
  return names;
}

/**
 * The actions column of the strategy, event and discount lists: edit in place, delete after a
 * confirmation (the API's refusal, e.g. "still in use", stays in the dialog).
 */
export function editDeleteColumn<T extends { id: string; name: string }>(options: {
  header: string;
  /** The messages key of the list, e.g. `events` (uses `<key>.deleteTitle` and `<key>.deleteText`). */
  messagesKey: string;
  onEdit: (row: T) => void;
  onDelete: (id: string) => Promise<unknown>;
}): Column<T> {
  const { header, ...actions } = options;
  return { key: 'actions', header, render: (row: T) => <EditDeleteActions row={row} {...actions} /> };
}

function EditDeleteActions<T extends { id: string; name: string }>({
  row,
  messagesKey,
  onEdit,
  onDelete,
}: {
  row: T;
  messagesKey: string;
  onEdit: (row: T) => void;
  onDelete: (id: string) => Promise<unknown>;
}) {
  const { t } = useTranslation(NSS, { nsMode: 'fallback' });
  return (
    <div className="form-actions">
      <Button onPress={() => onEdit(row)} aria-label={t('editNamed', { name: row.name })}>
        {t('edit')}
      </Button>
      <ConfirmDialog
        triggerLabel={t('delete')}
        title={t(`${messagesKey}.deleteTitle`, { name: row.name })}
        confirmLabel={t('delete')}
        destructive
        onConfirm={() => onDelete(row.id)}
      >
        <p>{t(`${messagesKey}.deleteText`)}</p>
      </ConfirmDialog>
    </div>
  );
}
