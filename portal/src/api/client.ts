/**
 * The one way the portal talks to the server: JSON over fetch with the session cookie, errors as
 * RFC 9457 problem details turned into ApiError (code + detail), so every page shows the same kind
 * of message.
 */
export const API = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `/stations` + {q: 'P20', state: undefined} → `/api/v1/stations?q=P20` (empty values left out). */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API}${path}${search === '' ? '' : `?${search}`}`;
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: { code?: string; detail?: string; title?: string; details?: Record<string, unknown> } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not problem+json (a proxy's error page): the status says enough.
  }
  return new ApiError(
    response.status,
    body.code ?? `http_${response.status}`,
    body.detail ?? body.title ?? response.statusText,
    body.details,
  );
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const response = await fetch(apiUrl(path, query), {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && error.code === 'unauthenticated') onUnauthenticated?.(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Set by the session provider: a request that finds the session gone sends the person to log-in. */
let onUnauthenticated: ((error: ApiError) => void) | undefined;
export function setUnauthenticatedHandler(handler: ((error: ApiError) => void) | undefined): void {
  onUnauthenticated = handler;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, body ?? {}, query),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
