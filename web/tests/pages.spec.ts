// The rest of the product, page by page: every request by trusted id, the
// token refreshed before it expires and a refused refresh signing out, a
// failed part of an answer shown as such, the live count catching up after
// a dropped connection, the admin and stats pages, and the offline explorer.
import { test, expect, type Page, type WebSocketRoute } from '@playwright/test';
import { visit, watchConsole } from './support';

const DEMO_PASSWORD = 'jobgraph-demo';

async function signIn(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const storedSession = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('jobgraph.session') ?? 'null'));

test('every request is a trusted document id, never a document', async ({ page }, info) => {
  const errors = watchConsole(page, info);
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') bodies.push(request.postData() ?? '');
  });
  await page.goto('/?q=engineer');
  await expect(page.locator('.job-card').first()).toBeVisible();
  await page.locator('.job-card a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(bodies.length).toBeGreaterThan(1);
  for (const body of bodies) {
    const request = JSON.parse(body);
    expect(request.documentId, body).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(request.query, body).toBeUndefined();
  }
  expect(errors).toEqual([]);
});

test('the session is refreshed before it expires, and a refused refresh signs out', async ({ page }, info) => {
  const errors = watchConsole(page, info);
  await signIn(page, 'seeker50@demo.jobgraph.dev');
  await visit(page, 'sign-in-done');
  const first = await storedSession(page);
  // Tokens live 75 s in this run; the client refreshes a minute before expiry.
  await expect.poll(async () => (await storedSession(page))?.refreshToken, { timeout: 40_000 }).not.toBe(first.refreshToken);
  await page.goto('/applications');
  await expect(page.getByRole('heading', { level: 1, name: 'My applications' })).toBeVisible();
  await expect(page.locator('.failure')).toHaveCount(0);

  // A refresh token the server no longer knows: the client signs out, cleanly.
  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('jobgraph.session')!);
    localStorage.setItem('jobgraph.session', JSON.stringify({ ...session, refreshToken: 'revoked', expiresAt: new Date(Date.now() - 1000).toISOString() }));
  });
  await page.goto('/applications');
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expect(page.getByText('Your session ended; please sign in again.')).toBeVisible();
  expect(await storedSession(page)).toBeNull();
  await visit(page, 'sign-in');
  expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
});

test('a part of an answer that failed is shown as failed, the rest still shows', async ({ page }) => {
  // The router answers what it could with an error for the rest, as when a
  // subgraph is down; here the company part of the job is made to fail.
  await page.route('**/graphql', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (body?.data?.job) {
      body.data.job.company = null;
      body.data.job.similarJobs = null;
      body.errors = [{ message: 'Subgraph jobs-companies is not available', path: ['job', 'company'], extensions: { code: 'SUBGRAPH_REQUEST_FAILURE' } }];
    }
    await route.fulfill({ response, json: body });
  });
  await page.goto('/?q=engineer');
  await page.locator('.job-card a').first().click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Job');
  await expect(page.getByRole('alert')).toContainText('SUBGRAPH_REQUEST_FAILURE');
  await expect(page.locator('.text').first()).not.toBeEmpty();
  // Requests still in flight (analytics) must not outlive the test through the route.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('the bell catches up after the connection drops', async ({ page, browser }, info) => {
  const errors = watchConsole(page, info);
  const run = Date.now().toString(36);
  // The page's WebSocket to the router goes through this gate: while cut,
  // the open connection is closed and every new one refused, so nothing
  // arrives live and only the catch-up after reconnecting can count it.
  let cut = false;
  const open: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await page.routeWebSocket(/\/graphql/, (socket) => {
    if (cut) return socket.close({ code: 1001, reason: 'going away' });
    open.push({ page: socket, server: socket.connectToServer() });
  });
  // A new seeker (one welcome notification), and an employer with a fresh job.
  await page.goto('/signup');
  await page.getByLabel('First name').fill('Dana');
  await page.getByLabel('Last name').fill('Offline');
  await page.getByLabel('Email').fill(`dana-${run}@example.com`);
  await page.getByLabel(/^Password/).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('unread-count')).toHaveText('1');

  // While the seeker's connection is down, their application moves on.
  const employer = await (await browser.newContext()).newPage();
  await signIn(employer, 'admin@demo.jobgraph.dev'); // admins pass every ownership check
  await page.goto('/?q=engineer');
  await page.locator('.job-card a').first().click();
  await page.getByRole('button', { name: 'Send application' }).click();
  await expect(page.getByText(/You applied/)).toBeVisible();
  const jobId = page.url().split('/jobs/')[1];
  expect(open.length, 'the bell is subscribed over a WebSocket').toBeGreaterThan(0);
  cut = true;
  for (const { page: client, server } of open.splice(0)) {
    await server.close();
    await client.close({ code: 1001, reason: 'going away' });
  }
  await employer.goto(`/employer/jobs/${jobId}/board`);
  const card = employer.getByRole('listitem', { name: 'Dana Offline' });
  await card.getByRole('button', { name: 'Move' }).click();
  await expect(employer.getByRole('region', { name: /Screening/ }).getByRole('listitem', { name: 'Dana Offline' })).toBeVisible();
  // Cut off, nothing arrives: what comes next is the catch-up, not the live message.
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('unread-count')).toHaveText('1');
  cut = false;
  // Reconnected, the client reads the count again: the move while away is counted.
  await expect(page.getByTestId('unread-count')).toHaveText('2', { timeout: 30_000 });
  expect(open.length, 'the bell reconnected').toBeGreaterThan(0);
  expect(errors.filter((error) => !/WebSocket/.test(error))).toEqual([]);
});

