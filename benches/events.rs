//! The event backbone's figures: events per second through outbox -> broker
//! -> consumer, and the lag from an event's commit to its cache update at a
//! fixed rate. The real pieces run: users' outbox on PostgreSQL, the relay,
//! Tansu (a Kafka-protocol broker, in memory, on loopback), and jobs'
//! consumer updating its user profile cache on PostgreSQL.
//!
//!     cargo bench --bench events     (needs Tansu: scripts/test installs it)
//!
//! Goals on the 2-core machine: >= 5,000 events/s sustained; p99 lag <= 200 ms
//! at 1,000 events/s.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use jobgraph_jobs::domain::user_events::UserEvents;
use jobgraph_migrations::{jobs, users};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::consumer::Applied;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::payloads::UserCreated;
use jobgraph_shared::events::{Consumer, Outbox, Relay, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::broker::Broker;
use jobgraph_shared::testing::{Backend, TestDatabase, latency_summary, user_snapshot, wait_applied};
use sea_orm::{DatabaseConnection, TransactionTrait};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const THROUGHPUT_EVENTS: usize = 30_000;
/// Events per writer transaction in the throughput run.
const WRITE_BATCH: usize = 100;
const RATE: usize = 1_000;
const RATE_SECONDS: u64 = 10;

const OUTBOX: Outbox = Outbox::new("users");

fn user(id: Uuid) -> UserCreated {
    UserCreated { user: user_snapshot(id, Utc::now()) }
}

/// Records `count` user.created events in one transaction, as users would.
async fn write(db: &DatabaseConnection, count: usize) -> anyhow::Result<Vec<Uuid>> {
    let txn = db.begin().await?;
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let envelope = OUTBOX.record(&txn, None, &user(Uuid::now_v7())).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        ids.push(envelope.event_id);
    }
    txn.commit().await?;
    Ok(ids)
}

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let broker = Broker::start();
    let settings = EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() };
    let kafka = Kafka::connect(&settings)?;
    kafka.ensure_topics(&[Topic::Users]).await?;
    let transport = Transport::Kafka(std::sync::Arc::new(kafka));
    let users_database = TestDatabase::migrated::<users::Migrator>(Backend::Postgres, "users").await;
    let jobs_database = TestDatabase::migrated::<jobs::Migrator>(Backend::Postgres, "jobs").await;
    let (users_db, jobs_db) = (users_database.connect().await, jobs_database.connect().await);

    let shutdown = CancellationToken::new();
    let (sender, mut applied) = tokio::sync::mpsc::unbounded_channel();
    let start_relay = |stop: CancellationToken| {
        let relay = Relay::new(users_db.clone(), "users", transport.clone()).with_settings(&settings);
        tokio::spawn(relay.run(stop))
    };
    let consumer = Consumer::new("jobs", jobs_db, UserEvents, transport.clone(), RetryPolicy::from_args(&settings))
        .with_settings(&settings)
        .report_applied_to(sender);
    let consumer = tokio::spawn(consumer.run(shutdown.clone()));

    println!(
        "event backbone benchmark: outbox (PostgreSQL) -> relay -> Tansu {} -> consumer -> cache (PostgreSQL)",
        broker.address()
    );
    println!(
        "  topic user-events, {} partitions; relay batches of {}, polling every {:?}; consumer batches of {}",
        settings.kafka_partitions,
        settings.outbox_batch_size,
        settings.outbox_poll_interval,
        settings.consumer_batch_size
    );

    // Warm-up: connections, topic metadata, the consumer group's first join.
    let warm_up = CancellationToken::new();
    let relay = start_relay(warm_up.clone());
    write(&users_db, 100).await?;
    wait_applied(&mut applied, 100).await;
    warm_up.cancel();
    relay.await??;

    // Throughput: a backlog of events in the outbox (as after a burst of
    // writes, or an outage), then the relay starts and the clock with it.
    let began = Instant::now();
    for _ in 0..THROUGHPUT_EVENTS / WRITE_BATCH {
        write(&users_db, WRITE_BATCH).await?;
    }
    let written_in = began.elapsed();
    let began = Instant::now();
    let relay = start_relay(shutdown.clone());
    wait_applied(&mut applied, THROUGHPUT_EVENTS).await;
    let elapsed = began.elapsed();
    let rate = THROUGHPUT_EVENTS as f64 / elapsed.as_secs_f64();
    println!(
        "\nthroughput: {THROUGHPUT_EVENTS} events recorded first (transactions of {WRITE_BATCH}, {:.0} events/s written)",
        THROUGHPUT_EVENTS as f64 / written_in.as_secs_f64()
    );
    println!(
        "  then relayed, consumed and applied to the cache in {:.2} s: {rate:.0} events/s (goal >= 5,000)",
        elapsed.as_secs_f64()
    );

    // Lag at a fixed rate: one transaction per event, RATE a second, for RATE_SECONDS.
    let total = RATE * RATE_SECONDS as usize;
    let writer = {
        let users_db = users_db.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(10));
            let per_tick = RATE / 100;
            let mut ids = Vec::with_capacity(total);
            for _ in 0..total / per_tick {
                ticker.tick().await;
                for _ in 0..per_tick {
                    ids.extend(write(&users_db, 1).await?);
                }
            }
            anyhow::Ok(ids)
        })
    };
    let seen = wait_applied(&mut applied, total).await;
    let ids = writer.await??;
    let by_id: HashMap<Uuid, &Applied> = seen.iter().map(|a| (a.event_id, a)).collect();
    let mut lags: Vec<f64> =
        ids.iter().map(|id| by_id[id]).map(|a| (a.applied_at - a.occurred_at).as_seconds_f64() * 1000.0).collect();
    lags.sort_by(f64::total_cmp);
    println!(
        "\nlag at {RATE} events/s for {RATE_SECONDS} s ({total} events, one transaction each), from the event's record to its cache commit:"
    );
    println!("  {} (goal p99 <= 200 ms)", latency_summary(&lags));

    shutdown.cancel();
    relay.await??;
    consumer.await??;
    Ok(())
}
