//! Real time: the subscribers of this process, by user, and the fan-out
//! that feeds them. The replica that made a notification tells its own
//! subscribers as soon as its transaction commits; every replica also
//! tails `notification-events` on its own (no shared group, nothing
//! committed), so a notification made by any replica reaches a subscriber
//! connected to any other. What this replica already told its subscribers
//! is skipped when it comes back from the log. A subscriber that falls
//! behind skips ahead; what it missed is in the feed.

use std::collections::{HashMap, HashSet, VecDeque};
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

/// Notifications told here before the log brings them back, remembered
/// so that they are not told twice: the log brings them back within a
/// second or so, this covers minutes at thousands per second.
const TOLD_HERE: usize = 100_000;

#[derive(Clone, Default)]
pub struct Live {
    users: Arc<Mutex<HashMap<Uuid, broadcast::Sender<Arrived>>>>,
    told_here: Arc<Mutex<ToldHere>>,
}

/// Ids of notifications told here, oldest first, forgotten when the log
/// brings them back or when there are too many.
#[derive(Default)]
struct ToldHere {
    ids: HashSet<Uuid>,
    order: VecDeque<Uuid>,
}

impl ToldHere {
    fn remember(&mut self, id: Uuid) {
        if self.ids.insert(id) {
            self.order.push_back(id);
        }
        while self.order.len() > TOLD_HERE {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
    }

    /// True once for an id remembered (and then forgets it).
    fn take(&mut self, id: Uuid) -> bool {
        // Its place in `order` goes when it comes round; the set decides.
        self.ids.remove(&id)
    }
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

    /// Tells `user`'s subscribers in this process of a new notification;
    /// false when the user has none here.
    pub fn publish(&self, user: Uuid, notification: Arrived) -> bool {
        match self.users.lock().expect("live subscribers").get(&user) {
            Some(sender) => sender.send(notification).is_ok(),
            None => false,
        }
    }

    /// Tells this process's subscribers of an in-app notification this
    /// process made, once its transaction has committed, without waiting
    /// for the log to bring it back (which is then skipped).
    pub fn made_here(&self, notification: notification::Model) {
        let id = notification.id;
        if self.publish(notification.user_id, Arrived::Shown(Arc::new(notification))) {
            self.told_here.lock().expect("told here").remember(id);
        }
    }

    /// Tells this process's subscribers of a notification the log brought,
    /// unless they were told of it already.
    pub fn from_log(&self, created: NotificationCreated) {
        if created.channel != Channel::InApp.as_str()
            || self.told_here.lock().expect("told here").take(created.notification_id)
        {
            return;
        }
        self.publish(created.user_id, Arrived::of(created));
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
                if let Ok(created) = envelope.decode::<NotificationCreated>() {
                    self.from_log(created);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deliver::created_event;

    /// An in-app notification as its event carries it.
    fn made_for(user: Uuid) -> notification::Model {
        let created = NotificationCreated {
            notification_id: Uuid::now_v7(),
            user_id: user,
            category: Category::ApplicationUpdates.as_str(),
            channel: Channel::InApp.as_str(),
            title: "Your application: screening".into(),
            created_at: chrono::Utc::now(),
            shown: Some(jobgraph_shared::events::payloads::NotificationShown {
                kind: "application.status_changed".into(),
                body: "".into(),
                link: None,
                application_id: None,
                job_id: None,
                interview_id: None,
            }),
        };
        match Arrived::of(created) {
            Arrived::Shown(model) => model.as_ref().clone(),
            Arrived::Id(_) => unreachable!("an in-app notification's event carries it whole"),
        }
    }

    fn id_of(arrived: Arrived) -> Uuid {
        match arrived {
            Arrived::Shown(model) => model.id,
            Arrived::Id(id) => id,
        }
    }

    #[tokio::test]
    async fn a_notification_told_here_is_not_told_again_when_the_log_brings_it_back() {
        let live = Live::default();
        let user = Uuid::now_v7();
        let mut subscriber = live.subscribe(user);
        let made_here = made_for(user);
        let made_elsewhere = made_for(user);
        live.made_here(made_here.clone());
        live.from_log(created_event(&made_here));
        live.from_log(created_event(&made_elsewhere));
        assert_eq!(id_of(subscriber.receiver.recv().await.unwrap()), made_here.id);
        assert_eq!(id_of(subscriber.receiver.recv().await.unwrap()), made_elsewhere.id);
        assert!(subscriber.receiver.try_recv().is_err(), "each told once");
    }
}
