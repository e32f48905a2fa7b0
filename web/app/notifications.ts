// The signed-in user's unread count, kept live: read from the feed, then
// moved by `notificationAdded` (each carries the count after it). After a
// dropped connection comes back, the count is read again to catch up.
import { signal } from '@preact/signals';
import { graphql } from './gql';
import { execute } from './graphql';
import { subscribe } from './live';

export const unreadCount = signal<number | null>(null);
/** The newest notification that arrived live (for the bell's announcement). */
export const arrived = signal<{ id: string; title: string; link: string | null } | null>(null);

const UnreadCountOperation = graphql(`
  query UnreadCount {
    unreadNotificationCount
  }
`);

const NotificationAddedOperation = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      title
      link
      unreadCount
    }
  }
`);

export async function refreshUnreadCount(): Promise<void> {
  const result = await execute(UnreadCountOperation);
  if (result.data) unreadCount.value = result.data.unreadNotificationCount;
}

/** Follows the signed-in user's notifications until the returned function is called. */
export function followNotifications(): () => void {
  void refreshUnreadCount();
  return subscribe(NotificationAddedOperation, undefined, {
    next: ({ notificationAdded }) => {
      if (notificationAdded.unreadCount != null) unreadCount.value = notificationAdded.unreadCount;
      else unreadCount.value = (unreadCount.value ?? 0) + 1;
      arrived.value = { id: notificationAdded.id, title: notificationAdded.title, link: notificationAdded.link };
    },
    onConnected: () => void refreshUnreadCount(),
  });
}
