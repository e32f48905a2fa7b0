//! The consumer: every topic in, daily counts out. A batch of events is
//! summed in memory and written with one upsert per table (counts are
//! added to what is there), in the batch's transaction with its
//! `processed_events` claims, so a redelivered event counts nothing.
//! A replay empties the tables and counts everything again.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jobgraph_shared::events::payloads::{
    AnalyticsEventTracked, ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn, CompanyCreated,
    CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted, JobSnapshot, JobStatusChanged, JobUpdated,
    NotificationCreated, NotificationRead, UserCreated,
};
use jobgraph_shared::events::{Envelope, Handler, Incoming, Mode, Topic};
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, Iterable, QueryResult, Set};
use uuid::Uuid;

use crate::entities::{
    active_user, application_hire, application_submission, company, job, job_visitor, tracked_event,
};

/// Rows per statement: well under every engine's limit on bound values.
const CHUNK: usize = 1000;

/// What is counted per job and day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    Views,
    UniqueViewers,
    ApplyStarts,
    Applications,
    Withdrawals,
    /// Applications moved into a stage (SCREENING, INTERVIEW, OFFER, HIRED, REJECTED).
    Stage(&'static str),
}

pub const STAGES: [&str; 5] = ["SCREENING", "INTERVIEW", "OFFER", "HIRED", "REJECTED"];

impl Metric {
    pub fn name(self) -> String {
        match self {
            Metric::Views => "views".into(),
            Metric::UniqueViewers => "unique_viewers".into(),
            Metric::ApplyStarts => "apply_starts".into(),
            Metric::Applications => "applications".into(),
            Metric::Withdrawals => "withdrawals".into(),
            Metric::Stage(stage) => format!("stage:{stage}"),
        }
    }
}

/// Views, apply starts and applications by where the visitor came from:
/// these prefixes and the `utm_source` (the application's `source`), else "direct".
pub const VIEWS_FROM: &str = "views_from:";
pub const APPLY_STARTS_FROM: &str = "apply_starts_from:";
pub const APPLICATIONS_FROM: &str = "applications_from:";

/// What is counted for the whole platform per day.
pub mod platform {
    pub const SIGNUPS_PREFIX: &str = "signups:";
    pub const JOBS_POSTED: &str = "jobs_posted";
    pub const JOBS_PUBLISHED: &str = "jobs_published";
    pub const APPLICATIONS: &str = "applications";
    pub const HIRES: &str = "hires";
    pub const WITHDRAWALS: &str = "withdrawals";
    pub const SEARCHES: &str = "searches";
    pub const ZERO_RESULT_SEARCHES: &str = "zero_result_searches";
    pub const NOTIFICATIONS_SENT: &str = "notifications_sent";
    pub const NOTIFICATIONS_READ: &str = "notifications_read";
    /// Users who did something that day (a tracked event, or any event they caused).
    pub const ACTIVE_USERS: &str = "active_users";
}

/// The analytics service's consumer of every topic.
pub struct AnalyticsEvents;

impl Handler for AnalyticsEvents {
    fn topics(&self) -> &'static [Topic] {
        &Topic::ALL
    }

    fn caches(&self) -> &'static [&'static str] {
        &[
            "job_daily",
            "job_hourly",
            "platform_daily",
            "platform_hourly",
            "job_visitors",
            "active_users",
            "application_submissions",
            "application_hires",
            "tracked_events",
            "analytics_jobs",
            "analytics_companies",
            jobgraph_shared::revocations::TABLE,
        ]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, _mode: Mode) -> anyhow::Result<()> {
        count(txn, [event]).await
    }

    async fn handle_batch(
        &self,
        txn: &DatabaseTransaction,
        events: &[Incoming<'_>],
        _mode: Mode,
    ) -> anyhow::Result<()> {
        let envelopes: Vec<&Envelope> = events.iter().map(|event| event.envelope).collect();
        count(txn, envelopes).await
    }
}

