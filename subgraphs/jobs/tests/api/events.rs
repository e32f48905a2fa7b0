//! The events jobs records, and what it does with the `user.*` events it
//! consumes: the profile cache, idempotence, dead letters, retries, a
//! consumer killed mid-batch, closing a deleted employer's jobs. Consumers
//! run on the in-process bus here (the same code path as Kafka); Kafka
//! itself is exercised end to end in tests/e2e.

use std::time::Duration;

use chrono::Utc;
use jobgraph_jobs::domain::user_events::UserEvents;
use jobgraph_jobs::entities::{job, user_profile_cache as cache};
use jobgraph_shared::auth::Role;
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::outbox::processed;
use jobgraph_shared::events::payloads::{
    DeletionMode, JobCreated, JobDeleted, JobStatusChanged, JobUpdated, UserCreated, UserDeleted, UserSnapshot,
    UserUpdated,
};
use jobgraph_shared::events::{Consumer, Delivery, Envelope, Event, Message, Mode, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::{data, error_code, user_snapshot};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::helpers::{TestApp, job_input};

fn user(id: Uuid, role: &str, active: bool, at: chrono::DateTime<Utc>) -> UserSnapshot {
    UserSnapshot { role: role.into(), is_active: active, ..user_snapshot(id, at) }
}

fn message<E: Event>(event: &E) -> Message {
    let envelope = Envelope::new("users", None, event).unwrap();
    raw(&envelope.aggregate_id.to_string(), serde_json::to_vec(&envelope).unwrap())
}

fn raw(key: &str, payload: Vec<u8>) -> Message {
    Message { topic: Topic::Users.name().into(), key: key.into(), payload, headers: vec![] }
}

fn consumer(app: &TestApp, bus: &Bus, attempts: u32) -> Consumer<UserEvents> {
    let retry = RetryPolicy { attempts, backoff: Duration::from_millis(1) };
    Consumer::new("jobs", app.db.clone(), UserEvents, Transport::Bus(bus.clone()), retry)
}

/// Everything on the bus's user topic, read by a fresh group.
async fn on_topic(bus: &Bus, topic: &str) -> Vec<Delivery> {
    if bus.is_empty(topic) {
        return vec![];
    }
    bus.subscribe(&format!("reader-{}", Uuid::now_v7()), &[topic.to_string()]).next_batch(10_000).await
}

async fn consume_all(consumer: &Consumer<UserEvents>, bus: &Bus) {
    let batch = on_topic(bus, Topic::Users.name()).await;
    assert!(consumer.handle_batch(&batch, Mode::Live, &CancellationToken::new()).await);
}

async fn cached(app: &TestApp, id: Uuid) -> Option<cache::Model> {
    cache::Entity::find_by_id(id).one(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_jobs_snapshot_names_its_categories_ancestors() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let engineering = app.category(&cast.admin, "Engineering").await;
    let child = |name: &str, parent: &str| {
        let (app, admin, name, parent) = (&app, &cast.admin, name.to_string(), parent.to_string());
        async move {
            let response = app
                .gql(
                    "mutation($n: String!, $p: ID!) { createCategory(input: { name: $n, parentId: $p }) { id } }",
                    json!({ "n": name, "p": parent }),
                    Some(&admin.token),
                )
                .await;
            response["data"]["createCategory"]["id"].as_str().unwrap().to_string()
        }
    };
    let backend = child("Backend", &engineering).await;
    let databases = child("Databases", &backend).await;
    let company = app.company(&cast.owner, "Acme").await;
    app.draft(&cast.owner, &company, json!({ "categoryIds": [databases, backend] })).await;
    let snapshot = app.recorded_events().await.pop().unwrap().decode::<JobCreated>().unwrap().job;
    let names =
        |refs: &[jobgraph_shared::events::payloads::NamedRef]| refs.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&snapshot.categories), ["Backend", "Databases"]);
    assert_eq!(names(&snapshot.category_ancestors), ["Engineering"], "each once, none of the job's own");
}

