//! Analytics' figures: tracked events ingested end to end (trackEvents
//! through the subgraph's HTTP handler -> outbox -> relay -> Tansu ->
//! consumer -> rollups committed) at full speed and the lag at a fixed
//! rate; then `Job.stats` over 90 days with 1,000 jobs x 90 days of
//! rollups. The real pieces run, on PostgreSQL and Tansu (a Kafka-protocol
//! broker, in memory, on loopback); the requests go to the subgraph's axum
//! router in-process (no socket), with a token and a visitor's headers.
//!
//!     cargo bench --bench analytics     (needs Tansu: scripts/test installs it)
//!     ANALYTICS_BENCH_BATCH=2000 cargo bench --bench analytics   (bigger relay and consumer batches)
//!
//! Goals on the 2-core machine: >= 20,000 events/s into the rollups; p99
//! lag <= 1 s at 5,000 events/s; Job.stats (90 days) p99 <= 10 ms.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use jobgraph_analytics::AnalyticsService;
use jobgraph_analytics::rollups::AnalyticsEvents;
use jobgraph_migrations::analytics;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::{Consumer, Relay, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::broker::Broker;
use jobgraph_shared::testing::{Backend, GraphqlClient, TestDatabase, latency_summary, percentile, wait_applied};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const THROUGHPUT_EVENTS: usize = 100_000;
/// Events per trackEvents call (its maximum).
const PER_CALL: usize = 100;
/// Clients calling trackEvents at once in the throughput run.
const CLIENTS: usize = 4;
const RATE: usize = 5_000;
const RATE_SECONDS: u64 = 10;
const STATS_JOBS: usize = 1_000;
const STATS_DAYS: i64 = 90;
const STATS_QUERIES: usize = 2_000;

const TRACK: &str = "mutation($inputs: [TrackEventInput!]!) { trackEvents(inputs: $inputs) }";

/// A call's worth of views and apply starts of `jobs`, by many visitors.
fn inputs(jobs: &[Uuid], random: &mut fastrand::Rng) -> Value {
    let events: Vec<Value> = (0..PER_CALL)
        .map(|_| {
            let kind = if random.u8(0..10) == 0 { "APPLY_STARTED" } else { "JOB_VIEWED" };
            let source = ["newsletter", "linkedin", "google"].get(random.usize(0..6));
            json!({
                "type": kind,
                "sessionId": format!("session-{}", random.u32(0..50_000)),
                "jobId": jobs[random.usize(0..jobs.len())].to_string(),
                "utmSource": source,
                "properties": { "position": random.u8(0..20) },
            })
        })
        .collect();
    json!({ "inputs": events })
}

async fn track(client: &GraphqlClient, variables: Value, visitor: u32) {
    let address = format!("10.{}.{}.{}", visitor >> 16 & 255, visitor >> 8 & 255, visitor & 255);
    let headers = [("x-forwarded-for", address.as_str()), ("user-agent", "Mozilla/5.0 (bench)")];
    let response = client.query_with_headers(TRACK, variables, &headers).await;
    assert_eq!(response["data"]["trackEvents"], PER_CALL, "{response}");
}

/// THROUGHPUT_EVENTS events by CLIENTS clients calling trackEvents at once (seeded from `seed`).
async fn record_concurrently(client: &GraphqlClient, jobs: &[Uuid], seed: u64) -> anyhow::Result<()> {
    let mut clients = Vec::new();
    for n in 0..CLIENTS as u64 {
        let (client, jobs) = (client.clone(), jobs.to_vec());
        clients.push(tokio::spawn(async move {
            let mut random = fastrand::Rng::with_seed(seed + n);
            for _ in 0..THROUGHPUT_EVENTS / PER_CALL / CLIENTS {
                track(&client, inputs(&jobs, &mut random), random.u32(..)).await;
            }
        }));
    }
    for client in clients {
        client.await?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let broker = Broker::start();
    // The defaults, or ANALYTICS_BENCH_BATCH events per relay and consumer batch.
    let mut settings = EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() };
    if let Some(batch) = std::env::var("ANALYTICS_BENCH_BATCH").ok().and_then(|batch| batch.parse().ok()) {
        settings.consumer_batch_size = batch;
        settings.outbox_batch_size = batch as u64;
    }
    let kafka = Kafka::connect(&settings)?;
    kafka.ensure_topics(&Topic::ALL).await?;
    let transport = Transport::Kafka(std::sync::Arc::new(kafka));
    let database = TestDatabase::migrated::<analytics::Migrator>(Backend::Postgres, "analytics").await;
    let db = database.connect().await;
    let key = SigningKey::generate()?;
    let tokens = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let verifier = TokenVerifier::new(vec![key.public_key().clone()], &tokens);
    let client = GraphqlClient::new(jobgraph_analytics::router(
        AnalyticsService { db: db.clone() },
        verifier,
        Default::default(),
    ));

    let shutdown = CancellationToken::new();
    let (sender, mut applied) = tokio::sync::mpsc::unbounded_channel();
    let start_relay = |stop: CancellationToken| {
        let relay = Relay::new(db.clone(), "analytics", transport.clone()).with_settings(&settings);
        tokio::spawn(relay.run(stop))
    };
    let warm_up = CancellationToken::new();
    let relay = start_relay(warm_up.clone());
    let consumer =
        Consumer::new("analytics", db.clone(), AnalyticsEvents, transport.clone(), RetryPolicy::from_args(&settings))
            .with_settings(&settings)
            .report_applied_to(sender);
    let consumer = tokio::spawn(consumer.run(shutdown.clone()));
    println!(
        "analytics benchmark: trackEvents (subgraph handler, in-process) -> outbox (PostgreSQL) -> relay -> Tansu {} -> consumer -> rollups (PostgreSQL)",
        broker.address()
    );
    println!(
        "  {} partitions; relay batches of {}; consumer batches of {}; {PER_CALL} events per call",
        settings.kafka_partitions, settings.outbox_batch_size, settings.consumer_batch_size
    );

    let jobs: Vec<Uuid> = (0..200).map(|_| Uuid::now_v7()).collect();
    let mut random = fastrand::Rng::with_seed(42);
    // Warm-up: connections, topic metadata, the consumer group's first join.
    for _ in 0..5 {
        track(&client, inputs(&jobs, &mut random), random.u32(..)).await;
    }
    wait_applied(&mut applied, 5 * PER_CALL).await;

    warm_up.cancel();
    relay.await??;

    // The consumer side alone: a backlog recorded while the relay is
    // stopped (as after an outage), then relayed and counted.
    let began = Instant::now();
    record_concurrently(&client, &jobs, 0).await?;
    let recorded_in = began.elapsed();
    let began = Instant::now();
    let relay = start_relay(shutdown.clone());
    wait_applied(&mut applied, THROUGHPUT_EVENTS).await;
    let drained_in = began.elapsed();
    println!("\nthroughput: {THROUGHPUT_EVENTS} events by {CLIENTS} clients, {PER_CALL} per trackEvents call");
    println!(
        "  recorded alone (relay stopped) in {:.2} s: {:.0} events/s through the mutation and outbox",
        recorded_in.as_secs_f64(),
        THROUGHPUT_EVENTS as f64 / recorded_in.as_secs_f64()
    );
    println!(
        "  that backlog relayed and counted in {:.2} s: {:.0} events/s broker -> rollups",
        drained_in.as_secs_f64(),
        THROUGHPUT_EVENTS as f64 / drained_in.as_secs_f64()
    );

    // End to end: the clients call as fast as they can while the relay and
    // the consumer run; from the first call to the last rollup commit.
    let began = Instant::now();
    record_concurrently(&client, &jobs, CLIENTS as u64).await?;
    let recorded_in = began.elapsed();
    wait_applied(&mut applied, THROUGHPUT_EVENTS).await;
    let elapsed = began.elapsed();
    println!(
        "  end to end, all running: recorded in {:.2} s, in the rollups after {:.2} s: {:.0} events/s (goal >= 20,000)",
        recorded_in.as_secs_f64(),
        elapsed.as_secs_f64(),
        THROUGHPUT_EVENTS as f64 / elapsed.as_secs_f64()
    );

    // Lag at a fixed rate: one call of PER_CALL events every PER_CALL/RATE seconds.
    let total = RATE * RATE_SECONDS as usize;
    let writer = {
        let (client, jobs) = (client.clone(), jobs.clone());
        tokio::spawn(async move {
            let mut random = fastrand::Rng::with_seed(99);
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(PER_CALL as f64 / RATE as f64));
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            for _ in 0..total / PER_CALL {
                ticker.tick().await;
                track(&client, inputs(&jobs, &mut random), random.u32(..)).await;
            }
        })
    };
    let seen = wait_applied(&mut applied, total).await;
    writer.await?;
    let mut lags: Vec<f64> = seen.iter().map(|a| (a.applied_at - a.occurred_at).as_seconds_f64() * 1000.0).collect();
    lags.sort_by(f64::total_cmp);
    println!(
        "\nlag at {RATE} events/s for {RATE_SECONDS} s ({total} events), from the mutation's commit to the rollup's:"
    );
    println!("  {} (goal p99 <= 1,000 ms)", latency_summary(&lags));
    shutdown.cancel();
    relay.await??;
    consumer.await??;

    stats_latency(&db, &client, &key, &tokens).await
}

