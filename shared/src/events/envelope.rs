//! The envelope every event travels in, and the topics.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The topics of DOMAIN.md, by their default names. Deployments may prefix
/// them (`KAFKA_TOPIC_PREFIX`); the outbox stores these logical names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    Users,
    Jobs,
    Applications,
    Notifications,
    Analytics,
    Search,
}

impl Topic {
    pub const ALL: [Topic; 6] =
        [Topic::Users, Topic::Jobs, Topic::Applications, Topic::Notifications, Topic::Analytics, Topic::Search];

    pub fn name(self) -> &'static str {
        match self {
            Topic::Users => "user-events",
            Topic::Jobs => "job-events",
            Topic::Applications => "application-events",
            Topic::Notifications => "notification-events",
            Topic::Analytics => "analytics-events",
            Topic::Search => "search-events",
        }
    }
}

/// One payload type of DOMAIN.md's events.
pub trait Event: Serialize + DeserializeOwned + JsonSchema {
    /// `job.created`
    const TYPE: &'static str;
    /// Raised when a payload changes incompatibly; consumers refuse newer versions.
    const VERSION: u32;
    const TOPIC: Topic;
    /// The Kafka key: events of one aggregate stay in order.
    fn aggregate_id(&self) -> Uuid;
}

/// What travels on a topic: JSON, camelCase, `data` being the payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<D = serde_json::Value> {
    /// UUIDv7; consumers are idempotent on it.
    pub event_id: Uuid,
    pub event_type: String,
    pub schema_version: u32,
    pub occurred_at: DateTime<Utc>,
    /// The service that published it.
    pub producer: String,
    /// The Kafka message key.
    pub aggregate_id: Uuid,
    /// Who caused it; absent for the system (schedulers, event handlers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    pub data: D,
}

impl Envelope {
    pub fn new<E: Event>(producer: &str, actor_id: Option<Uuid>, event: &E) -> serde_json::Result<Envelope> {
        Ok(Envelope {
            event_id: Uuid::now_v7(),
            event_type: E::TYPE.to_string(),
            schema_version: E::VERSION,
            occurred_at: Utc::now(),
            producer: producer.to_string(),
            aggregate_id: event.aggregate_id(),
            actor_id,
            data: serde_json::to_value(event)?,
        })
    }

    pub fn is<E: Event>(&self) -> bool {
        self.event_type == E::TYPE
    }

    /// The payload as `E`: refused when the type differs or the version is newer than we know.
    pub fn decode<E: Event>(&self) -> anyhow::Result<E> {
        anyhow::ensure!(self.is::<E>(), "expected a {} event, got {}", E::TYPE, self.event_type);
        anyhow::ensure!(
            self.schema_version <= E::VERSION,
            "{} version {} is newer than this service knows ({})",
            E::TYPE,
            self.schema_version,
            E::VERSION
        );
        // Read in place: no copy of the payload.
        Ok(E::deserialize(&self.data)?)
    }
}
