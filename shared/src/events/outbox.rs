//! The transactional outbox: events are rows written in the same database
//! transaction as the change that causes them, so a change is never without
//! its event, nor an event without its change. The [`super::relay`]
//! publishes the rows; a crash or a broker outage only delays them.

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use super::envelope::{Envelope, Event};
use super::trace;

/// The `outbox` table every publishing service has.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        /// Insertion order: the relay publishes by it.
        #[sea_orm(primary_key)]
        pub id: i64,
        pub event_id: Uuid,
        /// The logical topic (`user-events`).
        pub topic: String,
        /// The Kafka key.
        pub aggregate_id: Uuid,
        pub event_type: String,
        /// The envelope as JSON.
        pub payload: String,
        pub traceparent: Option<String>,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `processed_events`: what each consumer has applied, for idempotence.
pub mod processed {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "processed_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub consumer: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub event_id: Uuid,
        pub processed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A service's handle on its outbox: which producer it writes as.
#[derive(Clone, Copy, Debug)]
pub struct Outbox {
    producer: &'static str,
}

impl Outbox {
    pub const fn new(producer: &'static str) -> Self {
        Outbox { producer }
    }

    /// Records `event` on `db`, which must be the transaction of the change.
    /// The current trace context goes with it.
    pub async fn record<E: Event>(
        &self,
        db: &impl ConnectionTrait,
        actor_id: Option<Uuid>,
        event: &E,
    ) -> crate::Result<Envelope> {
        let mut recorded = self.record_all(db, actor_id, std::slice::from_ref(event)).await?;
        Ok(recorded.pop().expect("one event, one envelope"))
    }

    /// Records `events`, in order, with one statement (a batch of tracked
    /// events, say), on `db`, the transaction of the change.
    pub async fn record_all<E: Event>(
        &self,
        db: &impl ConnectionTrait,
        actor_id: Option<Uuid>,
        events: &[E],
    ) -> crate::Result<Vec<Envelope>> {
        let traceparent = trace::current();
        self.record_traced(db, actor_id, events.iter().map(|event| (event, traceparent.clone()))).await
    }

    /// Records `events`, each with its own trace context (events of several
    /// causes written together), with one statement, on `db`, the
    /// transaction of the change.
    pub async fn record_traced<'e, E: Event + 'e>(
        &self,
        db: &impl ConnectionTrait,
        actor_id: Option<Uuid>,
        events: impl IntoIterator<Item = (&'e E, Option<String>)>,
    ) -> crate::Result<Vec<Envelope>> {
        let now = Utc::now();
        let mut envelopes = Vec::new();
        let mut rows = Vec::new();
        for (event, traceparent) in events {
            let envelope = Envelope::new(self.producer, actor_id, event).map_err(crate::Error::internal)?;
            rows.push(entity::ActiveModel {
                event_id: Set(envelope.event_id),
                topic: Set(E::TOPIC.name().to_string()),
                aggregate_id: Set(envelope.aggregate_id),
                event_type: Set(envelope.event_type.clone()),
                payload: Set(serde_json::to_string(&envelope).map_err(crate::Error::internal)?),
                traceparent: Set(traceparent),
                created_at: Set(now),
                sent_at: Set(None),
                ..Default::default()
            });
            envelopes.push(envelope);
        }
        if !rows.is_empty() {
            entity::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
        Ok(envelopes)
    }
}
