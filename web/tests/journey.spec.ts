// The journey the issue names: an employer posts a job, a seeker finds it
// by a misspelled word, narrows by a facet and applies; the employer moves
// the application to INTERVIEW on the board and schedules an interview; the
// seeker's bell shows it live and the application page shows the interview
// in the seeker's own timezone. axe-core on every page; screenshots of each.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { visit, watchConsole } from './support';

const run = Date.now().toString(36);
const employerEmail = `employer-${run}@example.com`;
const seekerEmail = `seeker-${run}@example.com`;
const password = 'correct horse battery staple';
// A word no demo job has, searched with a letter missing.
const title = `Quillfeather Platform Engineer ${run}`;
const misspelled = 'quilfeather';

async function signUp(page: Page, role: 'JOB_SEEKER' | 'EMPLOYER', email: string, firstName: string) {
  await page.goto('/signup');
  await visit(page, 'sign-up');
  await page.getByLabel(role === 'EMPLOYER' ? 'hiring' : 'looking for a job').check();
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill('Tester');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function person(browser: Browser, timezoneId: string) {
  const context = await browser.newContext({ timezoneId, locale: 'en-GB' });
  return context.newPage();
}

test('post, find with a typo, apply, interview, notified live', async ({ browser }, info) => {
  const employer = await person(browser, 'Europe/Berlin');
  const seeker = await person(browser, 'America/New_York');
  const errors = [...watchConsole(employer, info), ...watchConsole(seeker, info)];

  // The employer signs up, creates a company, posts and publishes a job.
  await signUp(employer, 'EMPLOYER', employerEmail, 'Erin');
  await expect(employer.getByRole('heading', { level: 1, name: 'Your companies' })).toBeVisible();
  await employer.getByLabel('Company name').fill(`Quill Works ${run}`);
  await employer.getByRole('button', { name: 'Create company' }).click();
  await employer.getByRole('link', { name: `Post a job at Quill Works ${run}` }).click();
  await expect(employer.getByRole('heading', { level: 1, name: 'Post a job' })).toBeVisible();
  // A form error from the API shows on its field.
  await employer.getByRole('button', { name: 'Post job as a draft' }).click();
  await expect(employer.locator('.field-error').first()).toBeVisible();
  await visit(employer, 'post-job');
  await employer.getByLabel('Title').fill(title);
  await employer.getByLabel('Description').fill('Build the platform our writers use every day: Rust services, Kubernetes, and a fast search.');
  await employer.getByLabel('Workplace').selectOption('REMOTE');
  await employer.getByLabel('City').fill('Berlin');
  await employer.getByLabel(/Country code/).fill('DE');
  await employer.getByLabel('Yearly salary from').fill('70000');
  await employer.getByLabel('Yearly salary to').fill('90000');
  await employer.getByRole('button', { name: 'Post job as a draft' }).click();
  await expect(employer.getByRole('heading', { level: 1, name: 'Your companies' })).toBeVisible();
  await employer.getByRole('button', { name: `Publish ${title}` }).click();
  await expect(employer.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
  await visit(employer, 'employer-home');

  // The seeker signs up and finds it by a misspelled word.
  await signUp(seeker, 'JOB_SEEKER', seekerEmail, 'Sam');
  await visit(seeker, 'search');
  await expect(async () => {
    await seeker.goto(`/?q=${misspelled}`);
    await expect(seeker.getByRole('link', { name: title })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(seeker).toHaveURL(new RegExp(`q=${misspelled}`));
  // Narrowing by a facet keeps it (it is remote) and puts the filter in the URL.
  await seeker.getByRole('checkbox', { name: /^Remote/ }).check();
  await expect(seeker).toHaveURL(/remote=REMOTE/);
  await expect(seeker.getByRole('link', { name: title })).toBeVisible();
  await visit(seeker, 'search-results');
  await seeker.getByRole('link', { name: title }).click();
  await expect(seeker.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await seeker.getByLabel('Cover letter (optional)').fill('I have shipped Rust services for years.');
  await visit(seeker, 'job');
  await seeker.getByRole('button', { name: 'Send application' }).click();
  await expect(seeker.getByText(/You applied/)).toBeVisible();
  // The back button goes back to the search, filters and all.
  await seeker.goBack();
  await expect(seeker).toHaveURL(/remote=REMOTE/);
  await seeker.goto('/applications');
  await expect(seeker.getByRole('link', { name: title })).toBeVisible();
  await visit(seeker, 'my-applications');
  const unreadBefore = Number((await seeker.getByTestId('unread-count').textContent({ timeout: 1_000 }).catch(() => '0')) || 0);

  // The employer moves the application to INTERVIEW on the board and schedules an interview.
  await employer.goto('/employer');
  await employer.getByRole('link', { name: `1 applications to ${title}` }).click();
  await expect(employer.getByRole('heading', { level: 1, name: `Pipeline: ${title}` })).toBeVisible();
  const card = employer.getByRole('listitem', { name: 'Sam Tester' });
  await card.getByRole('button', { name: 'Move' }).click(); // APPLIED -> SCREENING
  await expect(employer.getByRole('region', { name: /Screening/ }).getByRole('listitem', { name: 'Sam Tester' })).toBeVisible();
  await card.getByLabel('Move Sam Tester to').selectOption('INTERVIEW');
  await card.getByRole('button', { name: 'Move' }).click();
  await expect(employer.getByRole('region', { name: /Interview/ }).getByRole('listitem', { name: 'Sam Tester' })).toBeVisible();

  // The seeker's bell counts it without a reload.
  await expect(seeker.getByTestId('unread-count')).toHaveText(String(unreadBefore + 2), { timeout: 10_000 });

  const when = new Date(Date.now() + 3 * 86_400_000);
  when.setUTCHours(14, 30, 0, 0); // 15:30 in Berlin (winter), 09:30 in New York
  const berlinLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(when)
    .replace(' ', 'T');
  await card.getByLabel(/Interview at/).fill(berlinLocal);
  // A video interview without its link is refused, and the form says where.
  await card.getByRole('button', { name: 'Schedule interview' }).click();
  await expect(card.locator('.field-error')).toContainText('meeting URL');
  await card.getByLabel('Meeting link').fill('https://meet.example.com/quill');
  await card.getByRole('button', { name: 'Schedule interview' }).click();
  await expect(card.getByText(/Video interview/)).toBeVisible();
  await visit(employer, 'pipeline');
  await expect(seeker.getByTestId('unread-count')).toHaveText(String(unreadBefore + 3), { timeout: 10_000 });

  // The application page shows the interview in the seeker's timezone.
  await seeker.getByRole('link', { name: title }).click();
  const expected = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(when);
  await expect(seeker.getByRole('list', { name: 'Interviews' })).toContainText(expected);
  await expect(seeker.getByRole('list', { name: 'Interviews' })).toContainText(/GMT-5|EST/);
  await visit(seeker, 'application');
  await seeker.getByRole('link', { name: /^Notifications/ }).click();
  await expect(seeker.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first()).toBeVisible();
  await visit(seeker, 'notifications');

  expect(errors).toEqual([]);
});
