use std::time::Duration;

use chrono::Utc;
use jobgraph_jobs::JobsService;
use jobgraph_jobs::entities::{company, job};
use jobgraph_migrations::jobs::Migrator;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::events::Envelope;
use jobgraph_shared::events::outbox::entity as outbox;
use jobgraph_shared::testing::{Backend, GraphqlClient, StatementLog, TestDatabase, data};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use uuid::Uuid;

pub struct TestApp {
    pub client: GraphqlClient,
    pub db: DatabaseConnection,
    pub statements: StatementLog,
    key: SigningKey,
    _database: TestDatabase,
}

/// A caller: a user id and a token signed as users would sign it.
#[derive(Clone)]
pub struct Actor {
    pub id: Uuid,
    pub token: String,
}

/// The callers of a permission matrix.
pub struct Cast {
    pub seeker: Actor,
    pub owner: Actor,
    pub other_employer: Actor,
    pub admin: Actor,
}

impl Cast {
    /// (who, token) for every caller, anonymous first.
    pub fn everyone(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("anonymous", None),
            ("seeker", Some(self.seeker.token.as_str())),
            ("owner", Some(self.owner.token.as_str())),
            ("other employer", Some(self.other_employer.token.as_str())),
            ("admin", Some(self.admin.token.as_str())),
        ]
    }
}

fn settings() -> TokenSettings {
    TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
}

pub const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id slug version } }";
pub const CREATE_JOB: &str = "mutation($input: CreateJobInput!) { createJob(input: $input) { id status version } }";

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(Backend::Postgres).await
    }

    pub async fn spawn_on(backend: Backend) -> Self {
        let database = TestDatabase::migrated::<Migrator>(backend, "jobs").await;
        let mut db = database.connect().await;
        let statements = StatementLog::attach(&mut db);
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let service = JobsService::new(db.clone());
        let client = GraphqlClient::new(jobgraph_jobs::router(service.clone(), verifier, Default::default()));
        TestApp { client, db, statements, key, _database: database }
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.client.query(query, variables, token).await
    }

    pub fn actor(&self, role: Role) -> Actor {
        let id = Uuid::now_v7();
        let (token, _) = self.key.sign(&settings(), id, role, Utc::now(), Duration::from_secs(600)).unwrap();
        Actor { id, token }
    }

    /// A token for a user whose id the test chose.
    pub fn actor_with_id(&self, id: Uuid, role: Role) -> String {
        self.key.sign(&settings(), id, role, Utc::now(), Duration::from_secs(600)).unwrap().0
    }

    pub fn cast(&self) -> Cast {
        Cast {
            seeker: self.actor(Role::JobSeeker),
            owner: self.actor(Role::Employer),
            other_employer: self.actor(Role::Employer),
            admin: self.actor(Role::Admin),
        }
    }

    pub async fn company(&self, owner: &Actor, name: &str) -> String {
        let response =
            self.gql(CREATE_COMPANY, json!({ "input": { "name": name, "size": "S11_50" } }), Some(&owner.token)).await;
        data(&response)["createCompany"]["id"].as_str().unwrap().to_string()
    }

    pub async fn skill(&self, admin: &Actor, name: &str) -> String {
        let response = self
            .gql(
                "mutation($n: String!) { createSkill(input: { name: $n }) { id } }",
                json!({ "n": name }),
                Some(&admin.token),
            )
            .await;
        data(&response)["createSkill"]["id"].as_str().unwrap().to_string()
    }

    pub async fn category(&self, admin: &Actor, name: &str) -> String {
        let response = self
            .gql(
                "mutation($n: String!) { createCategory(input: { name: $n }) { id } }",
                json!({ "n": name }),
                Some(&admin.token),
            )
            .await;
        data(&response)["createCategory"]["id"].as_str().unwrap().to_string()
    }

    /// A DRAFT job; `extra` overrides fields of a valid input.
    pub async fn draft(&self, owner: &Actor, company: &str, extra: Value) -> String {
        let response = self.gql(CREATE_JOB, json!({ "input": job_input(company, extra) }), Some(&owner.token)).await;
        data(&response)["createJob"]["id"].as_str().unwrap().to_string()
    }

    /// A PUBLISHED job.
    pub async fn published(&self, owner: &Actor, company: &str, extra: Value) -> String {
        let id = self.draft(owner, company, extra).await;
        let response = self
            .gql("mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": id }), Some(&owner.token))
            .await;
        assert_eq!(data(&response)["publishJob"]["status"], "PUBLISHED");
        id
    }

    /// Every row of the jobs, companies and outbox tables, to show a refused call wrote nothing.
    pub async fn snapshot(&self) -> (Vec<job::Model>, Vec<company::Model>, Vec<outbox::Model>) {
        use sea_orm::{EntityTrait, QueryOrder};
        (
            job::Entity::find().order_by_asc(job::Column::Id).all(&self.db).await.unwrap(),
            company::Entity::find().order_by_asc(company::Column::Id).all(&self.db).await.unwrap(),
            outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&self.db).await.unwrap(),
        )
    }

    /// The events recorded in the outbox, oldest first.
    pub async fn recorded_events(&self) -> Vec<Envelope> {
        self.snapshot().await.2.iter().map(|row| serde_json::from_str(&row.payload).unwrap()).collect()
    }
}

/// A valid CreateJobInput for `company`, with `extra` merged in.
pub fn job_input(company: &str, extra: Value) -> Value {
    let mut input = json!({
        "companyId": company,
        "title": "Senior Rust Engineer",
        "description": "Build the platform.",
        "employmentType": "FULL_TIME",
        "experienceLevel": "SENIOR",
        "remotePolicy": "HYBRID",
        "locations": [{ "city": "Berlin", "countryCode": "DE" }],
        "salary": { "min": 80000, "max": 110000, "currency": "EUR" },
    });
    for (key, value) in extra.as_object().expect("an object of overrides") {
        input[key] = value.clone();
    }
    input
}
