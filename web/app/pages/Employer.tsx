// The employer's side: companies, their jobs with publish/pause/close, and
// posting or editing a job (API errors on their fields).
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { graphql } from '../gql';
import type { EmploymentType, ExperienceLevel, RemotePolicy, JobStatus } from '../gql/graphql';
import { useQuery, mutate, ApiError, fieldError, formErrors } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure, Empty } from '../components/Status';
import { Field } from './Auth';
import { label } from '../format';

const MyCompaniesOperation = graphql(`
  query MyCompanies {
    me {
      id
      companies(first: 20) {
        edges {
          node {
            id
            name
            isVerified
          }
        }
      }
    }
  }
`);

const CompanyJobsOperation = graphql(`
  query CompanyJobs($companyId: ID!) {
    jobs(filter: { companyId: $companyId, statuses: [DRAFT, PUBLISHED, PAUSED, CLOSED, FILLED, EXPIRED] }, first: 50) {
      edges { node { id title status version applicationCount } }
    }
  }
`);

const CreateCompanyOperation = graphql(`
  mutation CreateCompany($input: CreateCompanyInput!) {
    createCompany(input: $input) { id name }
  }
`);

const PublishJobOperation = graphql(`
  mutation PublishJob($id: ID!, $version: Int) {
    publishJob(id: $id, version: $version) { id status version }
  }
`);

const PauseJobOperation = graphql(`
  mutation PauseJob($id: ID!, $version: Int) {
    pauseJob(id: $id, version: $version) { id status version }
  }
`);

const CloseJobOperation = graphql(`
  mutation CloseJob($id: ID!, $version: Int) {
    closeJob(id: $id, version: $version) { id status version }
  }
`);

const CreateJobOperation = graphql(`
  mutation CreateJob($input: CreateJobInput!) {
    createJob(input: $input) { id version }
  }
`);

const EditJobOperation = graphql(`
  query EditJob($id: ID!) {
    job(id: $id) {
      id
      title
      description
      employmentType
      experienceLevel
      remotePolicy
      version
      status
      company { id }
      locations { city countryCode }
      salary { min max currency }
    }
  }
`);

const UpdateJobOperation = graphql(`
  mutation UpdateJob($id: ID!, $version: Int!, $input: UpdateJobInput!) {
    updateJob(id: $id, version: $version, input: $input) { id version }
  }
`);

export function EmployerHome() {
  const result = useQuery(MyCompaniesOperation);
  const companies = result.data?.me?.companies.edges.map(({ node }) => node) ?? [];
  return (
    <Page title="Your companies">
      {result.loading && !result.data ? <Loading what="your companies" /> : null}
      <Failure errors={result.errors} what="Your companies" retry={result.refetch} />
      {result.data && !companies.length ? <Empty>No company yet: create one to post jobs.</Empty> : null}
      {companies.map((company) => (
        <section key={company.id} class="company" aria-labelledby={`company-${company.id}`}>
          <h2 id={`company-${company.id}`}>
            {company.name}
            {company.isVerified ? <span class="badge">verified</span> : null}
          </h2>
          <a class="button" href={`/employer/jobs/new?company=${company.id}`}>
            Post a job<span class="visually-hidden"> at {company.name}</span>
          </a>
          <CompanyJobs companyId={company.id} />
        </section>
      ))}
      <CreateCompany onCreated={result.refetch} />
    </Page>
  );
}

