import { useApiQuery } from '../../api/hooks';
import type { Location, StationGroup } from './types';

/** Locations and groups by id, for names in lists and the options of selects. */
export function usePlacements() {
  const locations = useApiQuery<Location[]>('/locations');
  const groups = useApiQuery<StationGroup[]>('/station-groups');
  const locationNames = new Map((locations.data ?? []).map((l) => [l.id, l.name]));
  const groupNames = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  return {
    locations: locations.data ?? [],
    groups: groups.data ?? [],
    locationNames,
    groupNames,
  };
}
