// The signed-in session: tokens in localStorage (shared by tabs), the
// access token refreshed a minute before it expires with the single-use
// refresh token; a refresh that fails signs out cleanly.
import { signal, computed } from '@preact/signals';
import { graphql } from './gql';
import type { Role, SessionFieldsFragment } from './gql/graphql';
import { graphqlUrl } from './config';
import { documentId } from './graphql';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  userId: string;
  role: Role;
  firstName: string;
}

const STORAGE_KEY = 'jobgraph.session';
const REFRESH_BEFORE_EXPIRY_MS = 60_000;

function load(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());
export const signedIn = computed(() => session.value !== null);
/** Why the last session ended on its own (shown once on the sign-in page). */
export const sessionEndedReason = signal<string | null>(null);

export function accessToken(): string | null {
  return session.value?.accessToken ?? null;
}

const RefreshOperation = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`);

export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    refreshToken
    expiresAt
    user {
      id
      role
      firstName
    }
  }
`);

const LogoutOperation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export function startSession(payload: SessionFieldsFragment): void {
  setSession({
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: payload.expiresAt,
    userId: payload.user.id,
    role: payload.user.role,
    firstName: payload.user.firstName,
  });
}

function setSession(next: Session | null): void {
  if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else localStorage.removeItem(STORAGE_KEY);
  session.value = next;
  scheduleRefresh();
}

// Straight to the endpoint, not through execute(): a refresh never retries itself.
async function post(id: string, variables: Record<string, unknown>, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ documentId: id, variables }) });
  return response.json();
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new session; false (and signed out) when refused. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    // One tab refreshes at a time: the token is single-use, and a second
    // tab trading it would end the session. The lock's holder re-reads
    // storage, where another tab may have put a fresh session already.
    const run = async () => {
      const stored = load();
      if (stored && stored.refreshToken !== session.value?.refreshToken) {
        session.value = stored;
        scheduleRefresh();
        return true;
      }
      const current = session.value;
      if (!current) return false;
      try {
        const body = await post(documentId(RefreshOperation), { refreshToken: current.refreshToken });
        const payload = body?.data?.refreshToken;
        if (!payload) {
          endSession('Your session ended; please sign in again.');
          return false;
        }
        startSession(payload);
        return true;
      } catch {
        // Offline: keep the session and try again soon.
        scheduleRefresh(10_000);
        return false;
      }
    };
    try {
      return navigator.locks ? await navigator.locks.request('jobgraph-refresh', run) : await run();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function endSession(reason: string | null): void {
  sessionEndedReason.value = reason;
  setSession(null);
}

export async function signOut(): Promise<void> {
  const current = session.value;
  endSession(null);
  if (current) await post(documentId(LogoutOperation), { refreshToken: current.refreshToken }, current.accessToken).catch(() => {});
}

let timer: ReturnType<typeof setTimeout> | undefined;

function scheduleRefresh(delayMs?: number): void {
  clearTimeout(timer);
  const current = session.value;
  if (!current) return;
  const due = delayMs ?? new Date(current.expiresAt).getTime() - Date.now() - REFRESH_BEFORE_EXPIRY_MS;
  timer = setTimeout(() => void refreshSession(), Math.max(due, 0));
}

// Another tab signed in, refreshed or signed out.
addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  session.value = load();
  scheduleRefresh();
});

scheduleRefresh();
