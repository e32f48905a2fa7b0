// The seeker's applications: status, history and interviews (times in the
// seeker's own timezone), and withdrawing.
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { useQuery, mutateThen, type ApiError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure, Empty } from '../components/Status';
import { label, ago, dateTime, timezone } from '../format';

const MyApplicationsOperation = graphql(`
  query MyApplications {
    myApplications(first: 50) {
      edges {
        node {
          id
          status
          submittedAt
          updatedAt
          job { id title company { name } }
        }
      }
    }
  }
`);

const ApplicationOperation = graphql(`
  query ApplicationPage($id: ID!) {
    application(id: $id) {
      id
      status
      submittedAt
      coverLetter
      version
      job { id title company { name } }
      history { from to at reason }
      interviews { id type status scheduledAt endsAt durationMinutes timezone location meetingUrl }
    }
  }
`);

const WithdrawOperation = graphql(`
  mutation Withdraw($id: ID!, $reason: String) {
    withdrawApplication(id: $id, reason: $reason) { id status }
  }
`);

const FINAL = ['HIRED', 'REJECTED', 'WITHDRAWN'];

export function MyApplications() {
  const result = useQuery(MyApplicationsOperation);
  const edges = result.data?.myApplications.edges ?? [];
  return (
    <Page title="My applications">
      {result.loading && !result.data ? <Loading what="your applications" /> : null}
      <Failure errors={result.errors} what="Your applications" retry={result.refetch} />
      {result.data && !edges.length ? <Empty>No applications yet. <a href="/">Find a job</a></Empty> : null}
      <ul class="rows">
        {edges.map(({ node }) => (
          <li key={node.id}>
            <a href={`/applications/${node.id}`}>{node.job?.title ?? 'A job no longer listed'}</a>
            {node.job?.company ? ` · ${node.job.company.name}` : ''}
            <span class={`status status-${node.status.toLowerCase()}`}>{label(node.status)}</span>
            <small> applied {ago(node.submittedAt)}</small>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function Application({ id }: { id: string }) {
  const result = useQuery(ApplicationOperation, { id });
  const [error, setError] = useState<ApiError | null>(null);
  const application = result.data?.application;
  if (result.loading && !application) return <Page title="Application"><Loading what="the application" /></Page>;
  if (!application) {
    return (
      <Page title="Application not found">
        <Failure errors={result.errors} what="The application" retry={result.refetch} />
      </Page>
    );
  }
  return (
    <Page title={`Application: ${application.job?.title ?? 'a job'}`}>
      <Failure errors={result.errors} what="Part of this application" retry={result.refetch} />
      <p>
        {application.job ? <a href={`/jobs/${application.job.id}`}>{application.job.title}</a> : null}
        {application.job?.company ? ` · ${application.job.company.name}` : ''}
      </p>
      <p>
        Status: <strong class={`status status-${application.status.toLowerCase()}`}>{label(application.status)}</strong>
      </p>
      <h2>Interviews</h2>
      {application.interviews.length ? (
        <ul class="rows" aria-label="Interviews">
          {application.interviews.map((interview) => (
            <li key={interview.id} class="interview">
              <strong>{label(interview.type)}</strong> · {label(interview.status)}
              <br />
              <time dateTime={interview.scheduledAt}>{dateTime(interview.scheduledAt)}</time> ({interview.durationMinutes} min)
              {interview.timezone !== timezone ? <small> · {dateTime(interview.scheduledAt, interview.timezone)} where it is arranged</small> : null}
              {interview.location ? <div>Where: {interview.location}</div> : null}
              {interview.meetingUrl ? (
                <div>
                  <a href={interview.meetingUrl} rel="noopener noreferrer" target="_blank">
                    Join the meeting
                  </a>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No interview scheduled.</Empty>
      )}
      <h2>History</h2>
      <ol class="history">
        {application.history.map((change, index) => (
          <li key={index}>
            <time dateTime={change.at}>{dateTime(change.at)}</time>: {change.from ? `${label(change.from)} → ` : ''}
            {label(change.to)}
            {change.reason ? ` (${change.reason})` : ''}
          </li>
        ))}
      </ol>
      {!FINAL.includes(application.status) ? (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (!confirm('Withdraw this application? This cannot be undone.')) return;
            await mutateThen(WithdrawOperation, { id: application.id }, result.refetch, setError);
          }}
        >
          {error ? <p class="error" role="alert">{error.message}</p> : null}
          <button type="submit" class="danger">
            Withdraw application
          </button>
        </form>
      ) : null}
    </Page>
  );
}
