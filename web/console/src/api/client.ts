/**
 * The one way the console talks to the server. Every call sends the session cookie
 * (same-origin) and, when it has a body or changes state (POST, PUT, PATCH, DELETE), `content-type:
 * application/json`: the server's CSRF guard rejects state changes without it.
 * A 401 anywhere but the login call means the session is gone: go to /login.
 */

/** A failed API call, carrying the server's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | null = null;
let acceptLanguage = 'zh-CN';

/** Registers what to do when the session has expired (a 401). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Tells the server which language its messages should prefer. */
export function setApiLanguage(lang: string): void {
  acceptLanguage = lang;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `?a=1&b=2`, leaving out empty values. */
export function queryString(params: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  /** The login call handles its own 401 (wrong password): do not redirect. */
  noAuthRedirect?: boolean;
  /** Outlives the page (fetch keepalive): for releasing an edit lock when the tab closes. */
  keepalive?: boolean;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let error: { code?: string; message?: string; field?: string; details?: Record<string, unknown> } | undefined;
  try {
    error = ((await response.json()) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  return new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText, error?.field, error?.details);
}

/**
 * A multipart upload (the media library). Not JSON, so the CSRF guard wants the
 * `X-Rongmei-Upload: 1` header instead, which a cross-site form cannot send.
 */
export async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'accept-language': acceptLanguage, 'x-rongmei-upload': '1' },
      credentials: 'same-origin',
      body: form,
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : 'Network error');
  }
  if (!response.ok) {
    const err = await errorFrom(response);
    if (response.status === 401) unauthorizedHandler?.();
    throw err;
  }
  return (await response.json()) as T;
}

async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage };
  if (method !== 'GET') headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      keepalive: opts.keepalive,
      // A DELETE or a body-less POST still sends `{}` so the JSON content type is honest.
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string; details?: Record<string, unknown> } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      error?.field,
      error?.details,
    );
    if (response.status === 401 && !opts.noAuthRedirect) unauthorizedHandler?.();
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query: Query = {}) => request<T>('GET', path + queryString(query)),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};