test('admin and stats pages', async ({ page }, info) => {
  const errors = watchConsole(page, info);
  await signIn(page, 'admin@demo.jobgraph.dev');
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Accounts \(\d+\)/ })).toBeVisible();
  await expect(page.getByRole('figure')).toBeVisible();
  await visit(page, 'admin');
  // Verifying a company takes it off the list.
  const verify = page.getByRole('button', { name: /^Verify / });
  await expect(verify.first()).toBeVisible();
  const waiting = await verify.count();
  await verify.first().click();
  await expect(verify).toHaveCount(waiting - 1);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'employer1@demo.jobgraph.dev');
  await page.getByRole('link', { name: 'Hiring' }).click();
  await page.getByRole('link', { name: /^Stats of / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Performance: / })).toBeVisible();
  await expect(page.getByRole('figure')).toBeVisible();
  await visit(page, 'job-stats');
  await page.goBack();
  await page.getByRole('link', { name: /applications to / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Pipeline: / })).toBeVisible();
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { name: 'What you receive' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Account in the app' })).toBeDisabled();
  await visit(page, 'notification-preferences');
  expect(errors).toEqual([]);
});

test('the explorer works offline, with the token filled in', async ({ page }, info) => {
  const errors = watchConsole(page, info);
  await signIn(page, 'seeker50@demo.jobgraph.dev');
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1') && !request.url().startsWith('ws://127.0.0.1') && !request.url().startsWith('data:')) outside.push(request.url());
  });
  await page.getByRole('link', { name: 'API' }).click();
  await expect(page.locator('.graphiql-container')).toBeVisible();
  await page.getByRole('button', { name: /Execute query/ }).click();
  await expect(page.locator('.result-window')).toContainText('totalCount', { timeout: 15_000 });
  await page.getByText('Headers', { exact: true }).click();
  await expect(page.locator('.graphiql-editor-tool')).toContainText('Bearer ');
  expect(outside, 'nothing from outside this machine').toEqual([]);
  await visit(page, 'explorer');
  expect(errors).toEqual([]);
});

test('unknown pages and deep links', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.goto('/?q=rust&remote=REMOTE&sort=DATE');
  await expect(page.getByRole('combobox', { name: 'Search jobs' })).toHaveValue('rust');
  await expect(page.getByRole('checkbox', { name: /^Remote/ })).toBeChecked();
  await expect(page.getByLabel('Sort by')).toHaveValue('DATE');
  // Typing suggests (a title from any of its words); arrow keys and Enter take a suggestion.
  await page.getByRole('combobox', { name: 'Search jobs' }).fill('eng');
  await expect(page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeHidden();
});

