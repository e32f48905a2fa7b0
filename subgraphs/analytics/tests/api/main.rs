//! Integration tests of the analytics subgraph over its HTTP routes, on a
//! fresh PostgreSQL database: tracked events are recorded through the
//! outbox, and the outbox's rows (and other services' events) are handed to
//! the consumer as the relay and the broker would.

use std::time::Duration;

use chrono::{NaiveDate, Utc};
use jobgraph_analytics::AnalyticsService;
use jobgraph_analytics::rollups::AnalyticsEvents;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::outbox::entity as outbox;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, ApplicationSubmitted, CompanyCreated, JobCreated, UserCreated,
};
use jobgraph_shared::events::{Consumer, Delivery, Envelope, Event, Mode, RetryPolicy, Transport};
use jobgraph_shared::testing::{Backend, GraphqlClient, StatementLog, TestDatabase, error_code};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

mod replay;

struct TestApp {
    client: GraphqlClient,
    db: sea_orm::DatabaseConnection,
    /// Every statement the subgraph (and the consumer) runs.
    statements: StatementLog,
    consumer: Consumer<AnalyticsEvents>,
    key: SigningKey,
    /// How many outbox rows have been handed to the consumer.
    relayed: std::sync::atomic::AtomicUsize,
    _database: TestDatabase,
}

fn settings() -> TokenSettings {
    TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
}

impl TestApp {
    async fn spawn() -> Self {
        Self::spawn_on(Backend::Postgres).await
    }

    async fn spawn_on(backend: Backend) -> Self {
        let database = TestDatabase::migrated::<jobgraph_migrations::analytics::Migrator>(backend, "analytics").await;
        let mut db = database.connect().await;
        let statements = StatementLog::attach(&mut db);
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let router = jobgraph_analytics::router(AnalyticsService { db: db.clone() }, verifier, Default::default());
        let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(1) };
        let consumer = Consumer::new("analytics", db.clone(), AnalyticsEvents, Transport::Bus(Bus::new()), retry);
        TestApp {
            client: GraphqlClient::new(router),
            db,
            statements,
            consumer,
            key,
            relayed: Default::default(),
            _database: database,
        }
    }

    fn token(&self, user: Uuid, role: Role) -> String {
        self.key.sign(&settings(), user, role, Utc::now(), Duration::from_secs(600)).unwrap().0
    }

    async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.client.query(query, variables, token).await
    }

    /// Hands `envelopes` to the consumer in one batch.
    async fn deliver(&self, envelopes: &[Envelope]) {
        let deliveries: Vec<Delivery> = envelopes
            .iter()
            .enumerate()
            .map(|(offset, envelope)| Delivery {
                topic: "events".into(),
                partition: 0,
                offset: offset as i64,
                key: Some(envelope.aggregate_id.to_string()),
                payload: serde_json::to_vec(envelope).unwrap(),
                headers: vec![],
            })
            .collect();
        assert!(self.consumer.handle_batch(&deliveries, Mode::Live, &CancellationToken::new()).await);
    }

    /// The tracked events recorded since the last call, as the relay would publish them.
    async fn recorded(&self) -> Vec<Envelope> {
        let rows = outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&self.db).await.unwrap();
        let seen = self.relayed.swap(rows.len(), std::sync::atomic::Ordering::SeqCst);
        rows[seen..].iter().map(|row| serde_json::from_str(&row.payload).unwrap()).collect()
    }

    async fn relay(&self) {
        let recorded = self.recorded().await;
        self.deliver(&recorded).await;
    }
}

fn event<E: Event>(payload: &E) -> Envelope {
    Envelope::new("test", None, payload).unwrap()
}