function CompanyJobs({ companyId }: { companyId: string }) {
  const result = useQuery(CompanyJobsOperation, { companyId });
  const [error, setError] = useState<ApiError | null>(null);
  const jobs = result.data?.jobs.edges.map(({ node }) => node) ?? [];
  const act = async (run: () => Promise<unknown>) => {
    try {
      setError(null);
      await run();
      result.refetch();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    }
  };
  const can = (status: JobStatus, action: 'publish' | 'pause' | 'close') =>
    ({ publish: ['DRAFT', 'PAUSED', 'CLOSED'], pause: ['PUBLISHED'], close: ['PUBLISHED', 'PAUSED'] })[action].includes(status);
  return (
    <>
      <Failure errors={result.errors} what="The jobs" retry={result.refetch} />
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      {result.data && !jobs.length ? <Empty>No jobs posted yet.</Empty> : null}
      <table class="jobs-table">
        <caption class="visually-hidden">Jobs</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Applications</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">
                <a href={`/jobs/${job.id}`}>{job.title}</a>
              </th>
              <td>
                <span class={`status status-${job.status.toLowerCase()}`}>{label(job.status)}</span>
              </td>
              <td>
                <a href={`/employer/jobs/${job.id}/board`}>
                  {job.applicationCount}
                  <span class="visually-hidden"> applications to {job.title}</span>
                </a>
              </td>
              <td class="actions">
                <a href={`/employer/jobs/${job.id}/edit`}>
                  Edit<span class="visually-hidden"> {job.title}</span>
                </a>
                <a href={`/employer/jobs/${job.id}/stats`}>
                  Stats<span class="visually-hidden"> of {job.title}</span>
                </a>
                {can(job.status, 'publish') ? (
                  <button type="button" onClick={() => act(() => mutate(PublishJobOperation, { id: job.id, version: job.version }))}>
                    Publish<span class="visually-hidden"> {job.title}</span>
                  </button>
                ) : null}
                {can(job.status, 'pause') ? (
                  <button type="button" onClick={() => act(() => mutate(PauseJobOperation, { id: job.id, version: job.version }))}>
                    Pause<span class="visually-hidden"> {job.title}</span>
                  </button>
                ) : null}
                {can(job.status, 'close') ? (
                  <button type="button" onClick={() => act(() => mutate(CloseJobOperation, { id: job.id, version: job.version }))}>
                    Close<span class="visually-hidden"> {job.title}</span>
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function CreateCompany({ onCreated }: { onCreated: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="create-company"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        try {
          setError(null);
          await mutate(CreateCompanyOperation, {
            input: { name: String(data.get('companyName')), description: String(data.get('companyDescription') || '') || undefined },
          });
          form.reset();
          onCreated();
        } catch (caught) {
          setError(caught instanceof ApiError ? caught : null);
        }
      }}
    >
      <h2 id="create-company">Create a company</h2>
      <Field name="companyName" label="Company name" error={fieldError(error, 'name')} />
      <label for="companyDescription">Description</label>
      <textarea id="companyDescription" name="companyDescription" rows={3} />
      {formErrors(error, ['name']).length ? <p class="error" role="alert">{formErrors(error, ['name']).join(' ')}</p> : null}
      <button type="submit">Create company</button>
    </form>
  );
}

const EMPLOYMENT_TYPES: EmploymentType[] = ['FULL_TIME', 'PART_TIME', 'CONTRACT', 'TEMPORARY', 'INTERNSHIP', 'FREELANCE'];
const LEVELS: ExperienceLevel[] = ['ENTRY', 'JUNIOR', 'MID', 'SENIOR', 'LEAD', 'EXECUTIVE'];
const REMOTE: RemotePolicy[] = ['ON_SITE', 'HYBRID', 'REMOTE'];

/** The API's field names the job form shows errors on. */
const JOB_FIELDS = ['title', 'description', 'employmentType', 'experienceLevel', 'remotePolicy', 'locations', 'salary', 'salary.min', 'salary.max', 'salary.currency'];

/** Posting a job (`/employer/jobs/new?company=`) or editing one (`/employer/jobs/:id/edit`). */
export function JobForm({ id }: { id?: string }) {
  const location = useLocation();
  const existing = useQuery(EditJobOperation, { id: id ?? '' }, { skip: !id });
  const job = existing.data?.job;
  const companyId = new URLSearchParams(location.url.split('?')[1] ?? '').get('company') ?? job?.company?.id;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (id && !job) {
    return (
      <Page title="Edit job">
        {existing.loading ? <Loading what="the job" /> : <Failure errors={existing.errors} what="The job" retry={existing.refetch} />}
      </Page>
    );
  }
  const field = (name: string) => fieldError(error, name);
  const select = (name: string, title: string, values: string[], current?: string) => (
    <div class="field">
      <label for={name}>{title}</label>
      <select id={name} name={name} aria-invalid={field(name) ? true : undefined}>
        {values.map((value) => (
          <option key={value} value={value} selected={value === current}>
            {label(value)}
          </option>
        ))}
      </select>
      {field(name) ? <p class="field-error">{field(name)}</p> : null}
    </div>
  );
  return (
    <Page title={job ? `Edit: ${job.title}` : 'Post a job'}>
      <form
        class="form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const text = (name: string) => String(data.get(name) ?? '').trim();
          const min = Number(text('salaryMin'));
          const max = Number(text('salaryMax'));
          const common = {
            title: text('title'),
            description: text('description'),
            employmentType: text('employmentType') as EmploymentType,
            experienceLevel: text('experienceLevel') as ExperienceLevel,
            remotePolicy: text('remotePolicy') as RemotePolicy,
            locations: text('city') ? [{ city: text('city'), countryCode: text('countryCode').toUpperCase() }] : [],
            salary: min || max ? { min, max, currency: text('currency') || 'EUR' } : undefined,
          };
          setBusy(true);
          try {
            setError(null);
            if (job) await mutate(UpdateJobOperation, { id: job.id, version: job.version, input: common });
            else await mutate(CreateJobOperation, { input: { ...common, companyId: companyId ?? '' } });
            location.route('/employer');
          } catch (caught) {
            setError(caught instanceof ApiError ? caught : null);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field name="title" label="Title" value={job?.title} error={field('title')} />
        <div class="field">
          <label for="description">Description</label>
          <textarea id="description" name="description" rows={8} defaultValue={job?.description} aria-invalid={field('description') ? true : undefined} aria-describedby={field('description') ? 'description-error' : undefined} />
          {field('description') ? <p class="field-error" id="description-error">{field('description')}</p> : null}
        </div>
        {select('employmentType', 'Employment type', EMPLOYMENT_TYPES, job?.employmentType)}
        {select('experienceLevel', 'Level', LEVELS, job?.experienceLevel ?? 'MID')}
        {select('remotePolicy', 'Workplace', REMOTE, job?.remotePolicy)}
        <Field name="city" label="City" value={job?.locations[0]?.city} error={field('locations')} />
        <Field name="countryCode" label="Country code (such as DE)" value={job?.locations[0]?.countryCode} />
        <Field name="salaryMin" label="Yearly salary from" type="number" value={job?.salary ? String(job.salary.min) : undefined} error={field('salary') ?? field('salary.min')} />
        <Field name="salaryMax" label="Yearly salary to" type="number" value={job?.salary ? String(job.salary.max) : undefined} error={field('salary.max')} />
        <Field name="currency" label="Currency" value={job?.salary?.currency ?? 'EUR'} error={field('salary.currency')} />
        {formErrors(error, JOB_FIELDS).length ? (
          <p class="error" role="alert">
            {formErrors(error, JOB_FIELDS).join(' ')}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {job ? 'Save job' : 'Post job as a draft'}
        </button>
      </form>
    </Page>
  );
}
