// Sign in and sign up. Errors from the API show on their fields
// (`extensions.field`), or above the form.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import { mutate, ApiError, fieldError, formErrors } from '../graphql';
import { Page } from '../components/Page';
import { startSession, sessionEndedReason } from '../session';

const LoginOperation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...SessionFields
    }
  }
`);

const RegisterOperation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...SessionFields
    }
  }
`);

function nextPath(url: string): string {
  const next = new URLSearchParams(url.split('?')[1] ?? '').get('next');
  // Only paths on this site.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignIn() {
  const location = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ended = sessionEndedReason.value;
  return (
    <Page title="Sign in">
      {ended ? <p class="notice" role="status">{ended}</p> : null}
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setBusy(true);
          try {
            const data = await mutate(LoginOperation, { email: String(form.get('email')), password: String(form.get('password')) });
            sessionEndedReason.value = null;
            startSession(data.login);
            location.route(nextPath(location.url));
          } catch (caught) {
            setError(caught instanceof ApiError ? caught : null);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        {error ? <p class="error" role="alert">{error.message}</p> : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here? <a href="/signup">Create an account</a>
      </p>
    </Page>
  );
}

export function SignUp() {
  const location = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const general = formErrors(error, ['firstName', 'lastName', 'email', 'password']).join(' ') || null;
  const field = (name: string) => fieldError(error, name);
  return (
    <Page title="Create an account">
      <form
        class="form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setBusy(true);
          try {
            const data = await mutate(RegisterOperation, {
              input: {
                email: String(form.get('email')),
                password: String(form.get('password')),
                firstName: String(form.get('firstName')),
                lastName: String(form.get('lastName')),
                role: form.get('role') === 'EMPLOYER' ? 'EMPLOYER' : 'JOB_SEEKER',
              },
            });
            startSession(data.register);
            location.route(data.register.user.role === 'EMPLOYER' ? '/employer' : '/');
          } catch (caught) {
            setError(caught instanceof ApiError ? caught : null);
          } finally {
            setBusy(false);
          }
        }}
      >
        <fieldset class="roles">
          <legend>I am</legend>
          <label>
            <input type="radio" name="role" value="JOB_SEEKER" checked /> looking for a job
          </label>
          <label>
            <input type="radio" name="role" value="EMPLOYER" /> hiring
          </label>
        </fieldset>
        <Field name="firstName" label="First name" autocomplete="given-name" error={field('firstName')} />
        <Field name="lastName" label="Last name" autocomplete="family-name" error={field('lastName')} />
        <Field name="email" label="Email" type="email" autocomplete="email" error={field('email')} />
        <Field name="password" label="Password (at least 10 characters)" type="password" autocomplete="new-password" error={field('password')} />
        {general ? <p class="error" role="alert">{general}</p> : null}
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <a href="/signin">Sign in</a>
      </p>
    </Page>
  );
}

/** A labelled input with its error under it, tied by aria-describedby. */
export function Field(props: { name: string; label: string; type?: 'text' | 'email' | 'password' | 'number' | 'url'; autocomplete?: string; error?: string; value?: string; required?: boolean; step?: string }) {
  const errorId = `${props.name}-error`;
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        // Preact's typings narrow `type` per value; any of ours is a plain text-like input.
        type={(props.type ?? 'text') as 'text'}
        step={props.step}
        autocomplete={props.autocomplete}
        required={props.required}
        // The starting value only: a re-render (an error shown, say) keeps what the user typed.
        defaultValue={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error ? (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