/// Counts `events` into the rollups with one write per table (a session
/// revocation is recorded instead: it counts nothing).
pub async fn count<'a>(
    txn: &DatabaseTransaction,
    events: impl IntoIterator<Item = &'a Envelope>,
) -> anyhow::Result<()> {
    let mut rollup = Rollup::default();
    for event in events {
        if !jobgraph_shared::revocations::apply(txn, event).await? {
            rollup.add(event)?;
        }
    }
    rollup.write(txn).await
}

/// A batch's counts, summed before they are written.
#[derive(Default)]
struct Rollup {
    /// (job, UTC hour, metric) and (UTC hour, metric); the daily counts
    /// are these summed when written.
    job_hours: HashMap<(Uuid, String, String), i64>,
    platform_hours: HashMap<(String, String), i64>,
    /// (job, day, visitor): views that may be a job's first by that visitor
    /// that day, with the hour of the batch's first.
    viewers: HashMap<(Uuid, String, String), String>,
    /// (day, user): users who may be active for the first time that day, with the hour.
    active: HashMap<(String, Uuid), String>,
    tracked: Vec<tracked_event::ActiveModel>,
    jobs: HashMap<Uuid, job::ActiveModel>,
    company_owners: HashMap<Uuid, Uuid>,
    submissions: Vec<application_submission::ActiveModel>,
    hires: Vec<application_hire::ActiveModel>,
}

fn day(at: DateTime<Utc>) -> String {
    at.date_naive().to_string()
}

/// YYYY-MM-DDTHH, the key of the hourly rollups.
pub fn hour(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H").to_string()
}

/// The day (YYYY-MM-DD) of an hour key.
fn day_of(hour: &str) -> &str {
    &hour[..10]
}

/// A rollup table and its period column: one row per (owner, period,
/// metric) with a count, written and read by name (four tables of one shape).
pub type Table = (&'static str, &'static str);
pub const JOB_DAILY: Table = ("job_daily", "day");
pub const JOB_HOURLY: Table = ("job_hourly", "hour");
pub const PLATFORM_DAILY: Table = ("platform_daily", "day");
pub const PLATFORM_HOURLY: Table = ("platform_hourly", "hour");

/// Keeps the earliest hour seen for `key`.
fn first_hour<K: std::hash::Hash + Eq>(map: &mut HashMap<K, String>, key: K, hour: String) {
    let earliest = map.entry(key).or_insert_with(|| hour.clone());
    if hour < *earliest {
        *earliest = hour;
    }
}

impl Rollup {
    fn add_job(&mut self, job: Uuid, hour: String, metric: String) {
        *self.job_hours.entry((job, hour, metric)).or_default() += 1;
    }

    fn add_platform(&mut self, hour: String, metric: impl Into<String>) {
        *self.platform_hours.entry((hour, metric.into())).or_default() += 1;
    }

    fn count_job(&mut self, job: Uuid, at: DateTime<Utc>, metric: String) {
        self.add_job(job, hour(at), metric);
    }

    fn count_platform(&mut self, at: DateTime<Utc>, metric: impl Into<String>) {
        self.add_platform(hour(at), metric);
    }

    fn saw_user(&mut self, user: Uuid, at: DateTime<Utc>) {
        first_hour(&mut self.active, (day(at), user), hour(at));
    }

    fn remember_job(&mut self, job: &JobSnapshot) {
        self.jobs.insert(
            job.id,
            job::ActiveModel {
                job_id: Set(job.id),
                company_id: Set(job.company_id),
                owner_id: Set(job.owner_id),
                published_at: Set(job.published_at),
            },
        );
    }

    fn remember_company(&mut self, company: &CompanySnapshot) {
        self.company_owners.insert(company.id, company.owner_id);
    }