const TRACK: &str = "mutation($inputs: [TrackEventInput!]!) { trackEvents(inputs: $inputs) }";
const JOB_STATS: &str = r#"query($id: ID!, $from: Date!, $to: Date!) {
  _entities(representations: [{ __typename: "Job", id: $id }]) {
    ... on Job { stats(from: $from, to: $to) {
      totals { views uniqueViewers applyStarts applications hires conversionRate }
      series { start views }
      funnel { step count }
      bySource { source views applyStarts applications }
    } }
  }
}"#;
const COMPANY_STATS: &str = r#"query($id: ID!, $from: Date!, $to: Date!) {
  _entities(representations: [{ __typename: "Company", id: $id }]) {
    ... on Company { stats(from: $from, to: $to, granularity: WEEK) { totals { views uniqueViewers applications hires } } }
  }
}"#;
const PLATFORM_STATS: &str = r#"query($from: Date!, $to: Date!) {
  platformStats(from: $from, to: $to) { totals { jobSeekerSignups employerSignups jobsPosted applications hires searches zeroResultSearches } }
}"#;

/// A company, its owner and one of its jobs, known to analytics.
struct Listing {
    owner: Uuid,
    company: Uuid,
    job: Uuid,
}

async fn listing(app: &TestApp) -> Listing {
    let owner = Uuid::now_v7();
    let company = jobgraph_shared::testing::company_snapshot(Uuid::now_v7(), owner, Utc::now());
    let mut job = jobgraph_shared::testing::job_snapshot(owner, Utc::now());
    job.company_id = company.id;
    let listing = Listing { owner, company: company.id, job: job.id };
    app.deliver(&[event(&CompanyCreated { company }), event(&JobCreated { job })]).await;
    listing
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn range() -> Value {
    json!({ "from": (today() - chrono::Duration::days(6)).to_string(), "to": today().to_string() })
}

fn with(mut variables: Value, id: Uuid) -> Value {
    variables["id"] = json!(id.to_string());
    variables
}

/// Views from two visitors (one of them twice), an apply start, an
/// application and a hire show in the job's and the company's stats.
#[tokio::test]
async fn views_applications_and_hires_reach_the_job_and_company_stats() {
    let app = TestApp::spawn().await;
    let listing = listing(&app).await;
    let seeker = Uuid::now_v7();
    let view = |session: &str| json!({ "type": "JOB_VIEWED", "sessionId": session, "jobId": listing.job.to_string() });
    let first_visitor = [("x-forwarded-for", "203.0.113.7, 10.0.0.1"), ("user-agent", "Firefox")];
    let second_visitor = [("x-forwarded-for", "198.51.100.2"), ("user-agent", "Firefox")];
    for (visitor, inputs) in [
        (&first_visitor, json!([view("s1"), view("s1")])),
        (
            &second_visitor,
            json!([view("s2"), { "type": "JOB_VIEWED", "sessionId": "s2", "jobId": listing.job.to_string(), "utmSource": "newsletter" }]),
        ),
        (&second_visitor, json!([{ "type": "APPLY_STARTED", "sessionId": "s2", "jobId": listing.job.to_string() }])),
    ] {
        let response = app.client.query_with_headers(TRACK, json!({ "inputs": inputs }), visitor).await;
        assert!(response.get("errors").is_none(), "{response}");
    }
    app.relay().await;
    let application = Uuid::now_v7();
    let submitted = ApplicationSubmitted {
        application_id: application,
        job_id: listing.job,
        company_id: listing.company,
        applicant_id: seeker,
        job_owner_id: listing.owner,
        job_title: "Engineer".into(),
        submitted_at: Utc::now(),
        source: Some("newsletter".into()),
    };
    let hired = |from: &str, to: &str| ApplicationStatusChanged {
        application_id: application,
        job_id: listing.job,
        applicant_id: seeker,
        from: from.into(),
        to: to.into(),
        reason: None,
        at: Utc::now(),
    };
    app.deliver(&[event(&submitted), event(&hired("APPLIED", "OFFER")), event(&hired("OFFER", "HIRED"))]).await;

    let owner = app.token(listing.owner, Role::Employer);
    let response = app.gql(JOB_STATS, with(range(), listing.job), Some(&owner)).await;
    assert!(response.get("errors").is_none(), "{response}");
    let stats = &response["data"]["_entities"][0]["stats"];
    assert_eq!(
        stats["totals"],
        json!({ "views": 4, "uniqueViewers": 2, "applyStarts": 1, "applications": 1, "hires": 1, "conversionRate": 0.5 }),
        "{stats}"
    );
    assert_eq!(stats["series"].as_array().unwrap().len(), 7, "a point per day, zeros included: {stats}");
    assert_eq!(stats["series"][6], json!({ "start": today().to_string(), "views": 4 }));
    assert_eq!(stats["funnel"][5], json!({ "step": "HIRES", "count": 1 }));
    assert_eq!(
        stats["bySource"],
        json!([
            { "source": "direct", "views": 3, "applyStarts": 1, "applications": 0 },
            { "source": "newsletter", "views": 1, "applyStarts": 0, "applications": 1 }
        ])
    );

    let response = app.gql(COMPANY_STATS, with(range(), listing.company), Some(&owner)).await;
    assert_eq!(
        response["data"]["_entities"][0]["stats"]["totals"],
        json!({ "views": 4, "uniqueViewers": 2, "applications": 1, "hires": 1 }),
        "{response}"
    );
}

/// A company's time to first application (publication to first
/// application) and time to hire (submission to HIRED), as median and p90.
#[tokio::test]
async fn a_company_sees_its_time_to_first_application_and_to_hire() {
    let app = TestApp::spawn().await;
    let owner = Uuid::now_v7();
    let now = Utc::now();
    let company = jobgraph_shared::testing::company_snapshot(Uuid::now_v7(), owner, now);
    let company_id = company.id;
    let mut events = vec![event(&CompanyCreated { company })];
    // Two jobs published 10 and 30 hours before their first applications;
    // three hires after 24, 48 and 96 hours.
    let mut hires = Vec::new();
    for (hours_to_first, hired_after) in [(10, vec![24, 48]), (30, vec![96])] {
        let mut job = jobgraph_shared::testing::job_snapshot(owner, now);
        job.company_id = company_id;
        let first = now - chrono::Duration::hours(100);
        job.published_at = Some(first - chrono::Duration::hours(hours_to_first));
        let job_id = job.id;
        events.push(event(&JobCreated { job }));
        for (n, hired_after) in hired_after.into_iter().enumerate() {
            let submitted_at = first + chrono::Duration::hours(n as i64);
            let application = Uuid::now_v7();
            events.push(event(&ApplicationSubmitted {
                application_id: application,
                job_id,
                company_id,
                applicant_id: Uuid::now_v7(),
                job_owner_id: owner,
                job_title: "Engineer".into(),
                submitted_at,
                source: None,
            }));
            hires.push(event(&ApplicationStatusChanged {
                application_id: application,
                job_id,
                applicant_id: Uuid::now_v7(),
                from: "OFFER".into(),
                to: "HIRED".into(),
                reason: None,
                at: submitted_at + chrono::Duration::hours(hired_after),
            }));
        }
    }
    app.deliver(&events).await;
    app.deliver(&hires).await;
    let query = r#"query($id: ID!, $from: Date!, $to: Date!) {
      _entities(representations: [{ __typename: "Company", id: $id }]) {
        ... on Company { stats(from: $from, to: $to) {
          totals { applications hires }
          timeToFirstApplication { count medianHours p90Hours }
          timeToHire { count medianHours p90Hours }
        } }
      }
    }"#;
    let token = app.token(owner, Role::Employer);
    let response = app.gql(query, with(range(), company_id), Some(&token)).await;
    let stats = &response["data"]["_entities"][0]["stats"];
    assert_eq!(stats["totals"], json!({ "applications": 3, "hires": 3 }), "{response}");
    assert_eq!(stats["timeToFirstApplication"], json!({ "count": 2, "medianHours": 10.0, "p90Hours": 30.0 }));
    assert_eq!(stats["timeToHire"], json!({ "count": 3, "medianHours": 48.0, "p90Hours": 96.0 }));
    // Nothing in a range before it all.
    let before = json!({ "from": "2020-01-01", "to": "2020-01-31" });
    let response = app.gql(query, with(before, company_id), Some(&token)).await;
    let stats = &response["data"]["_entities"][0]["stats"];
    assert_eq!(stats["timeToHire"], json!({ "count": 0, "medianHours": null, "p90Hours": null }), "{response}");
}

