// Subscriptions over graphql-ws on the router's /graphql, signed in by the
// connection's init payload. The client reconnects after a drop by itself;
// `onConnected` tells callers to catch up on what they missed meanwhile.
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './gql/graphql';
import { graphqlWsUrl } from './config';
import { accessToken, session } from './session';
import { documentId } from './graphql';

let client: Client | null = null;
let clientUser: string | null = null;
const connectedListeners = new Set<() => void>();

function liveClient(): Client {
  const user = session.value?.userId ?? null;
  // Another user (or none) gets another connection: the server reads the token once, at init.
  if (client && clientUser !== user) {
    void client.dispose();
    client = null;
  }
  if (!client) {
    clientUser = user;
    client = createClient({
      url: graphqlWsUrl,
      lazy: true,
      // Read at every (re)connection: after a drop, the token refreshed meanwhile.
      connectionParams: () => {
        const token = accessToken();
        return token ? { Authorization: `Bearer ${token}` } : {};
      },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      // 0.5 s, 1 s, 2 s ... up to 15 s, with jitter, so a restarted router is not stormed.
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(15_000, 500 * 2 ** retries) * (0.5 + Math.random()))),
      on: { connected: () => connectedListeners.forEach((listener) => listener()) },
    });
  }
  return client;
}

export function subscribe<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables: Variables | undefined,
  handlers: { next: (data: Data) => void; onConnected?: () => void; error?: (error: unknown) => void },
): () => void {
  if (handlers.onConnected) connectedListeners.add(handlers.onConnected);
  const stop = liveClient().subscribe<Data>(
    {
      // By id only, as every request (trusted documents).
      query: '',
      variables: (variables ?? {}) as Record<string, unknown>,
      extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } },
    },
    {
      next: (message) => message.data && handlers.next(message.data as Data),
      error: (error) => handlers.error?.(error),
      complete: () => {},
    },
  );
  return () => {
    if (handlers.onConnected) connectedListeners.delete(handlers.onConnected);
    stop();
  };
}