#[tokio::test]
async fn job_changes_record_their_events_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let skill = app.skill(&cast.admin, "Rust").await;
    let company = app.company(&cast.owner, "Acme").await;
    let id = app.draft(&cast.owner, &company, json!({ "skills": [{ "skillId": skill, "required": true }] })).await;
    let created = app.recorded_events().await.pop().unwrap();
    assert_eq!(created.event_type, "job.created");
    assert_eq!(created.producer, "jobs");
    assert_eq!(created.actor_id, Some(cast.owner.id));
    assert_eq!(created.aggregate_id.to_string(), id);
    let snapshot = created.decode::<JobCreated>().unwrap().job;
    assert_eq!((snapshot.title.as_str(), snapshot.status.as_str()), ("Senior Rust Engineer", "DRAFT"));
    assert_eq!(snapshot.owner_id, cast.owner.id, "a full snapshot: the owner too");
    assert_eq!(snapshot.skills[0].name, "Rust");
    assert_eq!(snapshot.locations[0].city, "Berlin");
    assert_eq!(snapshot.salary.as_ref().unwrap().yearly_max, 110000);

    let update = "mutation($id: ID!, $v: Int!) { updateJob(id: $id, version: $v, input: { title: \"Staff Rust Engineer\" }) { version } }";
    data(&app.gql(update, json!({ "id": id, "v": 1 }), Some(&cast.owner.token)).await);
    let updated = app.recorded_events().await.pop().unwrap().decode::<JobUpdated>().unwrap();
    assert_eq!(updated.changed, vec!["title"]);
    assert_eq!(updated.job.title, "Staff Rust Engineer");
    assert_eq!(updated.job.version, 2);

    data(
        &app.gql("mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": id }), Some(&cast.owner.token))
            .await,
    );
    let published = app.recorded_events().await.pop().unwrap().decode::<JobStatusChanged>().unwrap();
    assert_eq!((published.from.as_str(), published.to.as_str()), ("DRAFT", "PUBLISHED"));
    assert!(published.job.published_at.is_some());

    data(
        &app.gql("mutation($id: ID!) { deleteJob(id: $id) { id } }", json!({ "id": id }), Some(&cast.owner.token))
            .await,
    );
    let deleted = app.recorded_events().await.pop().unwrap().decode::<JobDeleted>().unwrap();
    assert_eq!(deleted.job_id.to_string(), id);

    let types: Vec<String> = app.recorded_events().await.into_iter().map(|e| e.event_type).collect();
    assert_eq!(
        types,
        ["company.created", "job.created", "job.updated", "job.status_changed", "job.deleted"],
        "one event per change, in order (the skill is taxonomy, which publishes nothing)"
    );
    // A refused change records nothing.
    let before = app.snapshot().await;
    let refused = app
        .gql(
            "mutation($id: ID!) { publishJob(id: $id) { status } }",
            json!({ "id": id }),
            Some(&cast.other_employer.token),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let invalid = app
        .gql(
            crate::helpers::CREATE_JOB,
            json!({ "input": job_input(&company, json!({ "title": "" })) }),
            Some(&cast.owner.token),
        )
        .await;
    assert_eq!(error_code(&invalid), Some("BAD_USER_INPUT"));
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn the_expiry_scheduler_publishes_status_changes() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let expires = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    app.published(&cast.owner, &company, json!({ "expiresAt": expires })).await;
    jobgraph_jobs::domain::expiry::expire_due_jobs(&app.db, Utc::now() + chrono::Duration::hours(2)).await.unwrap();
    let expired = app.recorded_events().await.pop().unwrap();
    assert_eq!(expired.actor_id, None, "the system did it");
    let change = expired.decode::<JobStatusChanged>().unwrap();
    assert_eq!((change.from.as_str(), change.to.as_str()), ("PUBLISHED", "EXPIRED"));
}

