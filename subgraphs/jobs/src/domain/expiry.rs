//! The expiry scheduler: a PUBLISHED job past its `expiresAt` becomes EXPIRED.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jobgraph_shared::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio_util::sync::CancellationToken;

use crate::entities::enums::JobStatus;
use crate::entities::job;

/// One step: expires every published job due at `now`; returns how many.
pub async fn expire_due_jobs(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    let result = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Expired.as_str()))
        .col_expr(job::Column::Version, Expr::col(job::Column::Version).add(1))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Status.eq(JobStatus::Published))
        .filter(job::Column::ExpiresAt.lte(now))
        .filter(job::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Runs [`expire_due_jobs`] every `interval` until `shutdown`.
pub async fn run(db: DatabaseConnection, interval: Duration, shutdown: CancellationToken) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = ticker.tick() => {
                match expire_due_jobs(&db, Utc::now()).await {
                    Ok(0) => {}
                    Ok(expired) => tracing::info!(expired, "jobs expired"),
                    Err(error) => tracing::warn!(?error, "expiring jobs failed; retrying next tick"),
                }
            }
        }
    }
}
