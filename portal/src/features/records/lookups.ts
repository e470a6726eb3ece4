/** The choices filters offer: stations and payer accounts of the institution. */
import { useApiQuery } from '../../api/hooks';
import { useSession } from '../../auth/session';
import type { SelectOption } from '../../ui';
import type { AccountOption, StationOption } from './types';

export function useStationOptions(): SelectOption[] {
  const session = useSession();
  const stations = useApiQuery<StationOption[]>(
    session.permissions.includes('stations:read') ? '/stations' : null,
    { registration: 'accepted', limit: 1000 },
  );
  return (stations.data ?? [])
    .map((s) => ({
      value: s.id,
      label: s.name !== null && s.name !== '' ? `${s.name} (${s.chargeBoxId})` : s.chargeBoxId,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function useAccountOptions(): SelectOption[] {
  const session = useSession();
  const accounts = useApiQuery<AccountOption[]>(
    session.permissions.includes('accounts:read') ? '/accounts' : null,
    { limit: 1000 },
  );
  return (accounts.data ?? [])
    .map((a) => ({ value: a.id, label: `${a.holderName ?? '–'} (${a.number})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Station id → charge box id, for tables that only hold the id. */
export function useStationNames(): Map<string, string> {
  const options = useStationOptions();
  return new Map(options.map((o) => [o.value, o.label]));
}
