//! The event backbone end to end: users and jobs as separate processes on
//! PostgreSQL, Tansu as the broker, the router in front. A user registered
//! through users reaches jobs' profile cache; a deleted employer's jobs close;
//! a broker outage loses nothing; a replay rebuilds the cache as it was.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jobgraph_jobs::entities::{job, user_profile_cache as cache};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::outbox::entity as outbox;
use jobgraph_shared::events::payloads::{UserCreated, UserUpdated};
use jobgraph_shared::events::{Envelope, Topic};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::harness::graphql;
use crate::microservices::{Platform, data, jobgraph};

async fn wait_for<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    // Generous: a consumer group's first join on Tansu takes from under a
    // second to over a minute when the machine is busy.
    let deadline = Instant::now() + Duration::from_secs(150);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `jobgraph_outbox_publish_failures_total` on a subgraph's `/metrics`, summed over its labels.
fn publish_failures(port: u16) -> f64 {
    let (_, metrics) = crate::harness::get(port, "/metrics");
    metrics
        .lines()
        .filter(|line| line.starts_with("jobgraph_outbox_publish_failures_total"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

fn kafka(platform: &Platform) -> Kafka {
    Kafka::connect(&EventsArgs { kafka_brokers: Some(platform.broker.address()), ..EventsArgs::defaults() }).unwrap()
}

fn user_id(token: &str) -> Uuid {
    use base64::Engine as _;
    let claims = token.split('.').nth(1).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    claims["sub"].as_str().unwrap().parse().unwrap()
}

async fn cache_rows(db: &DatabaseConnection) -> Vec<cache::Model> {
    cache::Entity::find().order_by_asc(cache::Column::Id).all(db).await.unwrap()
}

#[tokio::test]
async fn users_events_fill_jobs_cache_and_a_deleted_employers_jobs_close() {
    let platform = Platform::start(None).await;
    let jobs_db = platform.jobs_db.connect().await;
    let token = platform.register("grace@example.com", "EMPLOYER");
    let grace = user_id(&token);
    wait_for("jobs caches the new user", || async {
        cache::Entity::find_by_id(grace).one(&jobs_db).await.unwrap().is_some()
    })
    .await;
    let cached = cache::Entity::find_by_id(grace).one(&jobs_db).await.unwrap().unwrap();
    assert_eq!(cached.display_name, "Grace Tester");

    let router = platform.router;
    let job_id: Uuid = platform.publish_job(&token).parse().unwrap();

    // Grace deletes her account in users; jobs hears of it and closes her job.
    data(&graphql(router, "mutation($id: ID!) { deleteUser(id: $id) { id } }", json!({ "id": grace }), Some(&token)));
    wait_for("the deleted employer's job is closed", || async {
        job::Entity::find_by_id(job_id).one(&jobs_db).await.unwrap().unwrap().status.as_str() == "CLOSED"
    })
    .await;
    assert!(cache::Entity::find_by_id(grace).one(&jobs_db).await.unwrap().unwrap().deleted_at.is_some());
    let public = graphql(router, "query($id: ID!) { job(id: $id) { status } }", json!({ "id": job_id }), None);
    assert_eq!(data(&public)["job"]["status"], "CLOSED", "{public}");
    let listed = graphql(router, "{ jobs { totalCount } }", json!({}), None);
    assert_eq!(data(&listed)["jobs"]["totalCount"], 0, "a closed job leaves the listing: {listed}");
}

#[tokio::test]
async fn a_broker_outage_loses_nothing_and_keeps_each_users_order() {
    let platform = Platform::start(None).await;
    let jobs_db = platform.jobs_db.connect().await;
    let first = platform.register("first@example.com", "JOB_SEEKER");
    wait_for("the first user is cached", || async { cache::Entity::find().count(&jobs_db).await.unwrap() == 1 }).await;

    // The broker goes away while people keep signing up and editing themselves.
    let failures = || publish_failures(platform.users_port);
    let failures_before = failures();
    platform.broker.cut();
    let mut tokens = vec![first];
    for n in 0..10 {
        tokens.push(platform.register(&format!("user{n}@example.com"), "JOB_SEEKER"));
    }
    for (n, token) in tokens.iter().enumerate() {
        for round in 0..3 {
            let rename = format!("mutation {{ updateMe(input: {{ lastName: \"Round{round}-{n}\" }}) {{ id }} }}");
            data(&graphql(platform.router, &rename, json!({}), Some(token)));
        }
    }
    // The relay really failed meanwhile: its failures rose, and the events wait unsent in the outbox.
    wait_for("the relay fails to publish", || async { failures() > failures_before }).await;
    let users_db = platform.users_db.connect().await;
    let unsent = outbox::Entity::find().filter(outbox::Column::SentAt.is_null()).count(&users_db).await.unwrap();
    assert!(unsent >= 40, "the outage's events wait in the outbox ({unsent} unsent)");
    platform.broker.restore();

    wait_for("every user reaches jobs with their last name", || async {
        let rows = cache_rows(&jobs_db).await;
        rows.len() == 11 && rows.iter().all(|row| row.display_name.contains("Round2"))
    })
    .await;
    // On the topic, each user's events are in the order they happened.
    let kafka = kafka(&platform);
    let topic = kafka.topic_name(Topic::Users.name());
    let mut source = kafka.read_from_start(std::slice::from_ref(&topic)).unwrap();
    let mut per_user: HashMap<Uuid, Vec<String>> = HashMap::new();
    let mut seen = 0;
    while seen < 11 * 4 {
        let batch = tokio::time::timeout(Duration::from_secs(20), source.next_batch(100)).await.unwrap().unwrap();
        for delivery in batch {
            let event: Envelope = serde_json::from_slice(&delivery.payload).unwrap();
            assert_eq!(delivery.key.as_deref(), Some(event.aggregate_id.to_string().as_str()), "keyed by aggregate");
            let step = if event.is::<UserCreated>() {
                "created".to_string()
            } else {
                event.decode::<UserUpdated>().unwrap().user.last_name
            };
            per_user.entry(event.aggregate_id).or_default().push(step);
            seen += 1;
        }
    }
    assert_eq!(per_user.len(), 11);
    for (user, steps) in per_user {
        // A batch retried after the outage may repeat itself; consumers skip
        // what they applied, so the order that counts is that of first arrivals.
        let mut deduplicated: Vec<String> = Vec::new();
        for step in steps {
            if !deduplicated.contains(&step) {
                deduplicated.push(step);
            }
        }
        let n_suffix = deduplicated[1].rsplit('-').next().unwrap().to_string();
        let expected: Vec<String> =
            ["created".to_string()].into_iter().chain((0..3).map(|r| format!("Round{r}-{n_suffix}"))).collect();
        assert_eq!(deduplicated, expected, "user {user}");
    }
}

#[tokio::test]
async fn a_replay_rebuilds_the_cache_exactly_as_it_was_built_live() {
    let platform = Platform::start(None).await;
    let jobs_db = platform.jobs_db.connect().await;
    platform.register("boss@example.com", "EMPLOYER");
    let ada = platform.register("ada@example.com", "JOB_SEEKER");
    let rename = "mutation { updateMe(input: { firstName: \"Augusta\" }) { id } }";
    data(&graphql(platform.router, rename, json!({}), Some(&ada)));
    let gone = platform.register("gone@example.com", "JOB_SEEKER");
    let delete = "mutation($id: ID!) { deleteUser(id: $id) { id } }";
    data(&graphql(platform.router, delete, json!({ "id": user_id(&gone) }), Some(&gone)));
    wait_for("all three users are cached, one deleted", || async {
        let rows = cache_rows(&jobs_db).await;
        rows.len() == 3
            && rows.iter().any(|row| row.deleted_at.is_some())
            && rows.iter().any(|row| row.display_name.starts_with("Augusta"))
    })
    .await;
    let live = cache_rows(&jobs_db).await;

    let mut replay = jobgraph(
        &["replay", "--service", "jobs", "--database-url", &platform.jobs_db.url],
        &[("KAFKA_BROKERS", platform.broker.address().as_ref())],
    );
    let status = tokio::task::spawn_blocking(move || replay.0.wait().unwrap()).await.unwrap();
    assert!(status.success(), "replay failed: {status}");
    assert_eq!(cache_rows(&jobs_db).await, live, "the replayed cache equals the live one");
}

#[tokio::test]
async fn a_consumer_process_killed_mid_stream_loses_nothing_and_applies_nothing_twice() {
    use jobgraph_shared::events::outbox::processed;
    use jobgraph_shared::events::{Event as _, Message};
    use jobgraph_shared::testing::broker::Broker;
    use jobgraph_shared::testing::{Backend, TestDatabase};

    const USERS: usize = 3_000;
    let broker = Broker::start();
    let kafka =
        Kafka::connect(&EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() }).unwrap();
    kafka.ensure_topics(&[Topic::Users]).await.unwrap();
    let topic = kafka.topic_name(Topic::Users.name());
    let now = chrono::Utc::now();
    let messages: Vec<Message> = (0..USERS)
        .map(|_| {
            let id = Uuid::now_v7();
            let user = jobgraph_shared::testing::user_snapshot(id, now);
            let envelope = Envelope::new("users", None, &UserCreated { user }).unwrap();
            Message {
                topic: topic.clone(),
                key: id.to_string(),
                payload: serde_json::to_vec(&envelope).unwrap(),
                headers: vec![("event-type".into(), UserCreated::TYPE.into())],
            }
        })
        .collect();
    kafka.publish(&messages).await.unwrap();

    let jobs_db = TestDatabase::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("jobgraph-kill-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let public = dir.join("jwt.pub");
    std::fs::write(&public, jobgraph_shared::auth::SigningKey::generate().unwrap().public_key().to_pem()).unwrap();
    let address = broker.address();
    let start_jobs = || {
        let port = crate::harness::free_port().to_string();
        jobgraph(
            &[
                "subgraph",
                "jobs",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &jobs_db.url,
            ],
            &[
                ("KAFKA_BROKERS", address.as_ref()),
                ("JOBGRAPH_JWT_PUBLIC_KEY_FILE", public.as_os_str()),
                // Small batches, so the kill lands between commits; a dead member is
                // given up on after 10 s (Tansu waits for the rebalance timeout).
                ("JOBGRAPH_CONSUMER_BATCH_SIZE", "20".as_ref()),
                ("KAFKA_MAX_POLL_INTERVAL", "10s".as_ref()),
            ],
        )
    };
    let db = jobs_db.connect().await;
    let applied = || async { processed::Entity::find().count(&db).await.unwrap_or(0) as usize };
    let mut first = start_jobs();
    wait_for("the consumer has applied some events", || async { applied().await > 0 }).await;
    first.0.kill().unwrap(); // SIGKILL: no graceful shutdown, no final commit
    first.0.wait().unwrap();
    let at_kill = applied().await;
    assert!(at_kill < USERS, "killed mid-stream ({at_kill} of {USERS} applied)");

    let _second = start_jobs();
    wait_for("every event is applied after the restart", || async { applied().await == USERS }).await;
    // Give any redelivered tail time to arrive and be skipped.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(applied().await, USERS, "each event claimed once");
    assert_eq!(cache::Entity::find().count(&db).await.unwrap() as usize, USERS, "nothing lost");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The dead-letter path on a real Kafka-protocol broker: a poison message
/// lands in `<topic>.dlq` with its own headers and the consumer's, and the
/// messages after it are still applied.
#[tokio::test]
async fn a_poison_message_on_the_broker_is_dead_lettered_with_its_headers_and_later_ones_apply() {
    use jobgraph_jobs::domain::user_events::UserEvents;
    use jobgraph_shared::events::{Consumer, Message, RetryPolicy, Transport};
    use jobgraph_shared::testing::broker::Broker;
    use jobgraph_shared::testing::{Backend, TestDatabase};

    let broker = Broker::start();
    let kafka = std::sync::Arc::new(
        Kafka::connect(&EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() }).unwrap(),
    );
    kafka.ensure_topics(&[Topic::Users]).await.unwrap();
    let topic = kafka.topic_name(Topic::Users.name());
    let good = Uuid::now_v7();
    let envelope = Envelope::new(
        "users",
        None,
        &UserCreated { user: jobgraph_shared::testing::user_snapshot(good, chrono::Utc::now()) },
    )
    .unwrap();
    kafka
        .publish(&[
            Message {
                topic: topic.clone(),
                key: good.to_string(),
                payload: b"{ not an envelope".to_vec(),
                headers: vec![("origin".into(), "a-broken-producer".into())],
            },
            Message {
                topic: topic.clone(),
                key: good.to_string(),
                payload: serde_json::to_vec(&envelope).unwrap(),
                headers: vec![],
            },
        ])
        .await
        .unwrap();

    let jobs_db = TestDatabase::migrated::<jobgraph_migrations::jobs::Migrator>(Backend::Postgres, "jobs").await;
    let db = jobs_db.connect().await;
    let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(1) };
    let consumer = Consumer::new("jobs", db.clone(), UserEvents, Transport::Kafka(kafka.clone()), retry);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(consumer.run(shutdown.clone()));
    wait_for("the event after the poison one is applied", || async {
        cache::Entity::find_by_id(good).one(&db).await.unwrap().is_some()
    })
    .await;

    let dead_letters = format!("{topic}.dlq");
    let mut source = kafka.read_from_start(std::slice::from_ref(&dead_letters)).unwrap();
    let dead = tokio::time::timeout(Duration::from_secs(60), source.next_batch(10)).await.unwrap().unwrap();
    assert_eq!(dead.len(), 1, "only the poison message is dead-lettered");
    let poison = &dead[0];
    assert_eq!(poison.payload, b"{ not an envelope");
    assert_eq!(poison.key.as_deref(), Some(good.to_string().as_str()));
    assert_eq!(poison.header("origin"), Some("a-broken-producer"), "its own headers travel with it");
    assert!(
        poison.header("dlq-error").is_some_and(|error| error.contains("not an event envelope")),
        "{:?}",
        poison.headers
    );
    assert_eq!(poison.header("dlq-consumer"), Some("jobs"));
    assert_eq!(poison.header("dlq-topic"), Some(topic.as_str()));
    assert_eq!(poison.header("dlq-offset"), Some("0"));
    shutdown.cancel();
    running.await.unwrap().unwrap();
}