#[tokio::test]
async fn user_events_keep_the_profile_cache_and_redelivery_changes_nothing() {
    let app = TestApp::spawn().await;
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3);
    let (id, t0) = (Uuid::now_v7(), Utc::now());
    let created = message(&UserCreated { user: user(id, "EMPLOYER", true, t0) });
    let later = t0 + chrono::Duration::seconds(5);
    let deactivated =
        message(&UserUpdated { changed: vec!["isActive".into()], user: user(id, "EMPLOYER", false, later) });
    bus.publish(&[created.clone(), deactivated.clone()]);
    consume_all(&consumer, &bus).await;
    let row = cached(&app, id).await.unwrap();
    assert_eq!((row.display_name.as_str(), row.role, row.is_active), ("Ada Lovelace", Role::Employer, false));

    // The same two events again (a redelivery): applied once, nothing changes.
    bus.publish(&[created, deactivated]);
    consume_all(&consumer, &bus).await;
    assert_eq!(cached(&app, id).await.unwrap(), row);
    assert_eq!(processed::Entity::find().count(&app.db).await.unwrap(), 2);

    // An older state arriving late (a replay racing the live consumer) does not win.
    let stale = message(&UserUpdated { changed: vec!["isActive".into()], user: user(id, "EMPLOYER", true, t0) });
    bus.publish(&[stale]);
    consume_all(&consumer, &bus).await;
    assert!(!cached(&app, id).await.unwrap().is_active);

    // And the cache rule now refuses the deactivated employer.
    let token = app.actor_with_id(id, Role::Employer);
    let refused = app.gql(crate::helpers::CREATE_COMPANY, json!({ "input": { "name": "Nope" } }), Some(&token)).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
}

#[tokio::test]
async fn a_deleted_employers_open_jobs_close_once_and_not_on_replay() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let open = app.published(&cast.owner, &company, json!({})).await;
    let draft = app.draft(&cast.owner, &company, json!({})).await;
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3);
    let deleted = UserDeleted {
        user_id: cast.owner.id,
        mode: DeletionMode::Soft,
        role: "EMPLOYER".into(),
        deleted_at: Utc::now(),
    };
    bus.publish(&[message(&deleted)]);
    consume_all(&consumer, &bus).await;
    let status = |id: String| {
        let db = app.db.clone();
        async move {
            job::Entity::find_by_id(Uuid::parse_str(&id).unwrap()).one(&db).await.unwrap().unwrap().status.as_str()
        }
    };
    assert_eq!(status(open.clone()).await, "CLOSED");
    assert_eq!(status(draft).await, "DRAFT", "drafts were never open");
    let closed = app.recorded_events().await.pop().unwrap();
    assert_eq!(closed.actor_id, None);
    assert_eq!(closed.decode::<JobStatusChanged>().unwrap().to, "CLOSED");
    assert!(cached(&app, cast.owner.id).await.unwrap().deleted_at.is_some());
    let events_after_close = app.recorded_events().await.len();

    // Redelivered: applied once.
    consume_all(&consumer, &bus).await;
    assert_eq!(app.recorded_events().await.len(), events_after_close);

    // A replay rebuilds the cache but repeats no side effect: reopen the job, replay, it stays open.
    let admin = &cast.admin.token;
    data(&app.gql("mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": open }), Some(admin)).await);
    let batch = on_topic(&bus, Topic::Users.name()).await;
    processed::Entity::delete_many().exec(&app.db).await.unwrap();
    assert!(consumer.handle_batch(&batch, Mode::Replay, &CancellationToken::new()).await);
    assert_eq!(status(open).await, "PUBLISHED");
    assert!(cached(&app, cast.owner.id).await.unwrap().deleted_at.is_some());
}

