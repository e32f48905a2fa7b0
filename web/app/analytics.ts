// What only the browser sees (views, apply starts, searches), sent to
// analytics. A session id per tab; nothing personal in `properties`.
import { graphql } from './gql';
import type { TrackedEventType } from './gql/graphql';
import { execute } from './graphql';

const TrackEventOperation = graphql(`
  mutation TrackEvent($input: TrackEventInput!) {
    trackEvent(input: $input)
  }
`);

function sessionId(): string {
  let id = sessionStorage.getItem('jobgraph.analytics-session');
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem('jobgraph.analytics-session', id);
  }
  return id;
}

export function trackEvent(event: { type: TrackedEventType; jobId?: string; companyId?: string; properties?: Record<string, unknown> }): void {
  const utm = new URLSearchParams(location.search);
  void execute(TrackEventOperation, {
    input: {
      ...event,
      sessionId: sessionId(),
      utmSource: utm.get('utm_source') ?? undefined,
      utmMedium: utm.get('utm_medium') ?? undefined,
      utmCampaign: utm.get('utm_campaign') ?? undefined,
      referrer: document.referrer || undefined,
    },
  });
}