test('edit, notes, pause and close; withdraw; mark read', async ({ page, browser }, info) => {
  const errors = watchConsole(page, info);
  const run = Date.now().toString(36);
  const title = `Lanternfish Analyst ${run}`;
  // An employer with a published job.
  await page.goto('/signup');
  await page.getByLabel('hiring').check();
  await page.getByLabel('First name').fill('Ines');
  await page.getByLabel('Last name').fill('Employer');
  await page.getByLabel('Email').fill(`ines-${run}@example.com`);
  await page.getByLabel(/^Password/).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Company name').fill(`Lantern ${run}`);
  await page.getByRole('button', { name: 'Create company' }).click();
  await page.getByRole('link', { name: `Post a job at Lantern ${run}` }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Count the lanternfish, and explain the counts to people who decide.');
  // An on-site job needs a place: the API says so, on the City field.
  await page.getByRole('button', { name: 'Post job as a draft' }).click();
  await expect(page.getByLabel('City')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('City').fill('Lisbon');
  await page.getByLabel(/Country code/).fill('PT');
  await page.getByRole('button', { name: 'Post job as a draft' }).click();
  await page.getByRole('button', { name: `Publish ${title}` }).click();
  await expect(page.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();

  // Editing: an API error shows on its field, and what was typed stays.
  await page.getByRole('link', { name: `Edit ${title}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit: ${title}` })).toBeVisible();
  await page.getByLabel('Title').fill('');
  await page.getByLabel('Description').fill('Count the lanternfish, and say what the counts mean.');
  await page.getByRole('button', { name: 'Save job' }).click();
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Description')).toHaveValue('Count the lanternfish, and say what the counts mean.');
  await visit(page, 'edit-job');
  await page.getByLabel('Title').fill(`${title} (senior)`);
  await page.getByRole('button', { name: 'Save job' }).click();
  await expect(page.getByRole('link', { name: `${title} (senior)`, exact: true })).toBeVisible();

  // A seeker applies, and withdraws.
  const seeker = await (await browser.newContext()).newPage();
  errors.push(...watchConsole(seeker, info));
  await signIn(seeker, 'seeker51@demo.jobgraph.dev');
  await seeker.goto(`/jobs/${(await page.getByRole('link', { name: `${title} (senior)`, exact: true }).getAttribute('href'))!.split('/jobs/')[1]}`);
  await seeker.getByRole('button', { name: 'Send application' }).click();
  await seeker.getByRole('link', { name: 'Applied' }).click();
  await expect(seeker.getByRole('heading', { level: 1, name: /^Application: / })).toBeVisible();

  // The employer notes it privately, then pauses and closes the job.
  await page.goto('/employer');
  await page.getByRole('link', { name: `1 applications to ${title} (senior)` }).click();
  const card = page.getByRole('listitem', { name: /.+/ }).filter({ has: page.getByText('Notes (0)') });
  await card.getByText('Notes (0)').click();
  await card.getByRole('textbox', { name: /A private note on/ }).fill('Strong on statistics.');
  await card.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Strong on statistics.')).toBeVisible();
  await page.goto('/employer');
  await page.getByRole('button', { name: `Pause ${title} (senior)` }).click();
  await expect(page.getByRole('row', { name: new RegExp(`${title} \\(senior\\)`) }).getByText('Paused')).toBeVisible();
  await page.getByRole('button', { name: `Close ${title} (senior)` }).click();
  await expect(page.getByRole('row', { name: new RegExp(`${title} \\(senior\\)`) }).getByText('Closed')).toBeVisible();

  // Closing told the applicant; they withdraw, and read their notifications.
  seeker.on('dialog', (dialog) => dialog.accept());
  await seeker.reload();
  await seeker.getByRole('button', { name: 'Withdraw application' }).click();
  await expect(seeker.getByText('Withdrawn').first()).toBeVisible();
  await seeker.goto('/notifications');
  const unread = seeker.getByRole('button', { name: /^Mark read/ });
  await expect(unread.first()).toBeVisible();
  const before = await unread.count();
  await unread.first().click();
  await expect(unread).toHaveCount(before - 1);
  await seeker.getByRole('button', { name: 'Mark all read' }).click();
  await expect(unread).toHaveCount(0);
  await expect(seeker.getByTestId('unread-count')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a seeker saves a search as an alert, runs it again, deletes it', async ({ page }, info) => {
  const errors = watchConsole(page, info);
  await signIn(page, 'seeker52@demo.jobgraph.dev');
  await page.goto('/?q=rust&remote=REMOTE');
  await expect(page.locator('.job-card').first()).toBeVisible();
  const name = `Remote Rust ${Date.now().toString(36)}`;
  await page.getByLabel('Save this search as').fill(name);
  await page.getByLabel('Tell me').selectOption('INSTANT');
  await page.getByRole('button', { name: 'Save search' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved “${name}”` })).toBeVisible();
  await page.getByRole('link', { name: 'Saved searches' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Saved searches' })).toBeVisible();
  await visit(page, 'saved-searches');
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/q=rust/);
  await expect(page).toHaveURL(/remote=REMOTE/);
  await page.goBack();
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  expect(errors).toEqual([]);
});
