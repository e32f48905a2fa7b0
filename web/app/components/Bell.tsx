// The notification bell: the live unread count, announced politely to
// screen readers when a notification arrives.
import { useEffect } from 'preact/hooks';
import { unreadCount, arrived, followNotifications } from '../notifications';
import { session } from '../session';

export function Bell() {
  const user = session.value?.userId;
  useEffect(() => {
    if (!user) return;
    return followNotifications();
  }, [user]);
  const count = unreadCount.value ?? 0;
  return (
    <>
      <a href="/notifications" class="bell" aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
          <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count ? (
          <span class="unread" data-testid="unread-count">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </a>
      <p class="visually-hidden" role="status" aria-live="polite">
        {arrived.value ? `New notification: ${arrived.value.title}` : ''}
      </p>
    </>
  );
}