/// Days are the timezone's when asked: a view an hour ago counts on the
/// UTC day in UTC, and on the local day (another date) twelve hours away.
/// Active users are those who did something, once per day. On PostgreSQL
/// and on SQLite (dev's engine): the query differs by timezone.
#[tokio::test]
async fn stats_count_days_in_the_asked_timezone_and_active_users_once() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        days_in_the_asked_timezone_and_active_users_once(backend).await;
    }
}

async fn days_in_the_asked_timezone_and_active_users_once(backend: Backend) {
    use chrono::Timelike;
    let app = TestApp::spawn_on(backend).await;
    let listing = listing(&app).await;
    let mut at = Utc::now() - chrono::Duration::hours(1);
    if at.hour() == 12 {
        at -= chrono::Duration::hours(1);
    }
    // A whole-hour zone where the view's hour is on another date than the
    // UTC one, and than its UTC day's noon (a crossing hour): 23:xx the
    // day before for a morning view, 00:xx the next day for an afternoon one.
    let offset = if at.hour() < 12 { -(at.hour() as i64 + 1) } else { 24 - at.hour() as i64 };
    let zone = if offset < 0 { format!("Etc/GMT+{}", -offset) } else { format!("Etc/GMT-{offset}") };
    let zone = zone.as_str();
    let local_day = (at + chrono::Duration::hours(offset)).date_naive();
    assert_ne!(local_day, at.date_naive());
    let noon = at.date_naive().and_hms_opt(12, 0, 0).unwrap().and_utc();
    assert_eq!((noon + chrono::Duration::hours(offset)).date_naive(), at.date_naive(), "a crossing hour");
    let seeker = Uuid::now_v7();
    let view = json!({ "type": "JOB_VIEWED", "sessionId": "s", "jobId": listing.job.to_string(), "occurredAt": at.to_rfc3339() });
    let token = app.token(seeker, Role::JobSeeker);
    let response = app.gql(TRACK, json!({ "inputs": [view.clone(), view] }), Some(&token)).await;
    assert_eq!(response["data"]["trackEvents"], 2, "{response}");
    app.relay().await;
    let query = r#"query($id: ID!, $from: Date!, $to: Date!, $timezone: String) {
      _entities(representations: [{ __typename: "Job", id: $id }]) {
        ... on Job { stats(from: $from, to: $to, timezone: $timezone) { timezone series { start views uniqueViewers } } }
      }
    }"#;
    let owner = app.token(listing.owner, Role::Employer);
    let days = json!({
        "from": (at.date_naive() - chrono::Duration::days(1)).to_string(),
        "to": (at.date_naive() + chrono::Duration::days(1)).to_string(),
    });
    for (timezone, expected_day) in [(None, at.date_naive()), (Some(zone), local_day)] {
        let mut variables = with(days.clone(), listing.job);
        variables["timezone"] = json!(timezone);
        let response = app.gql(query, variables, Some(&owner)).await;
        let stats = &response["data"]["_entities"][0]["stats"];
        assert_eq!(stats["timezone"], timezone.unwrap_or("UTC"), "{response}");
        let viewed: Vec<_> = stats["series"].as_array().unwrap().iter().filter(|point| point["views"] != 0).collect();
        assert_eq!(
            viewed,
            vec![&json!({ "start": expected_day.to_string(), "views": 2, "uniqueViewers": 1 })],
            "{timezone:?}: {response}"
        );
    }
    let mut variables = with(days.clone(), listing.job);
    variables["timezone"] = json!("Mars/Olympus");
    assert_eq!(error_code(&app.gql(query, variables, Some(&owner)).await), Some("BAD_USER_INPUT"));

    // The seeker viewed twice (one active user), another seeker applied (the event's actor: another).
    let other = Uuid::now_v7();
    let submitted = ApplicationSubmitted {
        application_id: Uuid::now_v7(),
        job_id: listing.job,
        company_id: listing.company,
        applicant_id: other,
        job_owner_id: listing.owner,
        job_title: "Engineer".into(),
        submitted_at: Utc::now(),
        source: None,
    };
    let applied = Envelope::new("applications", Some(other), &submitted).unwrap();
    app.deliver(&[applied.clone(), applied]).await;
    let admin = app.token(Uuid::now_v7(), Role::Admin);
    let query = "query($from: Date!, $to: Date!) { platformStats(from: $from, to: $to) { totals { activeUsers } } }";
    let response = app.gql(query, range(), Some(&admin)).await;
    assert_eq!(response["data"]["platformStats"]["totals"]["activeUsers"], 2, "{response}");
}