#[tokio::test]
async fn a_malformed_or_unhandleable_event_is_dead_lettered_and_later_ones_still_apply() {
    let app = TestApp::spawn().await;
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3);
    let good = Uuid::now_v7();
    let unhandleable = UserCreated { user: user(Uuid::now_v7(), "PIRATE", true, Utc::now()) };
    bus.publish(&[
        raw("x", b"{ not json".to_vec()),
        message(&unhandleable),
        message(&UserCreated { user: user(good, "JOB_SEEKER", true, Utc::now()) }),
    ]);
    consume_all(&consumer, &bus).await;
    assert!(cached(&app, good).await.is_some(), "later messages are still processed");
    assert!(cached(&app, unhandleable.user.id).await.is_none());
    let dead = on_topic(&bus, "user-events.dlq").await;
    assert_eq!(dead.len(), 2);
    assert!(dead[0].header("dlq-error").unwrap().contains("not an event envelope"), "{:?}", dead[0].headers);
    assert_eq!(dead[0].header("dlq-attempts"), Some("0"), "a message that never parses is not retried");
    assert!(dead[1].header("dlq-error").unwrap().contains("unknown role PIRATE"), "{:?}", dead[1].headers);
    assert_eq!(dead[1].header("dlq-attempts"), Some("3"), "retried before it was dead-lettered");
    assert_eq!(dead[1].header("dlq-topic"), Some("user-events"));
    assert_eq!(dead[1].payload, on_topic(&bus, "user-events").await[1].payload, "the message as it came");
}

/// `UserEvents` plus a side effect that is not idempotent: a counter bumped
/// in the handler's transaction for every event it is given. Exactly once
/// shows as the counter equal to the number of distinct events; without the
/// consumer's dedupe, redeliveries would push it higher. On its
/// `stall_at`-th event it tells the test and stops there, so the test kills
/// the consumer between two events of one batch, not wherever timing puts it.
struct Counting {
    given: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stall_at: Option<usize>,
    stalled: std::sync::Arc<tokio::sync::Notify>,
}

impl jobgraph_shared::events::Handler for Counting {
    fn topics(&self) -> &'static [Topic] {
        UserEvents.topics()
    }

    fn caches(&self) -> &'static [&'static str] {
        UserEvents.caches()
    }

    async fn handle(&self, txn: &sea_orm::DatabaseTransaction, event: &Envelope, mode: Mode) -> anyhow::Result<()> {
        use sea_orm::ConnectionTrait as _;
        txn.execute_unprepared("UPDATE test_side_effects SET n = n + 1").await?;
        let given = self.given.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if Some(given) == self.stall_at {
            self.stalled.notify_one();
            std::future::pending::<()>().await;
        }
        UserEvents.handle(txn, event, mode).await
    }
}

