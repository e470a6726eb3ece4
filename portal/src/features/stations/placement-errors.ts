import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

/** A delete the API refused because stations still use the place: said in the page's language. */
export function deleteRefusal(error: unknown, t: TFunction<'stations'>, what: 'location' | 'group'): unknown {
  if (error instanceof ApiError && error.code === 'conflict') {
    const count = typeof error.details?.stations === 'number' ? error.details.stations : 1;
    return new Error(t(`places.inUse_${what}`, { count }));
  }
  return error;
}