/// Raw rows go after the retention; the rollups stay.
#[tokio::test]
async fn raw_events_are_pruned_after_the_retention_and_the_counts_stay() {
    use jobgraph_analytics::retention::{Pruned, prune};
    let app = TestApp::spawn().await;
    let listing = listing(&app).await;
    let seeker = app.token(Uuid::now_v7(), Role::JobSeeker);
    let view = json!({ "type": "JOB_VIEWED", "sessionId": "s", "jobId": listing.job.to_string() });
    assert_eq!(app.gql(TRACK, json!({ "inputs": [view] }), Some(&seeker)).await["data"]["trackEvents"], 1);
    app.relay().await;
    let retention = Duration::from_secs(90 * 24 * 3600);
    assert_eq!(prune(&app.db, retention, Utc::now()).await.unwrap(), Pruned::default(), "nothing is old yet");
    let later = Utc::now() + chrono::Duration::days(91);
    let pruned = prune(&app.db, retention, later).await.unwrap();
    assert_eq!(pruned, Pruned { tracked_events: 1, visitor_days: 1, active_user_days: 1 });
    let owner = app.token(listing.owner, Role::Employer);
    let response = app.gql(JOB_STATS, with(range(), listing.job), Some(&owner)).await;
    assert_eq!(response["data"]["_entities"][0]["stats"]["totals"]["views"], 1, "{response}");
}

