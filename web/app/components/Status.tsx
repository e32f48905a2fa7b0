// Loading and error states, the same everywhere: a part that failed says so
// (with its code) and the rest of the page still shows.
import type { ComponentChildren } from 'preact';
import type { ApiErrorEntry } from '../graphql';

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Failure({ errors, what, retry }: { errors: ApiErrorEntry[]; what: string; retry?: () => void }) {
  if (!errors.length) return null;
  const code = errors[0].extensions?.code;
  return (
    <div class="failure" role="alert">
      <p>
        {what} could not be loaded: {errors[0].message}
        {code ? <span class="code"> ({code})</span> : null}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
