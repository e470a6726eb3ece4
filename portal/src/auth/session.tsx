/**
 * Who is logged in (GET /api/v1/auth/session). Everything below the provider may assume a session
 * or null; a request that finds the session ended clears it, which shows the log-in page.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, ApiError, setUnauthenticatedHandler } from '../api/client';
import type { SessionInfo } from '../api/types';

export const SESSION_KEY = ['session'] as const;

interface SessionContextValue {
  session: SessionInfo | null;
  /** After log-in or log-out: fetch the session again. */
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await api.get<SessionInfo>('/auth/session');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
  useEffect(() => {
    setUnauthenticatedHandler(() => client.setQueryData(SESSION_KEY, null));
    return () => setUnauthenticatedHandler(undefined);
  }, [client]);
  if (query.isPending) return <>{fallback}</>;
  const value: SessionContextValue = {
    session: query.data ?? null,
    refresh: async () => {
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
    logout: async () => {
      await api.post('/auth/logout');
      // The session query stays (its observer renders the log-in page); every other answer goes,
      // so the next person in this browser sees nothing of the last one's data.
      client.setQueryData(SESSION_KEY, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in person; only for pages behind the log-in. */
export function useSession(): SessionInfo {
  const { session } = useSessionContext();
  if (session === null) throw new Error('useSession without a session');
  return session;
}