    fn add(&mut self, event: &Envelope) -> anyhow::Result<()> {
        let at = event.occurred_at;
        // A tracked event's user is seen when the thing happened (its
        // occurredAt), not also when the client sent it: a view just before
        // midnight sent just after would make one active user two.
        if let Some(actor) = event.actor_id
            && !event.is::<AnalyticsEventTracked>()
        {
            self.saw_user(actor, at);
        }
        if event.is::<AnalyticsEventTracked>() {
            self.add_tracked(event.decode::<AnalyticsEventTracked>()?);
        } else if event.is::<UserCreated>() {
            let user = event.decode::<UserCreated>()?.user;
            self.count_platform(at, format!("{}{}", platform::SIGNUPS_PREFIX, user.role));
        } else if event.is::<CompanyCreated>() {
            self.remember_company(&event.decode::<CompanyCreated>()?.company);
        } else if event.is::<CompanyUpdated>() {
            self.remember_company(&event.decode::<CompanyUpdated>()?.company);
        } else if event.is::<JobCreated>() {
            self.remember_job(&event.decode::<JobCreated>()?.job);
            self.count_platform(at, platform::JOBS_POSTED);
        } else if event.is::<JobUpdated>() {
            self.remember_job(&event.decode::<JobUpdated>()?.job);
        } else if event.is::<JobDeleted>() {
            self.remember_job(&event.decode::<JobDeleted>()?.job);
        } else if event.is::<JobStatusChanged>() {
            let changed = event.decode::<JobStatusChanged>()?;
            self.remember_job(&changed.job);
            // First publications only: a paused job published again is not a new one.
            if changed.to == "PUBLISHED" && changed.from == "DRAFT" {
                self.count_platform(at, platform::JOBS_PUBLISHED);
            }
        } else if event.is::<ApplicationSubmitted>() {
            let submitted = event.decode::<ApplicationSubmitted>()?;
            self.count_job(submitted.job_id, at, Metric::Applications.name());
            let source = submitted.source.as_deref().unwrap_or("direct");
            self.count_job(submitted.job_id, at, format!("{APPLICATIONS_FROM}{source}"));
            self.count_platform(at, platform::APPLICATIONS);
            self.submissions.push(application_submission::ActiveModel {
                application_id: Set(submitted.application_id),
                job_id: Set(submitted.job_id),
                company_id: Set(submitted.company_id),
                submitted_at: Set(submitted.submitted_at),
            });
        } else if event.is::<ApplicationStatusChanged>() {
            let changed = event.decode::<ApplicationStatusChanged>()?;
            if let Some(stage) = STAGES.into_iter().find(|stage| *stage == changed.to) {
                self.count_job(changed.job_id, at, Metric::Stage(stage).name());
                if stage == "HIRED" {
                    self.count_platform(at, platform::HIRES);
                    self.hires.push(application_hire::ActiveModel {
                        application_id: Set(changed.application_id),
                        hired_at: Set(changed.at),
                    });
                }
            }
        } else if event.is::<ApplicationWithdrawn>() {
            let withdrawn = event.decode::<ApplicationWithdrawn>()?;
            self.count_job(withdrawn.job_id, at, Metric::Withdrawals.name());
            self.count_platform(at, platform::WITHDRAWALS);
        } else if event.is::<NotificationCreated>() {
            self.count_platform(at, platform::NOTIFICATIONS_SENT);
        } else if event.is::<NotificationRead>() {
            self.count_platform(at, platform::NOTIFICATIONS_READ);
        }
        Ok(())
    }

