/** The institution's groups, companies and strategies, for selects and for names in tables. */
import { useApiQuery } from '../../api/hooks';
import type { SelectOption } from '../../ui';
import { useAccountsAccess } from './access';
import type { Company, Strategy, UserGroup } from './types';

export function useGroups() {
  return useApiQuery<UserGroup[]>('/user-groups');
}

export function useCompanies() {
  return useApiQuery<Company[]>('/companies');
}

/** Strategies need pricing:read; without it the query does not run. */
export function useStrategies() {
  const { readPricing } = useAccountsAccess();
  return useApiQuery<Strategy[]>(readPricing ? '/accounting-strategies' : null);
}

export const optionsOf = (rows: readonly { id: string; name: string }[] | undefined): SelectOption[] =>
  (rows ?? []).map((row) => ({ value: row.id, label: row.name }));

export const nameOf = (rows: readonly { id: string; name: string }[] | undefined, id: string | null) =>
  id === null ? null : (rows?.find((row) => row.id === id)?.name ?? null);
