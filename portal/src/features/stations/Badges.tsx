import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../ui';
import { CONNECTION_TONE, connectionOf, doorKey, doorTone, STATE_TONE } from './state';
import type { ChargePointState } from './types';

export function StateBadge({ state, count }: { state: ChargePointState; count?: number }) {
  const { t } = useTranslation('stations');
  const word = t(`state.${state}`);
  return (
    <StatusBadge tone={STATE_TONE[state]}>{count === undefined ? word : `${count} × ${word}`}</StatusBadge>
  );
}

/** Lockers only: a charge point without a door report shows a dash. */
export function DoorBadge({ door }: { door: string | null }) {
  const { t } = useTranslation('stations');
  if (door === null) return <>–</>;
  return <StatusBadge tone={doorTone(door)}>{t(`door.${doorKey(door)}`)}</StatusBadge>;
}

export function ConnectionBadge({ station }: { station: { online: boolean; registration: string } }) {
  const { t } = useTranslation('stations');
  const connection = connectionOf(station);
  return <StatusBadge tone={CONNECTION_TONE[connection]}>{t(`connection.${connection}`)}</StatusBadge>;
}
