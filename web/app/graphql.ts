// The one way the client talks to the API: trusted documents only. Every
// operation is sent by its sha256 id from the build's manifest (the
// production router accepts nothing else); the text stays out of the bundle.
import { useEffect, useState, useCallback } from 'preact/hooks';
import type { TypedDocumentString } from './gql/graphql';
import { graphqlUrl } from './config';
import { session, accessToken, refreshSession } from './session';

export interface ApiErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(readonly errors: ApiErrorEntry[]) {
    super(errors.map((error) => error.message).join('; ') || 'The request failed');
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface Result<Data> {
  data: Data | null;
  /** Errors of the parts that failed; the rest of `data` is still good. */
  errors: ApiErrorEntry[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function documentId(document: TypedDocumentString<any, any>): string {
  const hash = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('a document without a persisted id: run `npm run codegen`');
  return hash;
}

async function send<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables: Variables | undefined,
): Promise<{ status: number; body: { data?: Data | null; errors?: ApiErrorEntry[] } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers,
    body: JSON.stringify({ documentId: documentId(document), variables: variables ?? {} }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `The server answered ${response.status}` }] }));
  return { status: response.status, body };
}

/** Runs an operation; the data with the errors of any part that failed. */
export async function execute<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables?: Variables,
): Promise<Result<Data>> {
  let answer: Awaited<ReturnType<typeof send<Data, Variables>>>;
  try {
    answer = await send(document, variables);
    const unauthenticated = answer.body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED');
    // An access token that expired while the tab slept: refresh once and retry.
    if (unauthenticated && session.value && (await refreshSession())) answer = await send(document, variables);
  } catch {
    return { data: null, errors: [{ message: 'The server cannot be reached', extensions: { code: 'NETWORK' } }] };
  }
  return { data: answer.body.data ?? null, errors: answer.body.errors ?? [] };
}

/** A mutation: its data, or an ApiError when any part failed. */
export async function mutate<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables?: Variables,
): Promise<Data> {
  const result = await execute(document, variables);
  if (result.errors.length || !result.data) throw new ApiError(result.errors);
  return result.data;
}

/**
 * A mutation a page runs from a button, then `done` (re-reading what it
 * changed); an API error goes to `failed` to be shown, anything else clears it.
 */
export async function mutateThen<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables: Variables,
  done: () => void,
  failed: (error: ApiError | null) => void,
): Promise<void> {
  try {
    await mutate(document, variables);
    done();
  } catch (caught) {
    failed(caught instanceof ApiError ? caught : null);
  }
}

export interface QueryState<Data> extends Result<Data> {
  loading: boolean;
  refetch: () => void;
}

/** A query run when the component shows and whenever `variables` change. */
export function useQuery<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  variables?: Variables,
  options: { skip?: boolean } = {},
): QueryState<Data> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<Result<Data> & { loading: boolean }>({
    data: null,
    errors: [],
    loading: !options.skip,
  });
  const [generation, setGeneration] = useState(0);
  const user = session.value?.userId;
  useEffect(() => {
    if (options.skip) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    execute(document, variables).then((result) => {
      if (current) setState({ ...result, loading: false });
    });
    return () => {
      current = false;
    };
    // The variables by value, and the signed-in user: another user sees other data.
  }, [document, key, generation, options.skip, user]);
  const refetch = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, refetch };
}

/** The message of the first error for one input field, by `extensions.field`. */
export function fieldError(error: ApiError | null, field: string): string | undefined {
  return error?.errors.find((entry) => entry.extensions?.field === field)?.message;
}

/** Messages of the errors no field of the form shows (no `extensions.field`, or one the form lacks). */
export function formErrors(error: ApiError | null, fields: string[]): string[] {
  return (error?.errors ?? [])
    .filter((entry) => !entry.extensions?.field || !fields.includes(entry.extensions.field))
    .map((entry) => entry.message);
}
