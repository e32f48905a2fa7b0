//! What applications does with the events it consumes: `job.*` keeps the
//! job cache that applying is validated against (a FILLED, closed or
//! deleted job stops taking applications at once); `user.deleted` withdraws
//! the deleted applicant's open applications.

use chrono::Utc;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, JobCreated, JobDeleted, JobSnapshot, JobStatusChanged, JobUpdated, UserDeleted,
};
use jobgraph_shared::events::{Envelope, Handler, Mode, Topic};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::applications::{record_change, touched};
use super::events::OUTBOX;
use crate::entities::enums::ApplicationStatus;
use crate::entities::{application, job_cache};

/// The applications service's consumer of `job-events` and `user-events`.
pub struct JobEvents;

impl Handler for JobEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Jobs, Topic::Users]
    }

    async fn reset(&self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        job_cache::Entity::delete_many().exec(txn).await?;
        Ok(())
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
    let newer = Expr::col((job_cache::Entity, job_cache::Column::Version)).lte(Expr::cust("excluded.version"));
    job_cache::Entity::insert(row)
        .on_conflict(
            OnConflict::column(job_cache::Column::JobId)
                .update_columns([
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
                ])
                .action_and_where(newer)
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
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
