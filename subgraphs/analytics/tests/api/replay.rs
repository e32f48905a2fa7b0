//! `jobgraph replay --service analytics` over a real Kafka-protocol broker
//! (Tansu): every rollup rebuilt from the topics equals what the live
//! consumer made.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use jobgraph_analytics::AnalyticsService;
use jobgraph_analytics::rollups::AnalyticsEvents;
use jobgraph_shared::auth::{Role, SigningKey, TokenVerifier};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn, CompanyCreated, JobCreated, UserCreated,
};
use jobgraph_shared::events::{Consumer, Event, Outbox, Relay, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::broker::Broker;
use jobgraph_shared::testing::{Backend, GraphqlClient, TestDatabase};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Tables that are not made from the events: the outbox and its relay's
/// bookkeeping, the consumer's claims, the migrations, and the salts of
/// the visitor hash.
const NOT_FROM_EVENTS: [&str; 4] = ["outbox", "processed_events", "seaql_migrations", "visitor_salts"];

/// Every row of every other table of the service, as JSON text, sorted.
/// The tables are read from the database, not from the consumer's list of
/// what it clears, so a table the replay forgets to clear shows.
async fn rollups(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let tables = "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'";
    let mut rows = Vec::new();
    for table in db.query_all(Statement::from_string(backend, tables)).await.unwrap() {
        let table: String = table.try_get("", "name").unwrap();
        if NOT_FROM_EVENTS.contains(&table.as_str()) {
            continue;
        }
        let sql = format!("SELECT row_to_json(t)::text AS row FROM {table} t");
        for row in db.query_all(Statement::from_string(db.get_database_backend(), sql)).await.unwrap() {
            rows.push(format!("{table} {}", row.try_get::<String>("", "row").unwrap()));
        }
    }
    rows.sort();
    rows
}

async fn record<E: Event>(db: &DatabaseConnection, producer: &'static str, actor: Option<Uuid>, event: &E) {
    let txn = db.begin().await.unwrap();
    Outbox::new(producer).record(&txn, actor, event).await.unwrap();
    txn.commit().await.unwrap();
}

#[tokio::test]
async fn a_replay_rebuilds_the_rollups_the_live_consumer_made() {
    let broker = Broker::start();
    let settings = EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() };
    let kafka = Arc::new(Kafka::connect(&settings).unwrap());
    kafka.ensure_topics(&Topic::ALL).await.unwrap();
    let transport = Transport::Kafka(kafka.clone());
    let database =
        TestDatabase::migrated::<jobgraph_migrations::analytics::Migrator>(Backend::Postgres, "analytics").await;
    let db = database.connect().await;
    let key = SigningKey::generate().unwrap();
    let tokens = super::settings();
    let verifier = TokenVerifier::new(vec![key.public_key().clone()], &tokens);
    let client = GraphqlClient::new(jobgraph_analytics::router(
        AnalyticsService { db: db.clone() },
        verifier,
        Default::default(),
    ));

    let shutdown = CancellationToken::new();
    let (sender, mut applied) = tokio::sync::mpsc::unbounded_channel();
    let relay = tokio::spawn(
        Relay::new(db.clone(), "analytics", transport.clone()).with_settings(&settings).run(shutdown.clone()),
    );
    let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(10) };
    let live = Consumer::new("analytics", db.clone(), AnalyticsEvents, transport.clone(), retry)
        .with_settings(&settings)
        .report_applied_to(sender);
    let live = tokio::spawn(live.run(shutdown.clone()));

    // Other services' events (recorded in this outbox for the relay to publish on their topics)...
    let (owner, seeker, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = Utc::now();
    let company = jobgraph_shared::testing::company_snapshot(Uuid::now_v7(), owner, now);
    let mut job = jobgraph_shared::testing::job_snapshot(owner, now);
    job.company_id = company.id;
    job.published_at = Some(now - chrono::Duration::hours(30));
    let (company_id, job_id) = (company.id, job.id);
    record(&db, "users", Some(seeker), &UserCreated { user: jobgraph_shared::testing::user_snapshot(seeker, now) })
        .await;
    record(&db, "jobs", Some(owner), &CompanyCreated { company }).await;
    record(&db, "jobs", Some(owner), &JobCreated { job }).await;
    let mut events = 3;
    for (applicant, application) in [(seeker, Uuid::now_v7()), (other, Uuid::now_v7())] {
        let submitted = ApplicationSubmitted {
            application_id: application,
            job_id,
            company_id,
            applicant_id: applicant,
            job_owner_id: owner,
            job_title: "Engineer".into(),
            submitted_at: now - chrono::Duration::hours(6),
            source: None,
        };
        record(&db, "applications", Some(applicant), &submitted).await;
        events += 1;
        if applicant == seeker {
            for (from, to) in [("APPLIED", "SCREENING"), ("SCREENING", "OFFER"), ("OFFER", "HIRED")] {
                let changed = ApplicationStatusChanged {
                    application_id: application,
                    job_id,
                    applicant_id: applicant,
                    from: from.into(),
                    to: to.into(),
                    reason: None,
                    at: now,
                };
                record(&db, "applications", Some(owner), &changed).await;
                events += 1;
            }
        } else {
            let withdrawn = ApplicationWithdrawn {
                application_id: application,
                job_id,
                applicant_id: applicant,
                job_owner_id: owner,
                reason: None,
                at: now,
            };
            record(&db, "applications", Some(applicant), &withdrawn).await;
            events += 1;
        }
    }
    // ...and tracked events through the API: three visitors, one of them twice, one signed in.
    let view =
        json!({ "type": "JOB_VIEWED", "sessionId": "s", "jobId": job_id.to_string(), "utmSource": "newsletter" });
    let search = json!({ "type": "SEARCH_PERFORMED", "sessionId": "s", "properties": { "resultCount": 0 } });
    let token = key.sign(&tokens, seeker, Role::JobSeeker, now, Duration::from_secs(600)).unwrap().0;
    let bearer = format!("Bearer {token}");
    for (address, signed_in, inputs) in [
        ("203.0.113.1", false, json!([view, view, search])),
        ("203.0.113.2", false, json!([view])),
        (
            "203.0.113.3",
            true,
            json!([view, { "type": "APPLY_STARTED", "sessionId": "s", "jobId": job_id.to_string() }]),
        ),
    ] {
        let mut headers = vec![("x-forwarded-for", address), ("user-agent", "Firefox")];
        if signed_in {
            headers.push(("authorization", bearer.as_str()));
        }
        let response = client.query_with_headers(super::TRACK, json!({ "inputs": inputs }), &headers).await;
        events += response["data"]["trackEvents"].as_u64().unwrap_or_else(|| panic!("{response}")) as usize;
    }
    for _ in 0..events {
        tokio::time::timeout(Duration::from_secs(60), applied.recv()).await.expect("every event applied live");
    }
    shutdown.cancel();
    relay.await.unwrap().unwrap();
    live.await.unwrap().unwrap();
    let made_live = rollups(&db).await;
    assert!(
        made_live.iter().any(|row| row.starts_with("job_daily") && row.contains("unique_viewers")),
        "{made_live:#?}"
    );
    assert!(made_live.iter().any(|row| row.starts_with("application_hires")), "{made_live:#?}");

    let replaying = Consumer::new("analytics", db.clone(), AnalyticsEvents, transport, retry).with_settings(&settings);
    let read = jobgraph_shared::events::replay::replay(&db, &replaying, &kafka, |_, _| {}).await.unwrap();
    assert_eq!(read as usize, events);
    assert_eq!(rollups(&db).await, made_live, "the replay's rows equal the live ones");
}
