//! Consumers: one group per service. A handler runs in one database
//! transaction together with the insert into `processed_events`, so a
//! redelivered event changes nothing; offsets are committed after the
//! transaction. Failures are retried with backoff; after the last attempt
//! the message goes to `<topic>.dlq` with the error in its headers, and
//! consumption goes on.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use super::envelope::{Envelope, Topic};
use super::metrics;
use super::outbox::processed;
use super::trace;
use super::transport::{Delivery, Message, Source, Transport, dead_letter_topic};

/// Live consumption, or a rebuild from the topics' beginning: a replay
/// rebuilds caches and must not repeat side effects (closing jobs, emails).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Live,
    Replay,
}

/// What a service does with the events it consumes.
pub trait Handler: Send + Sync + 'static {
    /// The topics it reads.
    fn topics(&self) -> &'static [Topic];

    /// The tables built from events alone (the caches): a replay empties
    /// and rebuilds them.
    fn caches(&self) -> &'static [&'static str];

    /// Applies `event` within `txn`. Events of types it does not know are
    /// ignored (Ok). An error rolls the transaction back and is retried.
    fn handle(
        &self,
        txn: &DatabaseTransaction,
        event: &Envelope,
        mode: Mode,
    ) -> impl Future<Output = anyhow::Result<()>> + Send;

    /// Applies `events`, in their order, within `txn`: the new events of one
    /// batch. By default each is handled in its own span and trace context;
    /// a handler overrides this to write a run of events in fewer statements.
    fn handle_batch(
        &self,
        txn: &DatabaseTransaction,
        events: &[Incoming<'_>],
        mode: Mode,
    ) -> impl Future<Output = anyhow::Result<()>> + Send {
        async move {
            for event in events {
                event.traced(self.handle(txn, event.envelope, mode)).await?;
            }
            Ok(())
        }
    }

    /// Told once the transaction of the last `handle_batch` has committed:
    /// for effects that must not be seen before the commit (this process's
    /// live subscribers hearing of what the batch made). A handler that
    /// keeps such effects aside starts afresh at each `handle_batch`, since
    /// a batch whose transaction failed is never told.
    fn committed(&self) {}
}

/// An event of a batch, with the trace context it arrived with.
pub struct Incoming<'a> {
    pub envelope: &'a Envelope,
    consumer: &'static str,
    traceparent: Option<&'a str>,
}

impl<'a> Incoming<'a> {
    pub(crate) fn new(envelope: &'a Envelope, consumer: &'static str, traceparent: Option<&'a str>) -> Self {
        Incoming { envelope, consumer, traceparent }
    }

    /// Runs `work`, the handling of this event, in the event's span and
    /// trace context, so that the events it records continue its trace.
    pub async fn traced<F: Future>(&self, work: F) -> F::Output {
        let span = tracing::info_span!(
            "event",
            consumer = self.consumer,
            event_type = %self.envelope.event_type,
            event_id = %self.envelope.event_id,
            trace_id = self.traceparent.and_then(trace::trace_id).unwrap_or_default(),
        );
        trace::with_traceparent(self.traceparent.map(str::to_string), work.instrument(span)).await
    }
}

#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts at one event before it is dead-lettered.
    pub attempts: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
}

impl RetryPolicy {
    pub fn from_args(args: &crate::config::EventsArgs) -> Self {
        RetryPolicy { attempts: args.consumer_attempts.max(1), backoff: args.consumer_backoff }
    }
}

/// An event a consumer applied, told once its transaction committed.
#[derive(Clone, Debug)]
pub struct Applied {
    pub event_id: uuid::Uuid,
    pub occurred_at: DateTime<Utc>,
    pub applied_at: DateTime<Utc>,
}

pub struct Consumer<H> {
    /// The consumer group, and the `processed_events.consumer` value.
    name: &'static str,
    db: DatabaseConnection,
    handler: Arc<H>,
    transport: Transport,
    retry: RetryPolicy,
    batch_size: usize,
    processed_retention: Duration,
    applied: Option<UnboundedSender<Applied>>,
    /// This process's relay, woken after each commit.
    relay: Option<Arc<tokio::sync::Notify>>,
}

const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// How often a running consumer prunes `processed_events`.
const PRUNE_INTERVAL: Duration = Duration::from_secs(3600);

impl<H: Handler> Consumer<H> {
    pub fn new(
        name: &'static str,
        db: DatabaseConnection,
        handler: H,
        transport: Transport,
        retry: RetryPolicy,
    ) -> Self {
        Consumer {
            name,
            db,
            handler: Arc::new(handler),
            transport,
            retry,
            batch_size: 500,
            processed_retention: Duration::from_secs(14 * 24 * 3600),
            applied: None,
            relay: None,
        }
    }

    /// Wakes `relay` (a [`super::Relay::waker`]) after each commit, so that
    /// the events the handler recorded go out at once.
    pub fn waking(mut self, relay: Arc<tokio::sync::Notify>) -> Self {
        self.relay = Some(relay);
        self
    }

