import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { invalidatePath } from '../../api/hooks';
import { commandOutcome, type CommandOutcome } from './state';
import type { SentCommand } from './types';

export interface ShownOutcome {
  /** What was asked, in words, e.g. "Notentriegelung P20-02". */
  label: string;
  outcome: CommandOutcome;
}

/**
 * Sends commands to one station and keeps the last outcome for the page to show. A problem the
 * API returns (offline, timeout, refused) is an outcome, not an error of the dialog.
 */
export function useStationCommands(stationId: string) {
  const client = useQueryClient();
  const [last, setLast] = useState<ShownOutcome | null>(null);
  const send = async (label: string, body: Record<string, unknown>): Promise<void> => {
    try {
      const sent = await api.post<SentCommand>(`/stations/${stationId}/commands`, body);
      setLast({ label, outcome: commandOutcome(sent) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setLast({ label, outcome: commandOutcome({ error }) });
    } finally {
      await invalidatePath(client, `/stations/${stationId}`);
    }
  };
  return { send, last };
}
