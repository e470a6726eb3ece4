/**
 * One server-sent event stream per tab (GET /api/v1/events) shared by every page: pages subscribe
 * to event types and refresh their queries, so the portal updates without a reload. EventSource
 * reconnects by itself; the shell shows whether the stream is up.
 */
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { invalidatePath } from '../api/hooks';
import { API } from '../api/client';

export interface LiveEvent {
  type: string;
  institutionId: string;
  stationId?: string;
  [key: string]: unknown;
}

type Listener = (event: LiveEvent) => void;

/** Every event type the server sends (src/live/live-events.ts). */
export const LIVE_EVENT_TYPES = [
  'station.connected',
  'station.disconnected',
  'station.booted',
  'chargePoint.status',
  'chargePoint.door',
  'session.started',
  'session.updated',
  'session.stopped',
  'cards.changed',
  'sms.message',
  'sms.session',
  'alert.raised',
] as const;

interface LiveContextValue {
  connected: boolean;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<LiveContextValue>({ connected: false, subscribe: () => () => undefined });

export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API}/events`, { withCredentials: true });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const forward = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      for (const listener of listeners.current) listener(event);
    };
    for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, forward);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled]);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo(() => ({ connected, subscribe }), [connected, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLiveStatus = () => useContext(LiveContext).connected;

/** Calls `handler` for every live event of the given types (all when empty). */
export function useLiveEvent(types: readonly string[], handler: Listener): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef(handler);
  latest.current = handler;
  const key = types.join(',');
  useEffect(
    () =>
      subscribe((event) => {
        if (key === '' || key.split(',').includes(event.type)) latest.current(event);
      }),
    [subscribe, key],
  );
}

/** Refreshes the queries under the given API paths whenever one of the event types arrives. */
export function useLiveRefresh(types: readonly string[], paths: readonly string[]): void {
  const client = useQueryClient();
  useLiveEvent(types, () => {
    for (const path of paths) void invalidatePath(client, path);
  });
}
