use std::time::Duration;

use chrono::{DateTime, Utc};
use jobgraph_applications::ApplicationsService;
use jobgraph_applications::domain::job_events::JobEvents;
use jobgraph_applications::entities::{application, interview, recruiter_note, status_change};
use jobgraph_migrations::applications::Migrator;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::outbox::entity as outbox;
use jobgraph_shared::events::payloads::{JobCreated, JobSnapshot, JobStatusChanged};
use jobgraph_shared::events::{Consumer, Envelope, Event, Mode, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::{Backend, GraphqlClient, StatementLog, TestDatabase, data};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub struct TestApp {
    pub client: GraphqlClient,
    pub db: DatabaseConnection,
    pub statements: StatementLog,
    key: SigningKey,
    consumer: Consumer<JobEvents>,
    _database: TestDatabase,
}

/// A caller: a user id and a token signed as users would sign it.
#[derive(Clone)]
pub struct Actor {
    pub id: Uuid,
    pub token: String,
}

/// Everybody a permission rule is tried as.
pub struct Cast {
    pub applicant: Actor,
    pub other_seeker: Actor,
    pub employer: Actor,
    pub other_employer: Actor,
    pub admin: Actor,
}

impl Cast {
    /// (who, token) for every caller, anonymous first.
    pub fn everyone(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("anonymous", None),
            ("applicant", Some(self.applicant.token.as_str())),
            ("other seeker", Some(self.other_seeker.token.as_str())),
            ("employer", Some(self.employer.token.as_str())),
            ("other employer", Some(self.other_employer.token.as_str())),
            ("admin", Some(self.admin.token.as_str())),
        ]
    }
}

fn settings() -> TokenSettings {
    TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
}

pub const APPLY: &str = "mutation($input: ApplyToJobInput!) { applyToJob(input: $input) { id status version } }";
pub const MOVE: &str = "mutation($id: ID!, $to: ApplicationStatus!, $reason: String) { moveApplication(id: $id, to: $to, reason: $reason) { id status } }";

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(Backend::Postgres).await
    }

    /// On SQLite, as `jobgraph dev` runs it.
    pub async fn spawn_on(backend: Backend) -> Self {
        let database = TestDatabase::migrated::<Migrator>(backend, "applications").await;
        let mut db = database.connect().await;
        let statements = StatementLog::attach(&mut db);
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let client = GraphqlClient::new(jobgraph_applications::router(
            ApplicationsService::new(db.clone()),
            verifier,
            Default::default(),
        ));
        let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(1) };
        let consumer = Consumer::new("applications", db.clone(), JobEvents, Transport::Bus(Bus::new()), retry);
        TestApp { client, db, statements, key, consumer, _database: database }
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.client.query(query, variables, token).await
    }

    pub fn actor(&self, role: Role) -> Actor {
        let id = Uuid::now_v7();
        let (token, _) = self.key.sign(&settings(), id, role, Utc::now(), Duration::from_secs(600)).unwrap();
        Actor { id, token }
    }

    pub fn cast(&self) -> Cast {
        Cast {
            applicant: self.actor(Role::JobSeeker),
            other_seeker: self.actor(Role::JobSeeker),
            employer: self.actor(Role::Employer),
            other_employer: self.actor(Role::Employer),
            admin: self.actor(Role::Admin),
        }
    }

    /// Delivers `event` (published by jobs) to the service's consumer.
    pub async fn deliver<E: Event>(&self, event: &E) {
        let envelope = Envelope::new("jobs", None, event).unwrap();
        let delivery = jobgraph_shared::events::Delivery {
            topic: Topic::Jobs.name().into(),
            partition: 0,
            offset: 0,
            key: Some(envelope.aggregate_id.to_string()),
            payload: serde_json::to_vec(&envelope).unwrap(),
            headers: vec![],
        };
        assert!(self.consumer.handle_batch(&[delivery], Mode::Live, &CancellationToken::new()).await);
    }

    /// A PUBLISHED job of `owner`'s company, made known through job.created.
    pub async fn open_job(&self, owner: &Actor) -> JobSnapshot {
        let job = snapshot(owner.id, "PUBLISHED");
        self.deliver(&JobCreated { job: job.clone() }).await;
        job
    }

    /// Moves a job to `status` through job.status_changed.
    pub async fn job_becomes(&self, job: &mut JobSnapshot, status: &str) {
        let from = std::mem::replace(&mut job.status, status.to_string());
        job.version += 1;
        self.deliver(&JobStatusChanged { from, to: status.into(), job: job.clone() }).await;
    }

    /// Applies as `seeker`; returns the application's id.
    pub async fn apply(&self, seeker: &Actor, job: &JobSnapshot) -> String {
        let response = self.gql(APPLY, json!({ "input": { "jobId": job.id } }), Some(&seeker.token)).await;
        data(&response)["applyToJob"]["id"].as_str().unwrap().to_string()
    }

    /// Moves an application as `actor`, asserting success.
    pub async fn moved(&self, actor: &Actor, id: &str, to: &str) {
        let response = self.gql(MOVE, json!({ "id": id, "to": to }), Some(&actor.token)).await;
        assert_eq!(data(&response)["moveApplication"]["status"], to, "{response}");
    }

    /// Every row this service writes for applications, to show a refused call wrote nothing.
    pub async fn snapshot(
        &self,
    ) -> (Vec<application::Model>, Vec<status_change::Model>, Vec<interview::Model>, Vec<recruiter_note::Model>, usize)
    {
        (
            application::Entity::find().order_by_asc(application::Column::Id).all(&self.db).await.unwrap(),
            status_change::Entity::find().order_by_asc(status_change::Column::Id).all(&self.db).await.unwrap(),
            interview::Entity::find().order_by_asc(interview::Column::Id).all(&self.db).await.unwrap(),
            recruiter_note::Entity::find().order_by_asc(recruiter_note::Column::Id).all(&self.db).await.unwrap(),
            outbox::Entity::find().all(&self.db).await.unwrap().len(),
        )
    }

    /// The events recorded in the outbox, oldest first.
    pub async fn recorded_events(&self) -> Vec<Envelope> {
        let rows = outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&self.db).await.unwrap();
        rows.iter().map(|row| serde_json::from_str(&row.payload).unwrap()).collect()
    }
}

/// A job as jobs' events describe it.
pub fn snapshot(owner: Uuid, status: &str) -> JobSnapshot {
    JobSnapshot {
        title: "Senior Rust Engineer".into(),
        description: "Build the platform.".into(),
        status: status.into(),
        ..jobgraph_shared::testing::job_snapshot(owner, Utc::now())
    }
}

pub fn in_days(days: i64) -> DateTime<Utc> {
    Utc::now() + chrono::Duration::days(days)
}