/// A page of 100 jobs asking for their stats costs one statement (the
/// jobs of the `_entities` call with their rows), as one job does.
#[tokio::test]
async fn stats_of_a_hundred_jobs_cost_one_statement_as_for_one() {
    let app = TestApp::spawn().await;
    let owner = Uuid::now_v7();
    let jobs: Vec<Uuid> = (0..100).map(|_| Uuid::now_v7()).collect();
    let created: Vec<Envelope> = jobs
        .iter()
        .map(|id| {
            let mut job = jobgraph_shared::testing::job_snapshot(owner, Utc::now());
            job.id = *id;
            event(&JobCreated { job })
        })
        .collect();
    app.deliver(&created).await;
    let views: Vec<Value> =
        jobs.iter().map(|job| json!({ "type": "JOB_VIEWED", "sessionId": "s", "jobId": job.to_string() })).collect();
    let response = app.gql(TRACK, json!({ "inputs": views }), None).await;
    assert_eq!(response["data"]["trackEvents"], 100, "{response}");
    app.relay().await;
    let query = r#"query($r: [_Any!]!, $from: Date!, $to: Date!) {
      _entities(representations: $r) { ... on Job { stats(from: $from, to: $to) { totals { views } } } }
    }"#;
    let token = app.token(owner, Role::Employer);
    let mut costs = Vec::new();
    for count in [1, 100] {
        let mut variables = range();
        variables["r"] = jobs[..count].iter().map(|id| json!({ "__typename": "Job", "id": id.to_string() })).collect();
        app.statements.clear();
        let response = app.gql(query, variables, Some(&token)).await;
        costs.push(app.statements.statements().len());
        let entities = response["data"]["_entities"].as_array().unwrap_or_else(|| panic!("{response}"));
        assert!(entities.iter().all(|job| job["stats"]["totals"]["views"] == 1), "{response}");
        assert_eq!(entities.len(), count);
    }
    println!("statements for the stats of 1 and of 100 jobs: {costs:?}");
    assert_eq!(costs, vec![1, 1], "{:#?}", app.statements.statements());
}

