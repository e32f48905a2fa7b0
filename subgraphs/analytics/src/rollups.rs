//! The consumer: every topic in, daily counts out. A batch of events is
//! summed in memory and written with one upsert per table (counts are
//! added to what is there), in the batch's transaction with its
//! `processed_events` claims, so a redelivered event counts nothing.
//! A replay empties the tables and counts everything again.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use jobgraph_shared::events::payloads::{
    AnalyticsEventTracked, ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn, CompanyCreated,
    CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted, JobSnapshot, JobStatusChanged, JobUpdated,
    NotificationCreated, NotificationRead, UserCreated,
};
use jobgraph_shared::events::{Envelope, Handler, Incoming, Mode, Topic};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, Iterable, Set};
use uuid::Uuid;

use crate::entities::{company, job, job_daily, job_visitor, platform_daily, tracked_event};

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

/// Views by where the visitor came from (`utm_source`, else "direct").
pub fn views_from(source: &str) -> String {
    format!("views_from:{source}")
}

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
            "platform_daily",
            "job_visitors",
            "tracked_events",
            "analytics_jobs",
            "analytics_companies",
            jobgraph_shared::revocations::TABLE,
        ]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, _mode: Mode) -> anyhow::Result<()> {
        let mut rollup = Rollup::default();
        if !jobgraph_shared::revocations::apply(txn, event).await? {
            rollup.add(event)?;
        }
        rollup.write(txn).await
    }

    async fn handle_batch(
        &self,
        txn: &DatabaseTransaction,
        events: &[Incoming<'_>],
        _mode: Mode,
    ) -> anyhow::Result<()> {
        let mut rollup = Rollup::default();
        for event in events {
            if !jobgraph_shared::revocations::apply(txn, event.envelope).await? {
                rollup.add(event.envelope)?;
            }
        }
        rollup.write(txn).await
    }
}

/// A batch's counts, summed before they are written.
#[derive(Default)]
struct Rollup {
    jobs: HashMap<(Uuid, String, String), i64>,
    platform: HashMap<(String, String), i64>,
    /// (job, day, visitor): the views that may be a job's first by that visitor that day.
    viewers: HashSet<(Uuid, String, String)>,
    tracked: Vec<tracked_event::ActiveModel>,
    job_owners: HashMap<Uuid, (Uuid, Uuid)>,
    company_owners: HashMap<Uuid, Uuid>,
}

fn day(at: DateTime<Utc>) -> String {
    at.date_naive().to_string()
}

impl Rollup {
    fn count_job(&mut self, job: Uuid, at: DateTime<Utc>, metric: String) {
        *self.jobs.entry((job, day(at), metric)).or_default() += 1;
    }

    fn count_platform(&mut self, at: DateTime<Utc>, metric: impl Into<String>) {
        *self.platform.entry((day(at), metric.into())).or_default() += 1;
    }

    fn remember_job(&mut self, job: &JobSnapshot) {
        self.job_owners.insert(job.id, (job.company_id, job.owner_id));
    }

    fn remember_company(&mut self, company: &CompanySnapshot) {
        self.company_owners.insert(company.id, company.owner_id);
    }

    fn add(&mut self, event: &Envelope) -> anyhow::Result<()> {
        let at = event.occurred_at;
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
            self.count_platform(at, platform::APPLICATIONS);
        } else if event.is::<ApplicationStatusChanged>() {
            let changed = event.decode::<ApplicationStatusChanged>()?;
            if let Some(stage) = STAGES.into_iter().find(|stage| *stage == changed.to) {
                self.count_job(changed.job_id, at, Metric::Stage(stage).name());
                if stage == "HIRED" {
                    self.count_platform(at, platform::HIRES);
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
        match (tracked.kind.as_str(), tracked.job_id) {
            ("JOB_VIEWED", Some(job)) => {
                self.count_job(job, at, Metric::Views.name());
                self.count_job(job, at, views_from(tracked.utm_source.as_deref().unwrap_or("direct")));
                self.viewers.insert((job, day(at), tracked.visitor_id.clone()));
            }
            ("APPLY_STARTED", Some(job)) => self.count_job(job, at, Metric::ApplyStarts.name()),
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
        self.count_unique_viewers(txn).await?;
        let rows = self.jobs.into_iter().map(|((job_id, day, metric), value)| job_daily::ActiveModel {
            job_id: Set(job_id),
            day: Set(day),
            metric: Set(metric),
            value: Set(value),
        });
        for chunk in chunks(rows) {
            let add = Expr::col((job_daily::Entity, job_daily::Column::Value)).add(Expr::cust("excluded.value"));
            let upsert =
                OnConflict::columns([job_daily::Column::JobId, job_daily::Column::Day, job_daily::Column::Metric])
                    .value(job_daily::Column::Value, add)
                    .to_owned();
            job_daily::Entity::insert_many(chunk).on_conflict(upsert).exec_without_returning(txn).await?;
        }
        let rows = self.platform.into_iter().map(|((day, metric), value)| platform_daily::ActiveModel {
            day: Set(day),
            metric: Set(metric),
            value: Set(value),
        });
        for chunk in chunks(rows) {
            let add =
                Expr::col((platform_daily::Entity, platform_daily::Column::Value)).add(Expr::cust("excluded.value"));
            let upsert = OnConflict::columns([platform_daily::Column::Day, platform_daily::Column::Metric])
                .value(platform_daily::Column::Value, add)
                .to_owned();
            platform_daily::Entity::insert_many(chunk).on_conflict(upsert).exec_without_returning(txn).await?;
        }
        Ok(())
    }

    async fn write_owners(&self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        let jobs = self.job_owners.iter().map(|(id, (company_id, owner_id))| job::ActiveModel {
            job_id: Set(*id),
            company_id: Set(*company_id),
            owner_id: Set(*owner_id),
        });
        for chunk in chunks(jobs) {
            let upsert = OnConflict::column(job::Column::JobId)
                .update_columns([job::Column::CompanyId, job::Column::OwnerId])
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
        let viewers: Vec<_> = std::mem::take(&mut self.viewers).into_iter().collect();
        for chunk in viewers.chunks(CHUNK) {
            let mut insert = Query::insert();
            insert.into_table(job_visitor::Entity).columns(job_visitor::Column::iter());
            for (job, day, visitor) in chunk {
                insert.values_panic([(*job).into(), day.clone().into(), visitor.clone().into()]);
            }
            insert
                .on_conflict(OnConflict::columns(job_visitor::Column::iter()).do_nothing().to_owned())
                .returning(Query::returning().columns([job_visitor::Column::JobId, job_visitor::Column::Day]));
            let statement = txn.get_database_backend().build(&insert);
            for row in txn.query_all(statement).await? {
                let job: Uuid = row.try_get("", "job_id")?;
                let day: String = row.try_get("", "day")?;
                *self.jobs.entry((job, day, Metric::UniqueViewers.name())).or_default() += 1;
            }
        }
        Ok(())
    }
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