    /// The batch size and the retention of `processed_events` from the settings.
    pub fn with_settings(mut self, args: &crate::config::EventsArgs) -> Self {
        self.processed_retention = args.processed_events_retention;
        self.with_batch_size(args.consumer_batch_size)
    }

    /// Most deliveries handled (and committed) together.
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// Tells `sender` of every event applied (benchmarks measure lag with it).
    pub fn report_applied_to(mut self, sender: UnboundedSender<Applied>) -> Self {
        self.applied = Some(sender);
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn topics(&self) -> &'static [Topic] {
        self.handler.topics()
    }

    pub fn handler(&self) -> &H {
        &self.handler
    }

    /// Consumes until `shutdown`; a batch in hand is finished and committed first.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let mut source = self.transport.subscribe(self.name, self.handler.topics())?;
        let mut backoff = Duration::ZERO;
        let mut prune = tokio::time::interval(PRUNE_INTERVAL);
        loop {
            let batch = tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = prune.tick() => {
                    match self.prune().await {
                        Ok(0) => {}
                        Ok(pruned) => tracing::info!(consumer = self.name, pruned, "old processed_events pruned"),
                        Err(error) => tracing::warn!(consumer = self.name, error = %format!("{error:#}"), "pruning processed_events failed"),
                    }
                    continue;
                }
                batch = source.next_batch(self.batch_size) => batch,
            };
            match batch {
                Ok(batch) => {
                    backoff = Duration::ZERO;
                    if !self.handle_batch(&batch, Mode::Live, &shutdown).await {
                        break; // shutdown came first; uncommitted, so redelivered at the next start
                    }
                    source.commit(&batch)?;
                }
                Err(error) => {
                    backoff = (backoff * 2).clamp(Duration::from_millis(100), MAX_BACKOFF);
                    tracing::warn!(consumer = self.name, error = %format!("{error:#}"), retry_in = ?backoff, "consuming failed");
                    tokio::select! {
                        _ = shutdown.cancelled() => break,
                        _ = tokio::time::sleep(backoff) => {}
                    }
                }
            }
        }
        source.close().await
    }

    /// Forgets applied events older than the retention: a redelivery that
    /// late cannot come, as the topics no longer hold them.
    pub async fn prune(&self) -> anyhow::Result<u64> {
        let cutoff = Utc::now() - chrono::Duration::from_std(self.processed_retention)?;
        let pruned = processed::Entity::delete_many()
            .filter(processed::Column::Consumer.eq(self.name))
            .filter(processed::Column::ProcessedAt.lt(cutoff))
            .exec(&self.db)
            .await?;
        Ok(pruned.rows_affected)
    }

    /// Reads `source` and applies everything in it in `mode` until `done`
    /// says so (replays stop at the end of the topics).
    pub async fn drain(
        &self,
        source: &mut Source,
        mode: Mode,
        mut done: impl FnMut(&[Delivery]) -> bool,
        shutdown: &CancellationToken,
    ) -> anyhow::Result<()> {
        loop {
            let batch = tokio::select! {
                _ = shutdown.cancelled() => return Ok(()),
                batch = source.next_batch(self.batch_size) => batch?,
            };
            if !self.handle_batch(&batch, mode, shutdown).await {
                return Ok(());
            }
            source.commit(&batch)?;
            if done(&batch) {
                return Ok(());
            }
        }
    }

    /// Applies a batch: all of it in one transaction when every event
    /// succeeds (fast), else event by event with retries and dead-lettering.
    /// Returns true once every delivery is either applied, skipped as a
    /// duplicate, or dead-lettered; it keeps retrying while the database or
    /// the broker is away, and returns false when shutdown interrupts that.
    pub async fn handle_batch(&self, batch: &[Delivery], mode: Mode, shutdown: &CancellationToken) -> bool {
        let mut events = Vec::with_capacity(batch.len());
        for delivery in batch {
            match serde_json::from_slice::<Envelope>(&delivery.payload) {
                Ok(envelope) => events.push((delivery, envelope)),
                // It will never parse: no point retrying.
                Err(error) => {
                    if !self.dead_letter(delivery, &format!("not an event envelope: {error}"), 0, shutdown).await {
                        return false;
                    }
                }
            }
        }
        if events.len() > 1 && self.apply(&events, mode).await.is_ok() {
            return true;
        }
        for event in events {
            if !self.apply_with_retries(event, mode, shutdown).await {
                return false;
            }
        }
        true
    }

    async fn apply_with_retries(&self, event: (&Delivery, Envelope), mode: Mode, shutdown: &CancellationToken) -> bool {
        let events = [event];
        let mut attempt = 1;
        loop {
            let error = match self.apply(&events, mode).await {
                Ok(()) => return true,
                Err(error) => error,
            };
            let (delivery, envelope) = &events[0];
            if attempt >= self.retry.attempts {
                if self.db.ping().await.is_ok() {
                    return self.dead_letter(delivery, &format!("{error:#}"), attempt, shutdown).await;
                }
                // The database is away: the event is not at fault; wait for it.
                tracing::warn!(consumer = self.name, error = %format!("{error:#}"), "database unreachable; holding the event");
            } else {
                metrics::RETRIED.with_label_values(&[self.name]).inc();
                tracing::warn!(
                    consumer = self.name, event_id = %envelope.event_id, event_type = %envelope.event_type,
                    attempt, error = %format!("{error:#}"), "handling an event failed; retrying"
                );
            }
            let wait = (self.retry.backoff * 2u32.saturating_pow(attempt.saturating_sub(1))).min(MAX_BACKOFF);
            attempt += 1;
            tokio::select! {
                _ = shutdown.cancelled(), if attempt > self.retry.attempts + 1 => return false,
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One transaction: for each event, claim it in `processed_events` (a
    /// duplicate claims nothing and is skipped), then handle it.
    async fn apply(&self, events: &[(&Delivery, Envelope)], mode: Mode) -> anyhow::Result<()> {
        let claim = |envelope: &Envelope| processed::ActiveModel {
            consumer: Set(self.name.to_string()),
            event_id: Set(envelope.event_id),
            processed_at: Set(Utc::now()),
        };
        let only_new =
            || OnConflict::columns([processed::Column::Consumer, processed::Column::EventId]).do_nothing().to_owned();
        // The usual case, every event new, claims the whole batch in one statement.
        let mut txn = self.db.begin().await?;
        let mut claimed_all = false;
        if events.len() > 1 {
            let claims = processed::Entity::insert_many(events.iter().map(|(_, envelope)| claim(envelope)));
            let claimed = claims.on_conflict(only_new()).exec_without_returning(&txn).await?;
            claimed_all = claimed == events.len() as u64;
            if !claimed_all {
                // Some are redeliveries: start over and claim one by one.
                txn.rollback().await?;
                txn = self.db.begin().await?;
            }
        }
        let mut fresh = Vec::with_capacity(events.len());
        for (delivery, envelope) in events {
            if !claimed_all {
                let claimed = processed::Entity::insert(claim(envelope))
                    .on_conflict(only_new())
                    .exec_without_returning(&txn)
                    .await?;
                if claimed == 0 {
                    metrics::DUPLICATES.with_label_values(&[self.name]).inc();
                    continue;
                }
            }
            fresh.push(Incoming { envelope, consumer: self.name, traceparent: delivery.header(trace::HEADER) });
        }
        self.handler.handle_batch(&txn, &fresh, mode).await?;
        txn.commit().await?;
        self.handler.committed();
        if let Some(relay) = &self.relay
            && !fresh.is_empty()
        {
            relay.notify_one();
        }
        let now = Utc::now();
        metrics::HANDLED.with_label_values(&[self.name]).inc_by(fresh.len() as u64);
        let lag = metrics::LAG.with_label_values(&[self.name]);
        for Incoming { envelope, .. } in fresh {
            lag.observe((now - envelope.occurred_at).as_seconds_f64().max(0.0));
            if let Some(sender) = &self.applied {
                let _ = sender.send(Applied {
                    event_id: envelope.event_id,
                    occurred_at: envelope.occurred_at,
                    applied_at: now,
                });
            }
        }
        Ok(())
    }

    /// Sends `delivery` to its topic's dead-letter topic with the error in
    /// its headers; retried until the broker takes it (true) or shutdown (false).
    async fn dead_letter(&self, delivery: &Delivery, error: &str, attempts: u32, shutdown: &CancellationToken) -> bool {
        tracing::error!(consumer = self.name, topic = %delivery.topic, offset = delivery.offset, %error, "event dead-lettered");
        let mut headers = delivery.headers.clone();
        headers.extend([
            ("dlq-error".to_string(), error.chars().take(2000).collect()),
            ("dlq-consumer".to_string(), self.name.to_string()),
            ("dlq-attempts".to_string(), attempts.to_string()),
            ("dlq-topic".to_string(), delivery.topic.clone()),
            ("dlq-partition".to_string(), delivery.partition.to_string()),
            ("dlq-offset".to_string(), delivery.offset.to_string()),
        ]);
        let message = Message {
            topic: dead_letter_topic(&delivery.topic),
            key: delivery.key.clone().unwrap_or_default(),
            payload: delivery.payload.clone(),
            headers,
        };
        let mut backoff = Duration::from_millis(100);
        while let Err(error) = self.transport.publish(std::slice::from_ref(&message)).await {
            tracing::warn!(consumer = self.name, error = %format!("{error:#}"), "dead-lettering failed; retrying");
            tokio::select! {
                _ = shutdown.cancelled() => return false,
                _ = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
        metrics::DEAD_LETTERED.with_label_values(&[self.name]).inc();
        true
    }
}
