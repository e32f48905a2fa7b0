// A job's pipeline: a column per stage, each application a card that moves
// to the next stage (or is rejected), with interviews and private notes.
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { ApplicationStatus, InterviewType } from '../gql/graphql';
import { useQuery, mutate, ApiError, fieldError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure } from '../components/Status';
import { label, ago, dateTime, timezone } from '../format';

const BoardOperation = graphql(`
  query Board($jobId: ID!) {
    job(id: $jobId) {
      id
      title
      applications(first: 40) {
        edges {
          node {
            id
            status
            submittedAt
            coverLetter
            applicant { id firstName lastName }
            interviews { id type status scheduledAt timezone }
            notes { id body createdAt }
          }
        }
      }
    }
  }
`);

const MoveOperation = graphql(`
  mutation MoveApplication($id: ID!, $to: ApplicationStatus!) {
    moveApplication(id: $id, to: $to) { id status }
  }
`);

const ScheduleOperation = graphql(`
  mutation ScheduleInterview($input: ScheduleInterviewInput!) {
    scheduleInterview(input: $input) { id scheduledAt }
  }
`);

const NoteOperation = graphql(`
  mutation AddRecruiterNote($applicationId: ID!, $body: String!) {
    addRecruiterNote(applicationId: $applicationId, body: $body) { id }
  }
`);

const STAGES: ApplicationStatus[] = ['APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED'];

type Card = NonNullable<NonNullable<ReturnType<typeof useBoard>['data']>['job']>['applications']['edges'][number]['node'];

function useBoard(jobId: string) {
  return useQuery(BoardOperation, { jobId });
}

export function Board({ id }: { id: string }) {
  const board = useBoard(id);
  const [error, setError] = useState<ApiError | null>(null);
  const job = board.data?.job;
  const act = async (run: () => Promise<unknown>) => {
    try {
      setError(null);
      await run();
      board.refetch();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
      throw caught;
    }
  };
  if (board.loading && !job) return <Page title="Pipeline"><Loading what="the pipeline" /></Page>;
  if (!job) return <Page title="Pipeline"><Failure errors={board.errors} what="The pipeline" retry={board.refetch} /></Page>;
  const cards = job.applications.edges.map(({ node }) => node);
  return (
    <Page title={`Pipeline: ${job.title}`} wide>
      <Failure errors={board.errors} what="Part of the pipeline" retry={board.refetch} />
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      <div class="board">
        {STAGES.map((stage) => {
          const inStage = cards.filter((card) => card.status === stage);
          return (
            <section key={stage} class="column" aria-labelledby={`stage-${stage}`}>
              <h2 id={`stage-${stage}`}>
                {label(stage)} <span class="count">{inStage.length}</span>
              </h2>
              <ul>
                {inStage.map((card) => (
                  <CardView key={card.id} card={card} act={act} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </Page>
  );
}

const NEXT: Partial<Record<ApplicationStatus, ApplicationStatus>> = { APPLIED: 'SCREENING', SCREENING: 'INTERVIEW', INTERVIEW: 'OFFER', OFFER: 'HIRED' };

function CardView({ card, act }: { card: Card; act: (run: () => Promise<unknown>) => Promise<void> }) {
  const name = card.applicant ? `${card.applicant.firstName} ${card.applicant.lastName}` : 'An applicant';
  const [moveTo, setMoveTo] = useState<ApplicationStatus | ''>('');
  const open = !['HIRED', 'REJECTED', 'WITHDRAWN'].includes(card.status);
  const choices = STAGES.filter((stage) => stage !== card.status && stage !== 'APPLIED');
  return (
    <li class="card" aria-label={name}>
      <strong>{name}</strong>
      <small> applied {ago(card.submittedAt)}</small>
      {card.coverLetter ? <p class="cover">{card.coverLetter}</p> : null}
      {card.interviews.map((interview) => (
        <p key={interview.id} class="interview">
          {label(interview.type)} interview {dateTime(interview.scheduledAt)} ({label(interview.status)})
        </p>
      ))}
      {open ? (
        <form
          class="move"
          onSubmit={(event) => {
            event.preventDefault();
            const to = moveTo || NEXT[card.status];
            if (to) void act(() => mutate(MoveOperation, { id: card.id, to })).catch(() => {});
          }}
        >
          <label for={`move-${card.id}`}>Move {name} to</label>
          <select id={`move-${card.id}`} value={moveTo || NEXT[card.status] || ''} onChange={(event) => setMoveTo(event.currentTarget.value as ApplicationStatus)}>
            {choices.map((stage) => (
              <option key={stage} value={stage}>
                {label(stage)}
              </option>
            ))}
          </select>
          <button type="submit">Move</button>
        </form>
      ) : null}
      {card.status === 'INTERVIEW' ? <Schedule applicationId={card.id} name={name} act={act} /> : null}
      <details>
        <summary>Notes ({card.notes?.length ?? 0})</summary>
        <ul>
          {card.notes?.map((note) => (
            <li key={note.id}>
              {note.body} <small>· {ago(note.createdAt)}</small>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const body = String(new FormData(form).get('body') ?? '').trim();
            if (body) void act(() => mutate(NoteOperation, { applicationId: card.id, body })).then(() => form.reset(), () => {});
          }}
        >
          <label for={`note-${card.id}`}>A private note on {name}</label>
          <textarea id={`note-${card.id}`} name="body" rows={2} />
          <button type="submit">Add note</button>
        </form>
      </details>
    </li>
  );
}

function Schedule({ applicationId, name, act }: { applicationId: string; name: string; act: (run: () => Promise<unknown>) => Promise<void> }) {
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <form
      class="schedule"
      aria-label={`Schedule an interview with ${name}`}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const local = String(data.get('when') ?? '');
        setError(null);
        void act(() =>
          mutate(ScheduleOperation, {
            input: {
              applicationId,
              type: String(data.get('type')) as InterviewType,
              // The picker gives the employer's local time; the API takes an instant and the zone it is arranged in.
              scheduledAt: local ? new Date(local).toISOString() : '',
              durationMinutes: Number(data.get('duration')) || 60,
              timezone,
              meetingUrl: String(data.get('meetingUrl') ?? '') || undefined,
            },
          }),
        ).catch((caught) => setError(caught instanceof ApiError ? caught : null));
      }}
    >
      <label for={`when-${applicationId}`}>Interview at ({timezone})</label>
      <input id={`when-${applicationId}`} name="when" type="datetime-local" required aria-invalid={fieldError(error, 'scheduledAt') ? true : undefined} />
      {fieldError(error, 'scheduledAt') ? <p class="field-error">{fieldError(error, 'scheduledAt')}</p> : null}
      <label for={`type-${applicationId}`}>Kind</label>
      <select id={`type-${applicationId}`} name="type">
        <option value="VIDEO">Video</option>
        <option value="PHONE">Phone</option>
        <option value="ONSITE">On site</option>
      </select>
      <label for={`duration-${applicationId}`}>Minutes</label>
      <input id={`duration-${applicationId}`} name="duration" type="number" min={15} max={480} step={15} value="60" />
      <label for={`url-${applicationId}`}>Meeting link</label>
      <input id={`url-${applicationId}`} name="meetingUrl" type="url" aria-invalid={fieldError(error, 'meetingUrl') ? true : undefined} />
      {fieldError(error, 'meetingUrl') ? <p class="field-error">{fieldError(error, 'meetingUrl')}</p> : null}
      <button type="submit">Schedule interview</button>
    </form>
  );
}