#[tokio::test]
async fn a_consumer_killed_mid_batch_loses_nothing_and_applies_nothing_twice() {
    use sea_orm::ConnectionTrait as _;

    const EVENTS: usize = 300;
    let app = TestApp::spawn().await;
    app.db.execute_unprepared("CREATE TABLE test_side_effects (n BIGINT NOT NULL)").await.unwrap();
    app.db.execute_unprepared("INSERT INTO test_side_effects VALUES (0)").await.unwrap();
    let side_effects = || async {
        let row = app
            .db
            .query_one(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT n FROM test_side_effects",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap() as usize
    };
    let bus = Bus::new();
    let ids: Vec<Uuid> = (0..EVENTS).map(|_| Uuid::now_v7()).collect();
    let messages: Vec<Message> =
        ids.iter().map(|id| message(&UserCreated { user: user(*id, "JOB_SEEKER", true, Utc::now()) })).collect();
    bus.publish(&messages);
    let counting = |stall_at| {
        let handler = Counting { given: Default::default(), stall_at, stalled: Default::default() };
        let stalled = handler.stalled.clone();
        let retry = RetryPolicy { attempts: 3, backoff: Duration::from_millis(1) };
        let consumer = Consumer::new("jobs", app.db.clone(), handler, Transport::Bus(bus.clone()), retry);
        (consumer.with_batch_size(10), stalled)
    };

    // Killed between the 5th and 6th events of its 4th batch (three committed before it).
    let (first, stalled) = counting(Some(35));
    let first = tokio::spawn(first.run(CancellationToken::new()));
    tokio::time::timeout(Duration::from_secs(30), stalled.notified()).await.expect("the consumer reached the hook");
    first.abort();
    let _ = first.await;
    assert_eq!(side_effects().await, 30, "the killed batch's transaction left nothing behind");
    assert_eq!(processed::Entity::find().count(&app.db).await.unwrap(), 30);

    // Restarted: resumes from the last commit, and everything is then delivered once more.
    let shutdown = CancellationToken::new();
    let (second, _) = counting(None);
    let second = tokio::spawn(second.run(shutdown.clone()));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while cache::Entity::find().count(&app.db).await.unwrap() < EVENTS as u64 {
        assert!(std::time::Instant::now() < deadline, "not every event arrived");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    bus.publish(&messages);
    let (redelivery, _) = counting(None);
    let everything = on_topic(&bus, Topic::Users.name()).await;
    assert_eq!(everything.len(), 2 * EVENTS);
    assert!(redelivery.handle_batch(&everything, Mode::Live, &CancellationToken::new()).await);
    shutdown.cancel();
    second.await.unwrap().unwrap();
    assert_eq!(side_effects().await, EVENTS, "each event's side effect happened exactly once");
    assert_eq!(processed::Entity::find().count(&app.db).await.unwrap(), EVENTS as u64);
    assert_eq!(cache::Entity::find().count(&app.db).await.unwrap(), EVENTS as u64);
}

#[tokio::test]
async fn the_trace_context_follows_an_event_through_the_relay_into_the_events_a_handler_records() {
    use jobgraph_shared::events::Relay;
    use jobgraph_shared::events::outbox::entity as outbox;

    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    app.published(&cast.owner, &company, json!({})).await;
    let bus = Bus::new();
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    // A user.deleted that arrives with the trace of the request that deleted the user.
    let deleted = UserDeleted {
        user_id: cast.owner.id,
        mode: DeletionMode::Soft,
        role: "EMPLOYER".into(),
        deleted_at: Utc::now(),
    };
    let mut delivery = message(&deleted);
    delivery.headers.push(("traceparent".into(), traceparent.into()));
    bus.publish(&[delivery]);
    consume_all(&consumer(&app, &bus, 3), &bus).await;
    // The job it closed records its event under the same trace...
    let rows = outbox::Entity::find().all(&app.db).await.unwrap();
    let closed = rows.iter().find(|row| row.event_type == "job.status_changed" && row.traceparent.is_some()).unwrap();
    assert_eq!(closed.traceparent.as_deref(), Some(traceparent));
    // ...and the relay sends it on as a Kafka header.
    let out = Bus::new();
    while Relay::new(app.db.clone(), "jobs", Transport::Bus(out.clone())).relay_once().await.unwrap() > 0 {}
    let published = on_topic(&out, Topic::Jobs.name()).await;
    let sent = published.iter().find(|d| d.header("event-id") == Some(closed.event_id.to_string().as_str())).unwrap();
    assert_eq!(sent.header("traceparent"), Some(traceparent));
    assert_eq!(sent.key.as_deref(), Some(closed.aggregate_id.to_string().as_str()), "keyed by the job");
}

#[tokio::test]
async fn a_batch_writes_each_users_newest_state_whatever_else_it_holds() {
    let app = TestApp::spawn().await;
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3);
    let (ada, grace, gone) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let t0 = Utc::now();
    let at = |seconds| t0 + chrono::Duration::seconds(seconds);
    let mut renamed = user(ada, "EMPLOYER", true, at(1));
    renamed.first_name = "Augusta".into();
    let mut deactivated = renamed.clone();
    deactivated.is_active = false;
    deactivated.updated_at = at(3);
    let gone_deleted =
        UserDeleted { user_id: gone, mode: DeletionMode::Soft, role: "JOB_SEEKER".into(), deleted_at: at(2) };
    // One batch: three states of Ada, a user created and deleted, another created.
    bus.publish(&[
        message(&UserCreated { user: user(ada, "EMPLOYER", true, t0) }),
        message(&UserCreated { user: user(gone, "JOB_SEEKER", true, t0) }),
        message(&UserUpdated { changed: vec!["firstName".into()], user: renamed }),
        message(&gone_deleted),
        message(&UserCreated { user: user(grace, "JOB_SEEKER", true, t0) }),
        message(&UserUpdated { changed: vec!["isActive".into()], user: deactivated }),
    ]);
    consume_all(&consumer, &bus).await;
    let row = cached(&app, ada).await.unwrap();
    assert_eq!((row.display_name.as_str(), row.is_active), ("Augusta Lovelace", false), "the newest state");
    let gone_row = cached(&app, gone).await.unwrap();
    assert!(gone_row.deleted_at.is_some(), "deleted after it was created");
    assert_eq!(gone_row.display_name, "Ada Lovelace", "as created, then marked deleted (as one by one would)");
    assert!(cached(&app, grace).await.unwrap().is_active);
    assert_eq!(processed::Entity::find().count(&app.db).await.unwrap(), 6);
}

#[tokio::test]
async fn processed_events_older_than_the_retention_are_pruned() {
    use sea_orm::Set;
    use sea_orm::sea_query::Expr;

    let app = TestApp::spawn().await;
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3);
    let month_ago = Utc::now() - chrono::Duration::days(30);
    bus.publish(&[message(&UserCreated { user: user(Uuid::now_v7(), "JOB_SEEKER", true, Utc::now()) })]);
    consume_all(&consumer, &bus).await;
    processed::Entity::update_many()
        .col_expr(processed::Column::ProcessedAt, Expr::value(month_ago))
        .exec(&app.db)
        .await
        .unwrap();
    // Applied now: kept.
    let fresh = Uuid::now_v7();
    let recent = Bus::new();
    recent.publish(&[message(&UserCreated { user: user(fresh, "JOB_SEEKER", true, Utc::now()) })]);
    consume_all(&consumer, &recent).await;
    // Another consumer's old claim: not this consumer's to prune.
    let other = processed::ActiveModel {
        consumer: Set("applications".into()),
        event_id: Set(Uuid::now_v7()),
        processed_at: Set(month_ago),
    };
    processed::Entity::insert(other).exec_without_returning(&app.db).await.unwrap();

    assert_eq!(consumer.prune().await.unwrap(), 1, "the month-old claim is past the 14-day retention");
    let left = processed::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(left.len(), 2);
    assert!(left.iter().any(|row| row.consumer == "applications"));
    assert!(left.iter().filter(|row| row.consumer == "jobs").all(|row| row.processed_at > month_ago));
    assert!(cached(&app, fresh).await.is_some());
}

