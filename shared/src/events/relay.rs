//! The outbox relay: publishes a service's outbox rows in insertion order,
//! in batches, and marks them sent once the broker has acknowledged them.
//!
//! Order per aggregate holds because a change locks its aggregate's row
//! before it records the event, so two events of one aggregate are inserted
//! in commit order; one relay per service at a time (a PostgreSQL advisory
//! lock held by the batch's transaction) keeps that order on the way out.
//! A failed batch is retried whole: the broker may see a message twice,
//! consumers skip what they have applied.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::metrics;
use super::outbox::entity as outbox;
use super::trace;
use super::transport::{Message, Transport};

pub struct Relay {
    db: DatabaseConnection,
    service: &'static str,
    transport: Transport,
    batch_size: u64,
    poll_interval: Duration,
    retention: Duration,
    /// Rings when this process committed outbox rows: the relay goes at
    /// once instead of at its next poll.
    wake: Arc<Notify>,
}

const MAX_BACKOFF: Duration = Duration::from_secs(5);

impl Relay {
    pub fn new(db: DatabaseConnection, service: &'static str, transport: Transport) -> Self {
        Relay {
            db,
            service,
            transport,
            batch_size: 500,
            poll_interval: Duration::from_millis(20),
            retention: Duration::from_secs(7 * 24 * 3600),
            wake: Arc::new(Notify::new()),
        }
    }

    /// What wakes this relay: a consumer of the same process rings it after
    /// each commit (its handler may have recorded events), so that events
    /// caused by events go on without waiting for the next poll. A ring
    /// while the relay is busy is kept, never lost.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn with_settings(mut self, args: &crate::config::EventsArgs) -> Self {
        self.batch_size = args.outbox_batch_size.max(1);
        self.poll_interval = args.outbox_poll_interval;
        self.retention = args.outbox_retention;
        self
    }

    /// One step: publishes the oldest unsent rows (up to a batch) and marks
    /// them sent; returns how many. Zero also when another replica holds the turn.
    pub async fn relay_once(&self) -> anyhow::Result<usize> {
        let txn = crate::db::begin_write(&self.db).await?;
        if txn.get_database_backend() == DbBackend::Postgres {
            let turn = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_xact_lock($1) AS taken",
                [crate::db::advisory_lock_key(&format!("jobgraph-relay-{}", self.service)).into()],
            );
            let taken: bool =
                txn.query_one(turn).await?.map(|row| row.try_get("", "taken")).transpose()?.unwrap_or(false);
            if !taken {
                return Ok(0);
            }
        }
        let rows = outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_null())
            .order_by_asc(outbox::Column::Id)
            .limit(self.batch_size)
            .all(&txn)
            .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let messages: Vec<Message> = rows
            .iter()
            .map(|row| {
                let mut headers = vec![
                    ("event-type".to_string(), row.event_type.clone()),
                    ("event-id".to_string(), row.event_id.to_string()),
                ];
                if let Some(traceparent) = &row.traceparent {
                    headers.push((trace::HEADER.to_string(), traceparent.clone()));
                }
                Message {
                    topic: self.transport.topic_name(&row.topic),
                    key: row.aggregate_id.to_string(),
                    payload: row.payload.clone().into_bytes(),
                    headers,
                }
            })
            .collect();
        if let Err(error) = self.transport.publish(&messages).await {
            metrics::OUTBOX_FAILURES.with_label_values(&[self.service]).inc();
            return Err(error);
        }
        let now = Utc::now();
        outbox::Entity::update_many()
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .filter(outbox::Column::Id.is_in(rows.iter().map(|row| row.id)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        metrics::OUTBOX_PUBLISHED.with_label_values(&[self.service]).inc_by(rows.len() as u64);
        let latency = metrics::PUBLISH_LATENCY.with_label_values(&[self.service]);
        for row in &rows {
            latency.observe((now - row.created_at).as_seconds_f64().max(0.0));
        }
        Ok(rows.len())
    }

    /// Unsent rows.
    pub async fn depth(&self) -> anyhow::Result<u64> {
        Ok(outbox::Entity::find().filter(outbox::Column::SentAt.is_null()).count(&self.db).await?)
    }

    /// Deletes rows sent longer ago than the retention.
    pub async fn prune(&self) -> anyhow::Result<u64> {
        let cutoff = Utc::now() - chrono::Duration::from_std(self.retention)?;
        let result = outbox::Entity::delete_many().filter(outbox::Column::SentAt.lt(cutoff)).exec(&self.db).await?;
        Ok(result.rows_affected)
    }

    /// Runs [`Relay::relay_once`] until `shutdown`: at once again while there
    /// is more, every poll interval when idle, backing off while the broker
    /// or the database is away.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let mut backoff = Duration::ZERO;
        let mut last_depth = Instant::now() - Duration::from_secs(60);
        let mut last_prune = Instant::now();
        let depth = metrics::OUTBOX_DEPTH.with_label_values(&[self.service]);
        while !shutdown.is_cancelled() {
            let wait = match self.relay_once().await {
                Ok(sent) if sent as u64 == self.batch_size => Duration::ZERO,
                Ok(_) => {
                    backoff = Duration::ZERO;
                    self.poll_interval
                }
                Err(error) => {
                    backoff = (backoff * 2).clamp(Duration::from_millis(100), MAX_BACKOFF);
                    tracing::warn!(service = self.service, error = %format!("{error:#}"), retry_in = ?backoff, "publishing events failed");
                    backoff
                }
            };
            if last_depth.elapsed() >= Duration::from_secs(1) {
                last_depth = Instant::now();
                if let Ok(unsent) = self.depth().await {
                    depth.set(unsent as i64);
                }
            }
            if last_prune.elapsed() >= Duration::from_secs(3600) {
                last_prune = Instant::now();
                match self.prune().await {
                    Ok(pruned) if pruned > 0 => {
                        tracing::info!(service = self.service, pruned, "old outbox rows pruned")
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(service = self.service, error = %format!("{error:#}"), "pruning the outbox failed")
                    }
                }
            }
            if !wait.is_zero() {
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(wait) => {}
                    _ = self.wake.notified() => {}
                }
            }
        }
        Ok(())
    }
}