/// A redelivered batch (the broker's at-least-once) changes no count.
#[tokio::test]
async fn a_redelivered_event_changes_no_count() {
    let app = TestApp::spawn().await;
    let listing = listing(&app).await;
    let inputs = json!([{ "type": "JOB_VIEWED", "sessionId": "s", "jobId": listing.job.to_string() }]);
    let response = app.gql(TRACK, json!({ "inputs": inputs }), None).await;
    assert!(response.get("errors").is_none(), "{response}");
    let recorded = app.recorded().await;
    let user = jobgraph_shared::testing::user_snapshot(Uuid::now_v7(), Utc::now());
    let signup = event(&UserCreated { user });
    app.deliver(&[recorded[0].clone(), signup.clone()]).await;
    app.deliver(&[recorded[0].clone(), signup.clone()]).await;
    app.deliver(&[signup]).await;
    let owner = app.token(listing.owner, Role::Employer);
    let response = app.gql(JOB_STATS, with(range(), listing.job), Some(&owner)).await;
    assert_eq!(response["data"]["_entities"][0]["stats"]["totals"]["views"], 1, "{response}");
    let admin = app.token(Uuid::now_v7(), Role::Admin);
    let response = app.gql(PLATFORM_STATS, range(), Some(&admin)).await;
    assert_eq!(response["data"]["platformStats"]["totals"]["jobSeekerSignups"], 1, "{response}");
}

/// Who reads what: the owner and admins read a job's and a company's
/// stats; another employer, a seeker and anonymous callers do not; only
/// admins read the platform's. One row per caller and query.
#[tokio::test]
async fn stats_are_read_by_their_owners_and_admins_only() {
    let app = TestApp::spawn().await;
    let listing = listing(&app).await;
    let owner = app.token(listing.owner, Role::Employer);
    let other_employer = app.token(Uuid::now_v7(), Role::Employer);
    let seeker_id = Uuid::now_v7();
    let seeker = app.token(seeker_id, Role::JobSeeker);
    let admin = app.token(Uuid::now_v7(), Role::Admin);
    let (job, company) = (with(range(), listing.job), with(range(), listing.company));
    // (what, query, variables, token, the refusal's code)
    type Row<'a> = (&'a str, &'a str, &'a Value, Option<&'a str>, Option<&'a str>);
    let table: [Row; 15] = [
        ("job as owner", JOB_STATS, &job, Some(&owner), None),
        ("job as admin", JOB_STATS, &job, Some(&admin), None),
        ("job as another employer", JOB_STATS, &job, Some(&other_employer), Some("FORBIDDEN")),
        ("job as a seeker", JOB_STATS, &job, Some(&seeker), Some("FORBIDDEN")),
        ("job anonymously", JOB_STATS, &job, None, Some("UNAUTHENTICATED")),
        ("company as owner", COMPANY_STATS, &company, Some(&owner), None),
        ("company as admin", COMPANY_STATS, &company, Some(&admin), None),
        ("company as another employer", COMPANY_STATS, &company, Some(&other_employer), Some("FORBIDDEN")),
        ("company as a seeker", COMPANY_STATS, &company, Some(&seeker), Some("FORBIDDEN")),
        ("company anonymously", COMPANY_STATS, &company, None, Some("UNAUTHENTICATED")),
        ("platform as admin", PLATFORM_STATS, &job, Some(&admin), None),
        ("platform as the owner", PLATFORM_STATS, &job, Some(&owner), Some("FORBIDDEN")),
        ("platform as another employer", PLATFORM_STATS, &job, Some(&other_employer), Some("FORBIDDEN")),
        ("platform as a seeker", PLATFORM_STATS, &job, Some(&seeker), Some("FORBIDDEN")),
        ("platform anonymously", PLATFORM_STATS, &job, None, Some("UNAUTHENTICATED")),
    ];
    for (what, query, variables, token, refused) in table {
        let response = app.gql(query, variables.clone(), token).await;
        assert_eq!(error_code(&response), refused, "{what}: {response}");
    }
    // Anyone may track, signed in or not; the user is the token's.
    let inputs = json!([{ "type": "JOB_LIST_VIEWED", "sessionId": "s" }]);
    for token in [None, Some(seeker.as_str()), Some(owner.as_str())] {
        let response = app.gql(TRACK, json!({ "inputs": inputs }), token).await;
        assert_eq!(response["data"]["trackEvents"], 1, "{response}");
    }
    let users: Vec<_> = app
        .recorded()
        .await
        .iter()
        .map(|envelope| envelope.decode::<jobgraph_shared::events::payloads::AnalyticsEventTracked>().unwrap().user_id)
        .collect();
    assert_eq!(users, vec![None, Some(seeker_id), Some(listing.owner)]);
}

