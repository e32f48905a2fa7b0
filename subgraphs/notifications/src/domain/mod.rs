//! The rules of the notifications service, free of GraphQL types: what each
//! event tells whom, preferences and quiet hours, the feed, templates, and
//! email delivery with its daily digest.

pub mod deliver;
pub mod email;
pub mod event_handler;
pub mod feed;
pub mod live;
pub mod preferences;
pub mod template_store;
pub mod templates;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use jobgraph_shared::events::Outbox;
use sea_orm::DatabaseConnection;

pub const OUTBOX: Outbox = Outbox::new("notifications");

/// What time it is: the system's, or one a test sets (digests are daily;
/// tests move the day on rather than sleep through it).
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is set.
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn at(now: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(now)))
    }

    pub fn set(&self, now: DateTime<Utc>) {
        *self.0.lock().expect("clock") = now;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
}

/// Everything the notifications service needs at run time: cheap to clone.
#[derive(Clone)]
pub struct NotificationsService {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    /// This process's `notificationAdded` subscribers.
    pub live: live::Live,
}

impl NotificationsService {
    pub fn new(db: DatabaseConnection) -> Self {
        NotificationsService { db, clock: Arc::new(SystemClock), live: live::Live::default() }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}
