/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON that tests assert field by field */
/** A small HTTP client for API tests: logs in like the portal (cookie) or calls like a machine (bearer). */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiClient {
  /** The `fw_session=...` cookie pair, when logged in. */
  cookie: string | undefined;
  request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, auth: { cookie?: string; bearer?: string } = {}): ApiClient {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    if (auth.cookie !== undefined) headers.cookie = auth.cookie;
    if (auth.bearer !== undefined) headers.authorization = `Bearer ${auth.bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (text !== '' && /json/.test(response.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T };
  };
  return {
    cookie: auth.cookie,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path) => request('DELETE', path),
  };
}

/** Logs in and returns a client carrying the session cookie. */
export async function loginClient(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('fw_session='));
  if (setCookie === undefined) throw new Error('login set no fw_session cookie');
  return apiClient(baseUrl, { cookie: setCookie.split(';')[0]! });
}