/// A replay runs beside the live consumer: readers keep seeing the whole
/// cache until the rebuilt one replaces it, and an event the live consumer
/// had not reached (a `user.deleted`, arriving while the replay runs) still
/// gets its side effect, though the replay read it first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_hides_nothing_from_readers_and_takes_no_live_side_effect() {
    use jobgraph_shared::config::EventsArgs;
    use jobgraph_shared::events::kafka::Kafka;
    use jobgraph_shared::testing::broker::Broker;

    const USERS: usize = 1_500;
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let open = app.published(&cast.owner, &company, json!({})).await;
    let broker = Broker::start();
    let kafka =
        Kafka::connect(&EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() }).unwrap();
    kafka.ensure_topics(&[Topic::Users]).await.unwrap();
    let to_kafka = |message: &Message| Message { topic: kafka.topic_name(Topic::Users.name()), ..message.clone() };
    let as_delivery = |message: &Message| Delivery {
        topic: message.topic.clone(),
        partition: 0,
        offset: 0,
        key: Some(message.key.clone()),
        payload: message.payload.clone(),
        headers: vec![],
    };

    // The live consumer has applied every user.created...
    let now = Utc::now();
    let mut created = vec![message(&UserCreated { user: user(cast.owner.id, "EMPLOYER", true, now) })];
    created.extend((1..USERS).map(|_| message(&UserCreated { user: user(Uuid::now_v7(), "JOB_SEEKER", true, now) })));
    kafka.publish(&created.iter().map(to_kafka).collect::<Vec<_>>()).await.unwrap();
    let live = consumer(&app, &Bus::new(), 3);
    let deliveries: Vec<Delivery> = created.iter().map(as_delivery).collect();
    assert!(live.handle_batch(&deliveries, Mode::Live, &CancellationToken::new()).await);
    assert_eq!(cache::Entity::find().count(&app.db).await.unwrap() as usize, USERS);
    // ...but not yet the employer's deletion, which is on the topic.
    let deleted = message(&UserDeleted {
        user_id: cast.owner.id,
        mode: DeletionMode::Soft,
        role: "EMPLOYER".into(),
        deleted_at: Utc::now(),
    });
    kafka.publish(&[to_kafka(&deleted)]).await.unwrap();

    let seen = std::sync::Mutex::new(Vec::new());
    let live_deletion = std::sync::Mutex::new(None);
    let runtime = tokio::runtime::Handle::current();
    let replayer = consumer(&app, &Bus::new(), 3);
    let read = jobgraph_shared::events::replay::replay(&app.db, &replayer, &kafka, |done, _total| {
        if done == 0 {
            return;
        }
        // Midway: what a reader sees now, and the deletion reaching the live consumer.
        let rows = tokio::task::block_in_place(|| runtime.block_on(cache::Entity::find().count(&app.db))).unwrap();
        seen.lock().unwrap().push(rows as usize);
        let mut handle = live_deletion.lock().unwrap();
        if handle.is_none() {
            let (live, delivery) = (consumer(&app, &Bus::new(), 3), as_delivery(&deleted));
            *handle = Some(runtime.spawn(async move {
                assert!(live.handle_batch(&[delivery], Mode::Live, &CancellationToken::new()).await);
            }));
        }
    })
    .await
    .unwrap();
    assert_eq!(read as usize, USERS + 1);
    let seen = seen.into_inner().unwrap();
    assert!(!seen.is_empty(), "the replay took several batches");
    assert!(seen.iter().all(|rows| *rows == USERS), "readers saw {seen:?} rows, not the {USERS} cached");
    live_deletion.into_inner().unwrap().expect("delivered during the replay").await.unwrap();
    let job = job::Entity::find_by_id(Uuid::parse_str(&open).unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(job.status.as_str(), "CLOSED", "the live consumer still closed the deleted employer's job");
    assert!(cached(&app, cast.owner.id).await.unwrap().deleted_at.is_some());
    assert_eq!(cache::Entity::find().count(&app.db).await.unwrap() as usize, USERS);
}

