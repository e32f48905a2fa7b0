// The feed, marking read, and what the user wants to receive.
import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { NotificationCategory, NotificationChannel, EmailFrequency } from '../gql/graphql';
import { useQuery, mutate, mutateThen, ApiError } from '../graphql';
import { Page } from '../components/Page';
import { Loading, Failure, Empty } from '../components/Status';
import { ago, label } from '../format';
import { arrived, refreshUnreadCount } from '../notifications';

const FeedOperation = graphql(`
  query NotificationFeed($after: String) {
    notifications(first: 30, after: $after) {
      edges {
        node { id title body link status createdAt readAt category }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const MarkReadOperation = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) { id status readAt }
  }
`);

const MarkAllReadOperation = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

const PreferencesOperation = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      timezone
      items { category channel enabled frequency locked }
    }
  }
`);

const UpdatePreferenceOperation = graphql(`
  mutation UpdateNotificationPreference($input: UpdateNotificationPreferenceInput!) {
    updateNotificationPreference(input: $input) { category channel enabled frequency locked }
  }
`);

export function Notifications() {
  const feed = useQuery(FeedOperation, {});
  const [error, setError] = useState<ApiError | null>(null);
  // A notification arriving live shows in the feed at once.
  useEffect(() => {
    if (arrived.value) feed.refetch();
  }, [arrived.value?.id]);
  const edges = feed.data?.notifications.edges ?? [];
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      feed.refetch();
      await refreshUnreadCount();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    }
  };
  return (
    <Page title="Notifications">
      {edges.some(({ node }) => !node.readAt) ? (
        <button type="button" onClick={() => act(() => mutate(MarkAllReadOperation))}>
          Mark all read
        </button>
      ) : null}
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      {feed.loading && !feed.data ? <Loading what="notifications" /> : null}
      <Failure errors={feed.errors} what="Notifications" retry={feed.refetch} />
      {feed.data && !edges.length ? <Empty>Nothing yet.</Empty> : null}
      <ul class="rows notifications" aria-label="Notifications">
        {edges.map(({ node }) => (
          <li key={node.id} class={node.readAt ? 'is-read' : 'is-unread'}>
            <strong>{node.link ? <a href={node.link}>{node.title}</a> : node.title}</strong>
            {node.readAt ? null : <span class="badge">new</span>}
            <p>{node.body}</p>
            <small>
              {label(node.category)} · {ago(node.createdAt)}
            </small>
            {node.readAt ? null : (
              <button type="button" class="link" onClick={() => act(() => mutate(MarkReadOperation, { id: node.id }))}>
                Mark read<span class="visually-hidden">: {node.title}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <Preferences />
    </Page>
  );
}

function Preferences() {
  const result = useQuery(PreferencesOperation);
  const [error, setError] = useState<ApiError | null>(null);
  const preferences = result.data?.notificationPreferences;
  const update = async (category: NotificationCategory, channel: NotificationChannel, enabled: boolean, frequency?: EmailFrequency) => {
    setError(null);
    await mutateThen(UpdatePreferenceOperation, { input: { category, channel, enabled, frequency } }, result.refetch, setError);
  };
  const categories = [...new Set(preferences?.items.map((item) => item.category) ?? [])];
  return (
    <>
      <h2>What you receive</h2>
      <Failure errors={result.errors} what="Your preferences" retry={result.refetch} />
      {error ? <p class="error" role="alert">{error.message}</p> : null}
      {preferences ? (
        <table class="preferences">
          <caption class="visually-hidden">Notification preferences by category and channel</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">In the app</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((category) => {
              const inApp = preferences.items.find((item) => item.category === category && item.channel === 'IN_APP');
              const email = preferences.items.find((item) => item.category === category && item.channel === 'EMAIL');
              return (
                <tr key={category}>
                  <th scope="row">{label(category)}</th>
                  <td>
                    {inApp ? (
                      <input
                        type="checkbox"
                        aria-label={`${label(category)} in the app`}
                        checked={inApp.enabled}
                        disabled={inApp.locked}
                        onChange={(event) => update(category, 'IN_APP', event.currentTarget.checked)}
                      />
                    ) : null}
                  </td>
                  <td>
                    {email ? (
                      <>
                        <input
                          type="checkbox"
                          aria-label={`${label(category)} by email`}
                          checked={email.enabled}
                          disabled={email.locked}
                          onChange={(event) => update(category, 'EMAIL', event.currentTarget.checked, email.frequency)}
                        />{' '}
                        <select
                          aria-label={`${label(category)} email frequency`}
                          value={email.frequency}
                          disabled={!email.enabled}
                          onChange={(event) => update(category, 'EMAIL', true, event.currentTarget.value as EmailFrequency)}
                        >
                          <option value="INSTANT">At once</option>
                          <option value="DAILY_DIGEST">Daily digest</option>
                        </select>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : result.loading ? (
        <Loading what="your preferences" />
      ) : null}
    </>
  );
}