    fn add_tracked(&mut self, tracked: AnalyticsEventTracked) {
        let at = tracked.occurred_at;
        if let Some(user) = tracked.user_id {
            self.saw_user(user, at);
        }
        let source = tracked.utm_source.as_deref().unwrap_or("direct");
        match (tracked.kind.as_str(), tracked.job_id) {
            ("JOB_VIEWED", Some(job)) => {
                self.count_job(job, at, Metric::Views.name());
                self.count_job(job, at, format!("{VIEWS_FROM}{source}"));
                first_hour(&mut self.viewers, (job, day(at), tracked.visitor_id.clone()), hour(at));
            }
            ("APPLY_STARTED", Some(job)) => {
                self.count_job(job, at, Metric::ApplyStarts.name());
                self.count_job(job, at, format!("{APPLY_STARTS_FROM}{source}"));
            }
            ("SEARCH_PERFORMED", _) => {
                self.count_platform(at, platform::SEARCHES);
                if tracked.properties.get("resultCount").and_then(serde_json::Value::as_i64) == Some(0) {
                    self.count_platform(at, platform::ZERO_RESULT_SEARCHES);
                }
            }
            _ => {}
        }
        self.tracked.push(tracked_event::ActiveModel {
            id: Set(tracked.tracked_id),
            kind: Set(tracked.kind),
            user_id: Set(tracked.user_id),
            visitor_id: Set(tracked.visitor_id),
            session_id: Set(tracked.session_id),
            job_id: Set(tracked.job_id),
            company_id: Set(tracked.company_id),
            properties: Set(tracked.properties.to_string()),
            utm_source: Set(tracked.utm_source),
            utm_medium: Set(tracked.utm_medium),
            utm_campaign: Set(tracked.utm_campaign),
            referrer: Set(tracked.referrer),
            occurred_at: Set(tracked.occurred_at),
        });
    }