/// Events a handler records go out as soon as the consumer commits, not at
/// the relay's next poll: the consumer wakes its process's relay.
#[tokio::test]
async fn a_consumer_wakes_the_relay_when_it_commits() {
    use jobgraph_shared::config::EventsArgs;
    use jobgraph_shared::events::Relay;

    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    app.published(&cast.owner, &company, json!({})).await;
    let shutdown = CancellationToken::new();
    // A relay that would otherwise wait a minute between polls (it goes once at its start).
    let out = Bus::new();
    let settings = EventsArgs { outbox_poll_interval: Duration::from_secs(60), ..EventsArgs::defaults() };
    let relay = Relay::new(app.db.clone(), "jobs", Transport::Bus(out.clone())).with_settings(&settings);
    let bus = Bus::new();
    let consumer = consumer(&app, &bus, 3).waking(relay.waker());
    let relaying = tokio::spawn(relay.run(shutdown.clone()));
    let consuming = tokio::spawn(consumer.run(shutdown.clone()));
    let closed = |deliveries: &[Delivery]| {
        deliveries
            .iter()
            .filter_map(|d| serde_json::from_slice::<Envelope>(&d.payload).ok())
            .any(|event| event.is::<JobStatusChanged>() && event.decode::<JobStatusChanged>().unwrap().to == "CLOSED")
    };
    // Let the relay's first round pass (the job's own events), then the employer is deleted.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!closed(&on_topic(&out, Topic::Jobs.name()).await));
    let deleted = UserDeleted {
        user_id: cast.owner.id,
        mode: DeletionMode::Soft,
        role: "EMPLOYER".into(),
        deleted_at: Utc::now(),
    };
    bus.publish(&[message(&deleted)]);
    let started = std::time::Instant::now();
    while !closed(&on_topic(&out, Topic::Jobs.name()).await) {
        assert!(started.elapsed() < Duration::from_secs(5), "the job's closing waited for the relay's next poll");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    shutdown.cancel();
    relaying.await.unwrap().unwrap();
    consuming.await.unwrap().unwrap();
}