/// Job.stats over 90 days, with STATS_JOBS jobs x STATS_DAYS days of daily
/// rollups (views, unique viewers, by source, apply starts, applications,
/// stages) and hourly ones for another timezone.
async fn stats_latency(
    db: &DatabaseConnection,
    client: &GraphqlClient,
    key: &SigningKey,
    tokens: &TokenSettings,
) -> anyhow::Result<()> {
    let owner = Uuid::now_v7();
    let began = Instant::now();
    let fill = format!(
        r#"
        INSERT INTO analytics_jobs (job_id, company_id, owner_id)
          SELECT gen_random_uuid(), '{owner}', '{owner}' FROM generate_series(1, {STATS_JOBS});
        INSERT INTO job_daily (job_id, day, metric, value)
          SELECT j.job_id, to_char(current_date - d, 'YYYY-MM-DD'), m, (random() * 50)::int
          FROM analytics_jobs j, generate_series(0, {days}) d,
               unnest(ARRAY['views', 'unique_viewers', 'views_from:direct', 'views_from:newsletter',
                            'apply_starts', 'apply_starts_from:direct', 'applications', 'stage:INTERVIEW']) m;
        INSERT INTO job_hourly (job_id, hour, metric, value)
          SELECT j.job_id, to_char(now() - make_interval(hours => h), 'YYYY-MM-DD"T"HH24'), m, (random() * 5)::int
          FROM analytics_jobs j, generate_series(0, {hours}, 3) h,
               unnest(ARRAY['views', 'unique_viewers', 'views_from:direct', 'apply_starts']) m;
        ANALYZE;
        "#,
        days = STATS_DAYS - 1,
        hours = STATS_DAYS * 24 - 1,
    );
    db.execute_unprepared(&fill).await?;
    let rows = db
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT count(*) FROM job_daily) AS daily, (SELECT count(*) FROM job_hourly) AS hourly",
        ))
        .await?
        .expect("counts");
    let (daily, hourly): (i64, i64) = (rows.try_get("", "daily")?, rows.try_get("", "hourly")?);
    let jobs: Vec<Uuid> = db
        .query_all(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT job_id FROM analytics_jobs"))
        .await?
        .iter()
        .map(|row| row.try_get("", "job_id"))
        .collect::<Result<_, _>>()?;
    println!(
        "\nJob.stats: {STATS_JOBS} jobs x {STATS_DAYS} days: {daily} daily rows, {hourly} hourly rows (filled in {:.1} s)",
        began.elapsed().as_secs_f64()
    );
    let token = key.sign(tokens, owner, Role::Employer, Utc::now(), Duration::from_secs(3600))?.0;
    let today = Utc::now().date_naive();
    let from = (today - chrono::Duration::days(STATS_DAYS - 1)).to_string();
    let query = r#"query($r: [_Any!]!, $from: Date!, $to: Date!, $timezone: String) {
      _entities(representations: $r) { ... on Job { stats(from: $from, to: $to, timezone: $timezone) {
        series { start views uniqueViewers applyStarts applications }
        totals { views uniqueViewers applyStarts applications interviews hires conversionRate }
        funnel { step count } bySource { source views applyStarts }
      } } }
    }"#;
    let mut random = fastrand::Rng::with_seed(7);
    for (label, timezone) in
        [("UTC, by day", None), ("Europe/Berlin, by day (daily rows and crossing hours)", Some("Europe/Berlin"))]
    {
        let mut took = Vec::with_capacity(STATS_QUERIES);
        let mut by_result: HashMap<bool, usize> = HashMap::new();
        for n in 0..STATS_QUERIES + 100 {
            let job = jobs[random.usize(0..jobs.len())];
            let variables = json!({
                "r": [{ "__typename": "Job", "id": job.to_string() }],
                "from": from, "to": today.to_string(), "timezone": timezone,
            });
            let began = Instant::now();
            let response = client.query(query, variables, Some(&token)).await;
            let elapsed = began.elapsed().as_secs_f64() * 1000.0;
            *by_result.entry(response["data"]["_entities"][0]["stats"]["series"].is_array()).or_default() += 1;
            if n >= 100 {
                took.push(elapsed);
            }
        }
        assert_eq!(by_result.get(&false), None, "every answer has a series");
        took.sort_by(f64::total_cmp);
        println!(
            "  {label}: {STATS_QUERIES} requests of one job's 90 days, one at a time, after 100 to warm up: p50 {:.2} ms, p99 {:.2} ms (goal p99 <= 10 ms)",
            percentile(&took, 0.50),
            percentile(&took, 0.99)
        );
    }
    Ok(())
}
