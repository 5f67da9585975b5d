/**
 * Who is logged in: the session from GET /api/auth/me or the login call, the
 * permission check the menu and pages use, and logout. A 401 from any API call
 * ends the session here and sends the user to /login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from '../api/client';
import type { Session } from '../api/types';
import { navigate } from './router';

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated' | 'unreachable';

export interface SessionApi {
  status: SessionStatus;
  session: Session | null;
  /** Why /api/auth/me failed, when status is 'unreachable'. */
  error: ApiError | null;
  can(permission: string): boolean;
  login(input: { username: string; password: string; center?: string }): Promise<void>;
  logout(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** The login path that brings the user back to where they were. */
export function loginPathFor(path: string, search = ''): string {
  const here = path + search;
  return here === '/' || path === '/login' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/** Only same-site paths are followed after login (no open redirect). */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    try {
      const me = await api.get<Session>('/api/auth/me');
      setSession(me);
      setError(null);
      setStatus('authenticated');
    } catch (err) {
      setSession(null);
      if (err instanceof ApiError && err.status === 401) {
        setStatus('anonymous');
      } else {
        setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK_ERROR', String(err)));
        setStatus('unreachable');
      }
    }
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setSession(null);
      setStatus('anonymous');
      if (window.location.pathname !== '/login') {
        navigate(loginPathFor(window.location.pathname, window.location.search), { replace: true });
      }
    });
    void reload();
  }, [reload]);

  const value = useMemo<SessionApi>(() => {
    const granted = new Set(session?.permissions ?? []);
    return {
      status,
      session,
      error,
      reload,
      can: (permission) => granted.has(permission),
      async login(input) {
        const body: Record<string, string> = { username: input.username, password: input.password };
        if (input.center) body.center = input.center;
        const next = await api.post<Session>('/api/auth/session', body, { noAuthRedirect: true });
        setSession(next);
        setStatus('authenticated');
      },
      async logout() {
        try {
          await api.del('/api/auth/session');
        } finally {
          setSession(null);
          setStatus('anonymous');
          navigate('/login');
        }
      },
    };
  }, [status, session, error, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in session; only for components rendered inside the shell. */
export function useCurrentSession(): Session & { can(permission: string): boolean } {
  const { session, can } = useSession();
  if (!session) throw new Error('useCurrentSession without a session');
  return { ...session, can };
}
