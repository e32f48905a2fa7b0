use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jobgraph_search::synonyms::Synonyms;
use jobgraph_search::{Location, SearchIndex, SearchService};
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanySnapshot, CompanyUpdated, JobCreated, JobSkillRef, JobSnapshot, JobStatusChanged, Place,
    SalarySnapshot,
};
use jobgraph_shared::events::{Envelope, Event};
use jobgraph_shared::testing::{Backend, GraphqlClient, TestDatabase};
use serde_json::{Value, json};
use uuid::Uuid;

pub struct TestApp {
    pub client: GraphqlClient,
    pub index: Arc<SearchIndex>,
    pub db: sea_orm::DatabaseConnection,
    key: SigningKey,
    _database: TestDatabase,
}

impl TestApp {
    pub async fn spawn() -> Self {
        let database =
            TestDatabase::migrated::<jobgraph_migrations::search::Migrator>(Backend::Postgres, "search").await;
        let db = database.connect().await;
        let synonyms = Synonyms::defaults(&mut jobgraph_search::index::fields::analyzer());
        let index = SearchIndex::open(&Location::Memory, synonyms).unwrap();
        let key = SigningKey::generate().unwrap();
        let settings = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings);
        let service = SearchService { index: index.clone(), db: db.clone() };
        let router = jobgraph_search::router(service, verifier, Default::default());
        TestApp { client: GraphqlClient::new(router), index, db, key, _database: database }
    }

    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.client.query(query, variables, None).await
    }

    pub async fn gql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.client.query(query, variables, token).await
    }

    /// A token for a new user of `role`.
    pub fn token(&self, role: Role) -> String {
        self.token_for(Uuid::now_v7(), role)
    }

    /// Applies events as the feed does.
    pub fn apply(&self, events: &[Envelope]) {
        self.index.apply(events).unwrap();
    }

    /// Applies `events` as the feed does, matching the jobs newly found against the saved searches.
    pub async fn feed(&self, events: &[Envelope]) {
        let newly_found = self.index.apply(events).unwrap();
        jobgraph_search::alerts::match_new_jobs(
            &self.db,
            &self.index,
            &newly_found,
            jobgraph_search::schema::saved_filter,
        )
        .await
        .unwrap();
    }

    /// The alerts published (through the outbox): (seeker, job) pairs.
    pub async fn alerts(&self) -> Vec<(Uuid, Uuid)> {
        use jobgraph_shared::events::outbox::entity as outbox;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let rows = outbox::Entity::find()
            .filter(outbox::Column::EventType.eq("search.alert_matched"))
            .order_by_asc(outbox::Column::Id)
            .all(&self.db)
            .await
            .unwrap();
        rows.iter()
            .map(|row| {
                let envelope: Envelope = serde_json::from_str(&row.payload).unwrap();
                let alert = envelope.decode::<jobgraph_shared::events::payloads::SearchAlertMatched>().unwrap();
                (alert.user_id, alert.job_id)
            })
            .collect()
    }

    /// A token for `user` of `role`.
    pub fn token_for(&self, user: Uuid, role: Role) -> String {
        let settings = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
        self.key.sign(&settings, user, role, Utc::now(), std::time::Duration::from_secs(600)).unwrap().0
    }

    /// A listed company, indexed.
    pub fn company(&self, name: &str) -> CompanySnapshot {
        let mut company = jobgraph_shared::testing::company_snapshot(Uuid::now_v7(), Uuid::now_v7(), Utc::now());
        company.name = name.into();
        self.apply(&[event(&CompanyCreated { company: company.clone() })]);
        company
    }

    pub fn update_company(&self, company: &CompanySnapshot, changed: &str) {
        self.apply(&[event(&CompanyUpdated { changed: vec![changed.into()], company: company.clone() })]);
    }

    /// A published job of `company`, indexed.
    pub fn publish(&self, job: &JobSnapshot) {
        self.apply(&[event(&JobCreated { job: job.clone() })]);
    }

    pub fn change_status(&self, job: &JobSnapshot, to: &str) {
        let mut changed = job.clone();
        changed.status = to.into();
        self.apply(&[event(&JobStatusChanged { from: job.status.clone(), to: to.into(), job: changed })]);
    }

    /// `searchJobs` with `arguments` (JSON variables), answering the ids found in order and the whole answer.
    pub async fn search(&self, arguments: Value) -> (Vec<String>, Value) {
        let response = self.gql(SEARCH, arguments).await;
        assert!(response.get("errors").is_none(), "{response}");
        let ids = response["data"]["searchJobs"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| edge["node"]["id"].as_str().unwrap().to_string())
            .collect();
        (ids, response)
    }

    pub async fn titles(&self, query: &str) -> Vec<String> {
        let response = self.gql(SEARCH_TITLES, json!({ "query": query })).await;
        assert!(response.get("errors").is_none(), "{response}");
        response["data"]["searchJobs"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| {
                edge["highlights"][0]["snippet"]
                    .as_str()
                    .unwrap_or_default()
                    .replace("<mark>", "")
                    .replace("</mark>", "")
            })
            .collect()
    }
}

pub const SEARCH: &str = r#"query ($query: String, $filter: JobSearchFilter, $sort: JobSearchSort, $first: Int, $after: String) {
  searchJobs(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { id } score distanceKm highlights { field snippet } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

const SEARCH_TITLES: &str = r#"query ($query: String) {
  searchJobs(query: $query, first: 50) { edges { highlights { field snippet } } }
}"#;

pub fn event<E: Event>(payload: &E) -> Envelope {
    Envelope::new("jobs", None, payload).unwrap()
}

/// A published job at `company`, `days_old` days after publication.
pub fn job(company: &CompanySnapshot, title: &str, days_old: i64) -> JobSnapshot {
    let published: DateTime<Utc> = Utc::now() - Duration::days(days_old);
    let mut job = jobgraph_shared::testing::job_snapshot(company.owner_id, published);
    job.company_id = company.id;
    job.title = title.into();
    job.description = format!("{title}: join us and build the platform.");
    job
}

pub fn with_skills(mut job: JobSnapshot, skills: &[&str]) -> JobSnapshot {
    job.skills =
        skills.iter().map(|name| JobSkillRef { id: Uuid::now_v7(), name: name.to_string(), required: true }).collect();
    job
}

pub fn in_city(mut job: JobSnapshot, city: &str, country: &str, coordinates: Option<(f64, f64)>) -> JobSnapshot {
    job.locations.push(Place {
        city: city.into(),
        region: None,
        country_code: country.into(),
        lat: coordinates.map(|c| c.0),
        lon: coordinates.map(|c| c.1),
    });
    job
}

pub fn paying(mut job: JobSnapshot, yearly_min: i64, yearly_max: i64, currency: &str) -> JobSnapshot {
    job.salary = Some(SalarySnapshot {
        min: yearly_min,
        max: yearly_max,
        currency: currency.into(),
        period: "YEAR".into(),
        yearly_min,
        yearly_max,
    });
    job
}

pub fn error_code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}