    async fn write(mut self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        self.write_owners(txn).await?;
        for chunk in chunks(std::mem::take(&mut self.tracked)) {
            tracked_event::Entity::insert_many(chunk)
                .on_conflict(OnConflict::column(tracked_event::Column::Id).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in chunks(std::mem::take(&mut self.submissions)) {
            application_submission::Entity::insert_many(chunk)
                .on_conflict(OnConflict::column(application_submission::Column::ApplicationId).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in chunks(std::mem::take(&mut self.hires)) {
            application_hire::Entity::insert_many(chunk)
                .on_conflict(OnConflict::column(application_hire::Column::ApplicationId).do_nothing().to_owned())
                .exec_without_returning(txn)
                .await?;
        }
        self.count_unique_viewers(txn).await?;
        self.count_active_users(txn).await?;
        let mut job_days: HashMap<(Uuid, String, String), i64> = HashMap::new();
        for ((job, hour, metric), count) in &self.job_hours {
            *job_days.entry((*job, day_of(hour).to_string(), metric.clone())).or_default() += count;
        }
        let mut platform_days: HashMap<(String, String), i64> = HashMap::new();
        for ((hour, metric), count) in &self.platform_hours {
            *platform_days.entry((day_of(hour).to_string(), metric.clone())).or_default() += count;
        }
        let job_rows = |counts: HashMap<(Uuid, String, String), i64>| {
            counts.into_iter().map(|((job, period, metric), n)| (vec![job.into(), period.into(), metric.into()], n))
        };
        add_counts(txn, JOB_DAILY, &["job_id"], job_rows(job_days)).await?;
        add_counts(txn, JOB_HOURLY, &["job_id"], job_rows(self.job_hours)).await?;
        let platform_rows = |counts: HashMap<(String, String), i64>| {
            counts.into_iter().map(|((period, metric), n)| (vec![period.into(), metric.into()], n))
        };
        add_counts(txn, PLATFORM_DAILY, &[], platform_rows(platform_days)).await?;
        add_counts(txn, PLATFORM_HOURLY, &[], platform_rows(self.platform_hours)).await
    }

    async fn write_owners(&mut self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        for chunk in chunks(std::mem::take(&mut self.jobs).into_values()) {
            let upsert = OnConflict::column(job::Column::JobId)
                .update_columns([job::Column::CompanyId, job::Column::OwnerId, job::Column::PublishedAt])
                .to_owned();
            job::Entity::insert_many(chunk).on_conflict(upsert).exec_without_returning(txn).await?;
        }
        let companies = self
            .company_owners
            .iter()
            .map(|(id, owner_id)| company::ActiveModel { company_id: Set(*id), owner_id: Set(*owner_id) });
        for chunk in chunks(companies) {
            let upsert =
                OnConflict::column(company::Column::CompanyId).update_column(company::Column::OwnerId).to_owned();
            company::Entity::insert_many(chunk).on_conflict(upsert).exec_without_returning(txn).await?;
        }
        Ok(())
    }

    /// Records the batch's (job, day, visitor) triples; those not seen
    /// before (the insert returns them) are the new unique viewers.
    async fn count_unique_viewers(&mut self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        let viewers = std::mem::take(&mut self.viewers);
        let rows =
            viewers.keys().map(|(job, day, visitor)| vec![(*job).into(), day.clone().into(), visitor.clone().into()]);
        for row in insert_new::<job_visitor::Entity>(txn, rows).await? {
            let key: (Uuid, String, String) =
                (row.try_get("", "job_id")?, row.try_get("", "day")?, row.try_get("", "visitor_id")?);
            let hour = viewers.get(&key).cloned().unwrap_or_default();
            self.add_job(key.0, hour, Metric::UniqueViewers.name());
        }
        Ok(())
    }

    /// Records the batch's (day, user) pairs; those not seen before are new active users.
    async fn count_active_users(&mut self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        let active = std::mem::take(&mut self.active);
        let rows = active.keys().map(|(day, user)| vec![day.clone().into(), (*user).into()]);
        for row in insert_new::<active_user::Entity>(txn, rows).await? {
            let key: (String, Uuid) = (row.try_get("", "day")?, row.try_get("", "user_id")?);
            let hour = active.get(&key).cloned().unwrap_or_default();
            self.add_platform(hour, platform::ACTIVE_USERS);
        }
        Ok(())
    }
}

/// Inserts `rows` into `E`'s table (every column, in order), skipping
/// those already there; answers the rows it inserted (the new ones).
async fn insert_new<E: EntityTrait>(
    txn: &DatabaseTransaction,
    rows: impl IntoIterator<Item = Vec<sea_orm::Value>>,
) -> anyhow::Result<Vec<QueryResult>> {
    let mut new = Vec::new();
    for chunk in chunks(rows) {
        let mut insert = Query::insert();
        insert.into_table(E::default()).columns(E::Column::iter());
        for row in chunk {
            insert.values_panic(row.into_iter().map(SimpleExpr::from));
        }
        insert
            .on_conflict(OnConflict::columns(E::Column::iter()).do_nothing().to_owned())
            .returning(Query::returning().columns(E::Column::iter()));
        new.extend(txn.query_all(txn.get_database_backend().build(&insert)).await?);
    }
    Ok(new)
}

/// Adds each row's count to what `table` holds for its key: the `owner`
/// columns, the period, the metric (the row's values in that order), one
/// statement per chunk of rows.
async fn add_counts(
    txn: &DatabaseTransaction,
    (table, period): Table,
    owner: &[&str],
    rows: impl IntoIterator<Item = (Vec<sea_orm::Value>, i64)>,
) -> anyhow::Result<()> {
    let keys: Vec<Alias> = owner.iter().chain([&period, &"metric"]).map(|column| Alias::new(*column)).collect();
    for chunk in chunks(rows) {
        let mut insert = Query::insert();
        insert.into_table(Alias::new(table)).columns(keys.iter().cloned().chain([Alias::new("value")]));
        for (key, value) in chunk {
            insert.values_panic(key.into_iter().map(SimpleExpr::from).chain([value.into()]));
        }
        let add = Expr::col((Alias::new(table), Alias::new("value"))).add(Expr::cust("excluded.value"));
        insert.on_conflict(OnConflict::columns(keys.iter().cloned()).value(Alias::new("value"), add).to_owned());
        txn.execute(txn.get_database_backend().build(&insert)).await?;
    }
    Ok(())
}

/// `rows` in vectors of at most [`CHUNK`].
fn chunks<T>(rows: impl IntoIterator<Item = T>) -> Vec<Vec<T>> {
    let mut chunks: Vec<Vec<T>> = Vec::new();
    for row in rows {
        match chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(row),
            _ => chunks.push(vec![row]),
        }
    }
    chunks
}
