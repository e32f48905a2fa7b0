//! The expiry scheduler: a PUBLISHED job past its `expiresAt` becomes
//! EXPIRED, with a `job.status_changed` event like any other change.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jobgraph_shared::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio_util::sync::CancellationToken;

use super::{events, jobs::committed_change};
use crate::entities::enums::JobStatus;
use crate::entities::job;

/// Jobs expired per transaction and per step.
const BATCH: u64 = 200;

/// One step: expires the published jobs due at `now` (up to a batch); returns how many.
pub async fn expire_due_jobs(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let due = job::Entity::find()
        .filter(job::Column::Status.eq(JobStatus::Published))
        .filter(job::Column::ExpiresAt.lte(now))
        .filter(job::Column::DeletedAt.is_null())
        .order_by_asc(job::Column::ExpiresAt)
        .limit(BATCH)
        .all(db)
        .await?;
    let txn = jobgraph_shared::db::begin_write(db).await?;
    let mut expired = 0;
    for job in due {
        let before = events::job_snapshot(&txn, &job).await?;
        // Only if nobody changed the job since it was read.
        let result = job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(JobStatus::Expired.as_str()))
            .col_expr(job::Column::Version, Expr::col(job::Column::Version).add(1))
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(job.id))
            .filter(job::Column::Version.eq(job.version))
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            committed_change(&txn, None, &before, job.id).await?;
            expired += 1;
        }
    }
    txn.commit().await?;
    Ok(expired)
}

/// Runs [`expire_due_jobs`] every `interval` (at once again after a full batch) until `shutdown`.
pub async fn run(db: DatabaseConnection, interval: Duration, shutdown: CancellationToken) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = ticker.tick() => {
                loop {
                    match expire_due_jobs(&db, Utc::now()).await {
                        Ok(0) => break,
                        Ok(expired) => {
                            tracing::info!(expired, "jobs expired");
                            if expired < BATCH { break }
                        }
                        Err(error) => {
                            tracing::warn!(?error, "expiring jobs failed; retrying next tick");
                            break;
                        }
                    }
                }
            }
        }
    }
}
