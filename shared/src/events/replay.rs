//! `jobgraph replay`: rebuilds a service's caches by reading its topics
//! from the beginning. The caches and the consumer's `processed_events` are
//! cleared in one transaction, then every event is applied in replay mode
//! (no side effects) up to the end the topics had when the replay began.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use tokio_util::sync::CancellationToken;

use super::consumer::{Consumer, Handler, Mode};
use super::kafka::Kafka;
use super::outbox::processed;
use super::transport::Source;

/// Replays `consumer`'s topics; `progress(done, total)` is called after each batch.
/// Returns how many records were read.
pub async fn replay<H: Handler>(
    db: &DatabaseConnection,
    consumer: &Consumer<H>,
    kafka: &Kafka,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<u64> {
    let topics: Vec<String> = consumer.topics().iter().map(|topic| kafka.topic_name(topic.name())).collect();
    // Where each partition ends now: the replay stops there.
    let mut ends: HashMap<(String, i32), i64> = HashMap::new();
    let mut total = 0u64;
    for topic in &topics {
        for (partition, low, high) in kafka.watermarks(topic).await? {
            if high > low {
                ends.insert((topic.clone(), partition), high);
                total += (high - low) as u64;
            }
        }
    }
    let txn = db.begin().await?;
    consumer.handler().reset(&txn).await?;
    processed::Entity::delete_many().filter(processed::Column::Consumer.eq(consumer.name())).exec(&txn).await?;
    txn.commit().await?;
    progress(0, total);
    if total == 0 {
        return Ok(0);
    }
    let mut source = Source::Kafka(kafka.read_from_start(&topics)?);
    let mut read = 0u64;
    let never = CancellationToken::new();
    consumer
        .drain(
            &mut source,
            Mode::Replay,
            |batch| {
                read += batch.len() as u64;
                for delivery in batch {
                    let key = (delivery.topic.clone(), delivery.partition);
                    if ends.get(&key).is_some_and(|end| delivery.offset + 1 >= *end) {
                        ends.remove(&key);
                    }
                }
                progress(read.min(total), total);
                ends.is_empty()
            },
            &never,
        )
        .await?;
    source.close().await?;
    Ok(read)
}
