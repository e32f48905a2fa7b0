import { Component, type ComponentChildren } from 'preact';
import { LocationProvider, Router, Route, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { Search } from './pages/Search';
import { Job } from './pages/Job';
import { SignIn, SignUp } from './pages/Auth';
import { MyApplications, Application } from './pages/Applications';
import { Notifications } from './pages/Notifications';
import { EmployerHome, JobForm } from './pages/Employer';
import { Board } from './pages/Board';
import { Explorer } from './pages/Explorer';
import { JobStats } from './pages/Stats';
import { Admin } from './pages/Admin';
import { SavedSearches } from './pages/SavedSearches';
import { Page } from './components/Page';
import { Bell } from './components/Bell';
import { session, signOut } from './session';

function Header() {
  const current = session.value;
  const location = useLocation();
  return (
    <header class="site-header">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <a class="brand" href="/">
        Jobgraph
      </a>
      <nav aria-label="Main">
        <ul>
          <li>
            <a href="/" aria-current={location.path === '/' ? 'page' : undefined}>
              Jobs
            </a>
          </li>
          {current?.role === 'JOB_SEEKER' ? (
            <li>
              <a href="/applications" aria-current={location.path.startsWith('/applications') ? 'page' : undefined}>
                My applications
              </a>
            </li>
          ) : null}
          {current?.role === 'JOB_SEEKER' ? (
            <li>
              <a href="/saved-searches" aria-current={location.path === '/saved-searches' ? 'page' : undefined}>
                Saved searches
              </a>
            </li>
          ) : null}
          {current?.role === 'EMPLOYER' || current?.role === 'ADMIN' ? (
            <li>
              <a href="/employer" aria-current={location.path.startsWith('/employer') ? 'page' : undefined}>
                Hiring
              </a>
            </li>
          ) : null}
          {current?.role === 'ADMIN' ? (
            <li>
              <a href="/admin" aria-current={location.path === '/admin' ? 'page' : undefined}>
                Admin
              </a>
            </li>
          ) : null}
          <li>
            <a href="/explorer" aria-current={location.path === '/explorer' ? 'page' : undefined}>
              API
            </a>
          </li>
        </ul>
      </nav>
      <div class="account">
        {current ? (
          <>
            <Bell />
            <span class="who">{current.firstName}</span>
            <button
              type="button"
              class="link"
              onClick={async () => {
                await signOut();
                location.route('/');
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            <a href="/signin">Sign in</a>
            <a class="button" href="/signup">
              Sign up
            </a>
          </>
        )}
      </div>
    </header>
  );
}

/** Pages for the signed-in only send others to sign in, and back afterwards. */
function SignedIn({ children }: { children: preact.ComponentChildren }) {
  const location = useLocation();
  const signedIn = session.value !== null;
  useEffect(() => {
    if (!signedIn) location.route(`/signin?next=${encodeURIComponent(location.url)}`, true);
  }, [signedIn]);
  return signedIn ? <>{children}</> : null;
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is nothing here. <a href="/">Search jobs</a>
      </p>
    </Page>
  );
}

/** A page that throws shows this instead of a blank screen; the header stays. */
class PageBoundary extends Component<{ path: string; children: ComponentChildren }, { failed: boolean }> {
  state = { failed: false };
  componentDidCatch(error: unknown) {
    console.warn('a page failed', error);
    this.setState({ failed: true });
  }
  componentDidUpdate(previous: { path: string }) {
    if (previous.path !== this.props.path && this.state.failed) this.setState({ failed: false });
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Page title="Something went wrong">
        <p>
          This page failed to show. Reload, or go back to <a href="/">the jobs</a>.
        </p>
      </Page>
    );
  }
}

function Pages() {
  const location = useLocation();
  return (
    <PageBoundary path={location.path}>
      <Router>
        <Route path="/" component={Search} />
        <Route path="/jobs/:id" component={Job} />
        <Route path="/signin" component={SignIn} />
        <Route path="/signup" component={SignUp} />
        <Route path="/applications" component={routes.applications} />
        <Route path="/applications/:id" component={routes.application} />
        <Route path="/notifications" component={routes.notifications} />
        <Route path="/employer" component={routes.employer} />
        <Route path="/employer/jobs/new" component={routes.newJob} />
        <Route path="/employer/jobs/:id/edit" component={routes.editJob} />
        <Route path="/employer/jobs/:id/board" component={routes.board} />
        <Route path="/employer/jobs/:id/stats" component={routes.stats} />
        <Route path="/admin" component={routes.admin} />
        <Route path="/saved-searches" component={routes.savedSearches} />
        <Route path="/explorer" component={Explorer} />
        <Route default component={NotFound} />
      </Router>
    </PageBoundary>
  );
}

const guarded = (Component: preact.ComponentType<any>) => (props: any) => (
  <SignedIn>
    <Component {...props} />
  </SignedIn>
);

const routes = {
  applications: guarded(MyApplications),
  application: guarded(Application),
  notifications: guarded(Notifications),
  employer: guarded(EmployerHome),
  newJob: guarded(() => <JobForm />),
  editJob: guarded(({ id }: { id: string }) => <JobForm id={id} />),
  board: guarded(Board),
  stats: guarded(JobStats),
  admin: guarded(Admin),
  savedSearches: guarded(SavedSearches),
};

export function App() {
  return (
    <LocationProvider>
      <Header />
      <main id="main">
        <Pages />
      </main>
    </LocationProvider>
  );
}