/// Every kind of bad input is refused with BAD_USER_INPUT, and nothing is recorded.
#[tokio::test]
async fn bad_input_is_refused_and_records_nothing() {
    let app = TestApp::spawn().await;
    let listing = listing(&app).await;
    let admin = app.token(Uuid::now_v7(), Role::Admin);
    let job = listing.job.to_string();
    let view = json!({ "type": "JOB_VIEWED", "sessionId": "s", "jobId": job });
    let big = "x".repeat(1 << 20);
    let cases: Vec<(&str, &str, Value)> = vec![
        ("101 events", TRACK, json!({ "inputs": vec![view.clone(); 101] })),
        ("no events", TRACK, json!({ "inputs": [] })),
        ("an unknown type", TRACK, json!({ "inputs": [{ "type": "JOB_LIKED", "sessionId": "s" }] })),
        (
            "1 MB of properties",
            TRACK,
            json!({ "inputs": [{ "type": "JOB_LIST_VIEWED", "sessionId": "s", "properties": { "x": big } }] }),
        ),
        (
            "properties not an object",
            TRACK,
            json!({ "inputs": [{ "type": "JOB_LIST_VIEWED", "sessionId": "s", "properties": [1] }] }),
        ),
        (
            "a view without a job",
            TRACK,
            json!({ "inputs": [view.clone(), { "type": "JOB_VIEWED", "sessionId": "s" }] }),
        ),
        (
            "a malformed job id",
            TRACK,
            json!({ "inputs": [{ "type": "APPLY_STARTED", "sessionId": "s", "jobId": "nope" }] }),
        ),
        ("an empty session", TRACK, json!({ "inputs": [{ "type": "JOB_LIST_VIEWED", "sessionId": " " }] })),
        ("a range of 10 years", PLATFORM_STATS, json!({ "from": "2016-01-01", "to": "2026-01-01" })),
        ("to before from", PLATFORM_STATS, json!({ "from": "2026-02-01", "to": "2026-01-01" })),
        ("a year and a half by day", JOB_STATS, json!({ "id": job, "from": "2025-01-01", "to": "2026-06-01" })),
    ];
    for (what, query, variables) in cases {
        let response = app.gql(query, variables, Some(&admin)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{what}: {response}");
    }
    assert_eq!(outbox::Entity::find().count(&app.db).await.unwrap(), 0, "nothing recorded");
    // A time far off is counted as of the window's edge, not refused.
    let late =
        json!({ "inputs": [{ "type": "JOB_LIST_VIEWED", "sessionId": "s", "occurredAt": "2020-01-01T00:00:00Z" }] });
    let before = Utc::now();
    assert_eq!(app.gql(TRACK, late, None).await["data"]["trackEvents"], 1);
    let recorded = app.recorded().await;
    let tracked = recorded[0].decode::<jobgraph_shared::events::payloads::AnalyticsEventTracked>().unwrap();
    assert!(tracked.occurred_at >= before - chrono::Duration::hours(24), "{tracked:?}");
}
