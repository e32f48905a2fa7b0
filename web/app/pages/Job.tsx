// A job: what it is, who offers it, similar jobs, and applying.
import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { JobPageQuery } from '../gql/graphql';
import { useQuery, mutate, ApiError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure } from '../components/Status';
import { label, salary, date, ago } from '../format';
import { session } from '../session';
import { trackEvent } from '../analytics';

const JobOperation = graphql(`
  query JobPage($id: ID!, $seeker: Boolean!) {
    job(id: $id) {
      id
      title
      description
      requirements
      responsibilities
      employmentType
      experienceLevel
      remotePolicy
      status
      publishedAt
      applicationDeadline
      acceptsApplications
      salary { min max currency period }
      locations { city region countryCode }
      skills { required skill { id name } }
      company { id name description website isVerified }
      similarJobs(first: 5) { id title company { name } }
      myApplication @include(if: $seeker) { id status submittedAt }
    }
  }
`);

const ApplyOperation = graphql(`
  mutation Apply($input: ApplyToJobInput!) {
    applyToJob(input: $input) { id status submittedAt }
  }
`);

export function Job({ id }: { id: string }) {
  const seeker = session.value?.role === 'JOB_SEEKER';
  const result = useQuery(JobOperation, { id, seeker });
  const job = result.data?.job;

  useEffect(() => {
    if (job) trackEvent({ type: 'JOB_VIEWED', jobId: job.id, companyId: job.company?.id });
  }, [job?.id]);

  if (result.loading && !job) return <Page title="Job"><Loading what="the job" /></Page>;
  if (!job) {
    return (
      <Page title="Job not found">
        <Failure errors={result.errors} what="The job" retry={result.refetch} />
        {!result.errors.length ? <p>This job does not exist, or is no longer listed. <a href="/">Search jobs</a></p> : null}
      </Page>
    );
  }
  return (
    <Page title={job.title}>
      <Failure errors={result.errors} what="Part of this job" retry={result.refetch} />
      <p class="meta">
        {job.company ? job.company.name : 'A company'}
        {job.company?.isVerified ? <span class="badge">verified</span> : null} · {label(job.employmentType)} · {label(job.experienceLevel)} ·{' '}
        {label(job.remotePolicy)}
      </p>
      {salary(job.salary) ? <p class="salary">{salary(job.salary)}</p> : null}
      {job.locations.length ? <p>{job.locations.map((place) => [place.city, place.region, place.countryCode].filter(Boolean).join(', ')).join(' · ')}</p> : null}
      {job.publishedAt ? <p class="posted">Posted {ago(job.publishedAt)}</p> : null}
      {job.applicationDeadline ? <p>Apply by {date(job.applicationDeadline)}</p> : null}
      {job.skills.length ? (
        <ul class="skills" aria-label="Skills">
          {job.skills.map(({ skill, required }) => (
            <li key={skill.id} class={required ? 'required' : undefined}>
              {skill.name}
              {required ? '' : ' (a plus)'}
            </li>
          ))}
        </ul>
      ) : null}
      <div class="text">{job.description}</div>
      {job.responsibilities ? (
        <>
          <h2>What you will do</h2>
          <div class="text">{job.responsibilities}</div>
        </>
      ) : null}
      {job.requirements ? (
        <>
          <h2>What you bring</h2>
          <div class="text">{job.requirements}</div>
        </>
      ) : null}
      <Apply jobId={job.id} accepts={job.acceptsApplications} mine={job.myApplication ?? null} onApplied={result.refetch} />
      {job.company?.description ? (
        <>
          <h2>About {job.company.name}</h2>
          <div class="text">{job.company.description}</div>
        </>
      ) : null}
      {job.similarJobs?.length ? (
        <>
          <h2>Similar jobs</h2>
          <ul>
            {job.similarJobs.map((similar) => (
              <li key={similar.id}>
                <a href={`/jobs/${similar.id}`}>{similar.title}</a>
                {similar.company ? ` · ${similar.company.name}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

type MyApplication = NonNullable<NonNullable<JobPageQuery['job']>['myApplication']>;

function Apply({ jobId, accepts, mine, onApplied }: { jobId: string; accepts: boolean; mine: MyApplication | null; onApplied: () => void }) {
  const [coverLetter, setCoverLetter] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [started, setStarted] = useState(false);
  const role = session.value?.role;

  if (mine) {
    return (
      <p class="applied" role="status">
        You applied {ago(mine.submittedAt)}: <a href={`/applications/${mine.id}`}>{label(mine.status)}</a>
      </p>
    );
  }
  if (!accepts) return <p class="closed">This job no longer takes applications.</p>;
  if (!role) {
    return (
      <p>
        <a href={`/signin?next=/jobs/${jobId}`}>Sign in</a> or <a href="/signup">sign up</a> as a job seeker to apply.
      </p>
    );
  }
  if (role !== 'JOB_SEEKER') return null;
  return (
    <form
      class="apply"
      aria-labelledby="apply-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setSending(true);
        setError(null);
        try {
          await mutate(ApplyOperation, { input: { jobId, coverLetter: coverLetter || undefined, idempotencyKey: `${jobId}:${session.value?.userId}` } });
          onApplied();
        } catch (caught) {
          setError(caught instanceof ApiError ? caught : new ApiError([{ message: String(caught) }]));
        } finally {
          setSending(false);
        }
      }}
    >
      <h2 id="apply-title">Apply</h2>
      <label for="cover-letter">Cover letter (optional)</label>
      <textarea
        id="cover-letter"
        rows={6}
        value={coverLetter}
        onFocus={() => {
          if (!started) trackEvent({ type: 'APPLY_STARTED', jobId });
          setStarted(true);
        }}
        onInput={(event) => setCoverLetter(event.currentTarget.value)}
      />
      {error ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="submit" disabled={sending}>
        {sending ? 'Sending…' : 'Send application'}
      </button>
    </form>
  );
}
