//! Raw rows are kept for a retention (90 days unless configured), then
//! pruned: the tracked events themselves and the per-day rows that make
//! unique viewers and active users count once. The rollups stay forever.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio_util::sync::CancellationToken;

use crate::entities::{active_user, job_visitor, tracked_event};

/// Rows pruned by one [`prune`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub tracked_events: u64,
    pub visitor_days: u64,
    pub active_user_days: u64,
}

/// Deletes raw rows older than `retention` before `now`.
pub async fn prune(
    db: &DatabaseConnection,
    retention: std::time::Duration,
    now: DateTime<Utc>,
) -> jobgraph_shared::Result<Pruned> {
    let retention = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    let cutoff = now.checked_sub_signed(retention).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let cutoff_day = cutoff.date_naive().to_string();
    let tracked_events = tracked_event::Entity::delete_many()
        .filter(tracked_event::Column::OccurredAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    let visitor_days = job_visitor::Entity::delete_many()
        .filter(job_visitor::Column::Day.lt(cutoff_day.clone()))
        .exec(db)
        .await?
        .rows_affected;
    let active_user_days = active_user::Entity::delete_many()
        .filter(active_user::Column::Day.lt(cutoff_day))
        .exec(db)
        .await?
        .rows_affected;
    Ok(Pruned { tracked_events, visitor_days, active_user_days })
}

/// Runs [`prune`] every `interval` until `shutdown`.
pub async fn run(
    db: DatabaseConnection,
    retention: std::time::Duration,
    interval: std::time::Duration,
    shutdown: CancellationToken,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = ticker.tick() => match prune(&db, retention, Utc::now()).await {
                Ok(pruned) if pruned != Pruned::default() => tracing::info!(?pruned, "old analytics rows pruned"),
                Ok(_) => {}
                Err(error) => tracing::warn!(?error, "pruning old analytics rows failed; retrying next tick"),
            },
        }
    }
}
