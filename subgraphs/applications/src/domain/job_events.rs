//! What applications does with the events it consumes: `job.*` keeps the
//! job cache that applying is validated against (a FILLED, closed or
//! deleted job stops taking applications at once), `company.*` the company
//! cache (a suspended or deleted company's jobs take none until it is
//! restored); `user.deleted` withdraws the deleted applicant's open
//! applications.

use chrono::Utc;
use jobgraph_shared::db::upsert_unless_newer;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, CompanyCreated, CompanyDeleted, CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted,
    JobSnapshot, JobStatusChanged, JobUpdated, UserDeleted,
};
use jobgraph_shared::events::{Envelope, Handler, Mode, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::applications::{record_change, touched};
use super::events::OUTBOX;
use crate::entities::enums::ApplicationStatus;
use crate::entities::{application, company_cache, job_cache};

/// The applications service's consumer of `job-events` and `user-events`.
pub struct JobEvents;

impl Handler for JobEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Jobs, Topic::Users]
    }

    fn caches(&self) -> &'static [&'static str] {
        &["job_cache", "company_cache", jobgraph_shared::revocations::TABLE]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, mode: Mode) -> anyhow::Result<()> {
        let job = if event.is::<JobCreated>() {
            Some(event.decode::<JobCreated>()?.job)
        } else if event.is::<JobUpdated>() {
            Some(event.decode::<JobUpdated>()?.job)
        } else if event.is::<JobStatusChanged>() {
            Some(event.decode::<JobStatusChanged>()?.job)
        } else if event.is::<JobDeleted>() {
            Some(event.decode::<JobDeleted>()?.job)
        } else {
            None
        };
        if let Some(job) = job {
            remember(txn, &job).await?;
        } else if event.is::<CompanyCreated>() {
            remember_company(txn, &event.decode::<CompanyCreated>()?.company).await?;
        } else if event.is::<CompanyUpdated>() {
            remember_company(txn, &event.decode::<CompanyUpdated>()?.company).await?;
        } else if event.is::<CompanyDeleted>() {
            let deleted = event.decode::<CompanyDeleted>()?;
            let row = company_cache::ActiveModel {
                company_id: Set(deleted.company_id),
                is_suspended: Set(false),
                deleted_at: Set(Some(deleted.deleted_at)),
                updated_at: Set(deleted.deleted_at),
            };
            upsert_company_if_newer(txn, row, &[company_cache::Column::DeletedAt, company_cache::Column::UpdatedAt])
                .await?;
        } else if jobgraph_shared::revocations::apply(txn, event).await? {
            // The user's earlier access tokens are refused from now on.
        } else if event.is::<UserDeleted>() && mode == Mode::Live {
            withdraw_all_of(txn, event.decode::<UserDeleted>()?).await?;
        }
        Ok(())
    }
}

/// Upserts the cache row unless it already holds a newer version of the job.
pub async fn remember(txn: &DatabaseTransaction, job: &JobSnapshot) -> anyhow::Result<()> {
    let row = job_cache::ActiveModel {
        job_id: Set(job.id),
        company_id: Set(job.company_id),
        owner_id: Set(job.owner_id),
        title: Set(job.title.clone()),
        status: Set(job.status.clone()),
        application_deadline: Set(job.application_deadline),
        expires_at: Set(job.expires_at),
        max_applications: Set(job.max_applications),
        deleted_at: Set(job.deleted_at),
        version: Set(job.version),
        updated_at: Set(job.updated_at),
    };
    let columns = [
        job_cache::Column::CompanyId,
        job_cache::Column::OwnerId,
        job_cache::Column::Title,
        job_cache::Column::Status,
        job_cache::Column::ApplicationDeadline,
        job_cache::Column::ExpiresAt,
        job_cache::Column::MaxApplications,
        job_cache::Column::DeletedAt,
        job_cache::Column::Version,
        job_cache::Column::UpdatedAt,
    ];
    let (key, guard) = (job_cache::Column::JobId, job_cache::Column::Version);
    upsert_unless_newer::<job_cache::Entity>(txn, vec![row], key, guard, &columns).await?;
    Ok(())
}

/// Upserts what applying needs of a company, unless the cache holds a newer state.
async fn remember_company(txn: &DatabaseTransaction, company: &CompanySnapshot) -> anyhow::Result<()> {
    let row = company_cache::ActiveModel {
        company_id: Set(company.id),
        is_suspended: Set(company.is_suspended),
        deleted_at: Set(company.deleted_at),
        updated_at: Set(company.updated_at),
    };
    let columns =
        [company_cache::Column::IsSuspended, company_cache::Column::DeletedAt, company_cache::Column::UpdatedAt];
    upsert_company_if_newer(txn, row, &columns).await
}

async fn upsert_company_if_newer(
    txn: &DatabaseTransaction,
    row: company_cache::ActiveModel,
    columns: &[company_cache::Column],
) -> anyhow::Result<()> {
    let (key, guard) = (company_cache::Column::CompanyId, company_cache::Column::UpdatedAt);
    upsert_unless_newer::<company_cache::Entity>(txn, vec![row], key, guard, columns).await?;
    Ok(())
}

/// A deleted account's open applications are withdrawn, by that account.
async fn withdraw_all_of(txn: &DatabaseTransaction, deleted: UserDeleted) -> anyhow::Result<()> {
    let open = application::Entity::find()
        .filter(application::Column::ApplicantId.eq(deleted.user_id))
        .filter(application::Column::DeletedAt.is_null())
        .filter(application::Column::Status.is_not_in([
            ApplicationStatus::Hired,
            ApplicationStatus::Rejected,
            ApplicationStatus::Withdrawn,
        ]))
        .all(txn)
        .await?;
    let now = Utc::now();
    let reason = Some("the applicant deleted their account".to_string());
    for application in open {
        touched(now)
            .col_expr(application::Column::Status, Expr::value(ApplicationStatus::Withdrawn.as_str()))
            .filter(application::Column::Id.eq(application.id))
            .exec(txn)
            .await?;
        record_change(
            txn,
            application.id,
            Some(application.status),
            ApplicationStatus::Withdrawn,
            deleted.user_id,
            reason.clone(),
        )
        .await?;
        let event = ApplicationStatusChanged {
            application_id: application.id,
            job_id: application.job_id,
            applicant_id: application.applicant_id,
            from: application.status.as_str().into(),
            to: ApplicationStatus::Withdrawn.as_str().into(),
            reason: reason.clone(),
            at: now,
        };
        OUTBOX.record(txn, Some(deleted.user_id), &event).await?;
    }
    Ok(())
}
