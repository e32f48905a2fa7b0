//! `jobgraph replay`: rebuilds a service's caches by reading its topics
//! from the beginning, beside the live service.
//!
//! The whole rebuild is one database transaction: the caches are emptied
//! and refilled inside it, and the commit swaps the new state in at once.
//! Until then readers see the caches as they were (MVCC), and the live
//! consumer's writes to them wait (the tables are locked against writers,
//! not readers), then apply on top of the rebuilt state. Events are applied
//! in replay mode (caches only, no side effects) and are not claimed in
//! `processed_events`: the live consumer still applies every event it has
//! not applied yet, side effects included, whatever the replay read.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait};

use super::consumer::{Consumer, Handler, Incoming, Mode};
use super::envelope::Envelope;
use super::kafka::Kafka;
use super::trace;
use super::transport::{Delivery, Source};

/// Events read and applied per step of a replay.
const BATCH: usize = 500;
/// Past the ends the replay began with, it stops once nothing arrives for this long...
const QUIET: Duration = Duration::from_millis(500);
/// ...or after this long.
const READ_ON_AT_MOST: Duration = Duration::from_secs(30);

/// Replays `consumer`'s topics; `progress(done, total)` is called after each batch.
/// Returns how many records were read.
pub async fn replay<H: Handler>(
    db: &DatabaseConnection,
    consumer: &Consumer<H>,
    kafka: &Kafka,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<u64> {
    let topics: Vec<String> = consumer.topics().iter().map(|topic| kafka.topic_name(topic.name())).collect();
    let txn = db.begin().await?;
    for table in consumer.handler().caches() {
        if txn.get_database_backend() == DbBackend::Postgres {
            // EXCLUSIVE blocks writers (the live consumer) but not readers.
            txn.execute_unprepared(&format!("LOCK TABLE {table} IN EXCLUSIVE MODE")).await?;
        }
        txn.execute_unprepared(&format!("DELETE FROM {table}")).await?;
    }
    let source = Source::Kafka(kafka.read_from_start(&topics)?);
    let read = read_to_end(kafka, &topics, source, progress, async |batch: &[Delivery]| {
        // A record that is not an envelope was dead-lettered when it came: skip it.
        let events: Vec<(Envelope, Option<&str>)> = batch
            .iter()
            .filter_map(|delivery| {
                let envelope = serde_json::from_slice::<Envelope>(&delivery.payload).ok()?;
                Some((envelope, delivery.header(trace::HEADER)))
            })
            .collect();
        let incoming: Vec<Incoming<'_>> = events
            .iter()
            .map(|(envelope, traceparent)| Incoming::new(envelope, consumer.name(), *traceparent))
            .collect();
        consumer.handler().handle_batch(&txn, &incoming, Mode::Replay).await
    })
    .await?;
    txn.commit().await?;
    Ok(read)
}

/// Reads `source` (over `topics`) until it has passed where each partition
/// ended when this began, handing each batch to `apply` and committing it
/// after, and calling `progress(done, total)`. Returns the records read.
pub async fn read_to_end(
    kafka: &Kafka,
    topics: &[String],
    mut source: Source,
    progress: impl Fn(u64, u64),
    mut apply: impl AsyncFnMut(&[Delivery]) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    // Where each partition ends now: the reading stops there.
    let mut ends: HashMap<(String, i32), i64> = HashMap::new();
    let mut total = 0u64;
    for topic in topics {
        for (partition, low, high) in kafka.watermarks(topic).await? {
            if high > low {
                ends.insert((topic.clone(), partition), high);
                total += (high - low) as u64;
            }
        }
    }
    progress(0, total);
    let mut read = 0u64;
    let mut settled_since: Option<Instant> = None;
    // Nothing to read: an empty topic would only be waited on.
    let mut reading = total > 0;
    while reading {
        // Past the ends, read on until the topics fall quiet: a broker may
        // report a partition's end too early (Tansu did, now and then).
        let batch = if ends.is_empty() {
            let settled = *settled_since.get_or_insert_with(Instant::now);
            match tokio::time::timeout(QUIET, source.next_batch(BATCH)).await {
                Ok(batch) if settled.elapsed() < READ_ON_AT_MOST => batch?,
                _ => {
                    reading = false;
                    continue;
                }
            }
        } else {
            source.next_batch(BATCH).await?
        };
        read += batch.len() as u64;
        apply(&batch).await?;
        source.commit(&batch)?;
        for delivery in &batch {
            let key = (delivery.topic.clone(), delivery.partition);
            if ends.get(&key).is_some_and(|end| delivery.offset + 1 >= *end) {
                ends.remove(&key);
            }
        }
        // The ends a broker reports may fall short of what it then delivers (Tansu's do).
        progress(read, total.max(read));
    }
    source.close().await?;
    Ok(read)
}
