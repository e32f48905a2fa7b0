//! Real time: the subscribers of this process, by user, and the fan-out
//! that feeds them. Every replica tails `notification-events` on its own
//! (no shared group, nothing committed), so a notification made by any
//! replica reaches a subscriber connected to any other. A subscriber that
//! falls behind skips ahead; what it missed is in the feed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jobgraph_shared::events::payloads::NotificationCreated;
use jobgraph_shared::events::{Envelope, Topic, Transport};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use sea_orm::ActiveEnum;

use crate::entities::enums::{Category, Channel, NotificationStatus};
use crate::entities::notification;

/// Notifications one subscriber may have waiting before it skips ahead.
const BUFFER: usize = 64;

/// Subscriptions open in this process, on its `/metrics`.
static SUBSCRIBERS: std::sync::LazyLock<prometheus::IntGauge> = std::sync::LazyLock::new(|| {
    let gauge = prometheus::IntGauge::new(
        "jobgraph_notifications_subscribers",
        "notificationAdded subscriptions open in this process",
    )
    .expect("a valid metric");
    // Registering twice (two services in one test process) is harmless.
    let _ = prometheus::default_registry().register(Box::new(gauge.clone()));
    gauge
});

#[derive(Clone, Default)]
pub struct Live {
    users: Arc<Mutex<HashMap<Uuid, broadcast::Sender<Arrived>>>>,
}

/// A new notification as subscribers hear of it: whole (from its event,
/// no read needed), or only its id (an event recorded before events
/// carried it).
#[derive(Clone, Debug)]
pub enum Arrived {
    Shown(Arc<notification::Model>),
    Id(Uuid),
}

impl Arrived {
    fn of(created: NotificationCreated) -> Arrived {
        let category = Category::try_from_value(&created.category).ok();
        let (Some(shown), Some(category)) = (created.shown, category) else {
            return Arrived::Id(created.notification_id);
        };
        let model = notification::Model {
            id: created.notification_id,
            user_id: created.user_id,
            kind: shown.kind,
            category,
            channel: Channel::InApp,
            title: created.title,
            body: shown.body,
            link: shown.link,
            application_id: shown.application_id,
            job_id: shown.job_id,
            interview_id: shown.interview_id,
            status: NotificationStatus::Sent,
            created_at: created.created_at,
            read_at: None,
            email_to: None,
            email_html: None,
            digest: false,
            deliver_after: None,
            attempts: 0,
            sent_at: Some(created.created_at),
            last_error: None,
        };
        Arrived::Shown(Arc::new(model))
    }
}

/// One subscriber's receiver of new notifications; leaving forgets the
/// user once their last subscriber has gone.
pub struct Subscriber {
    pub receiver: broadcast::Receiver<Arrived>,
    live: Live,
    user: Uuid,
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        SUBSCRIBERS.dec();
        let mut users = self.live.users.lock().expect("live subscribers");
        // This subscriber's receiver still counts until the end of drop.
        if users.get(&self.user).is_some_and(|sender| sender.receiver_count() <= 1) {
            users.remove(&self.user);
        }
    }
}

impl Live {
    pub fn subscribe(&self, user: Uuid) -> Subscriber {
        let mut users = self.users.lock().expect("live subscribers");
        let receiver = users.entry(user).or_insert_with(|| broadcast::channel(BUFFER).0).subscribe();
        SUBSCRIBERS.inc();
        Subscriber { receiver, live: self.clone(), user }
    }

    /// Tells `user`'s subscribers in this process of a new notification.
    pub fn publish(&self, user: Uuid, notification: Arrived) {
        if let Some(sender) = self.users.lock().expect("live subscribers").get(&user) {
            let _ = sender.send(notification);
        }
    }

    /// Feeds the subscribers from `notification-events` until `shutdown`.
    pub async fn run_fanout(self, transport: Transport, shutdown: CancellationToken) -> anyhow::Result<()> {
        let mut source = transport.tail(&[Topic::Notifications]).await?;
        loop {
            let batch = tokio::select! {
                _ = shutdown.cancelled() => return Ok(()),
                batch = source.next_batch(1000) => batch,
            };
            let batch = match batch {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "reading notification-events failed; retrying");
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    continue;
                }
            };
            for delivery in batch {
                let Ok(envelope) = serde_json::from_slice::<Envelope>(&delivery.payload) else { continue };
                if !envelope.is::<NotificationCreated>() {
                    continue;
                }
                if let Ok(created) = envelope.decode::<NotificationCreated>()
                    && created.channel == Channel::InApp.as_str()
                {
                    self.publish(created.user_id, Arrived::of(created));
                }
            }
        }
    }
}
