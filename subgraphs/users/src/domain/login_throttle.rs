//! Per-account throttling of failed sign-ins: after a few failures in a row
//! an email is locked for a while, the lock doubling with each further
//! failure. Kept in the database, so every users replica agrees; counted by
//! the email as typed, so an unknown email is locked exactly as a known one
//! and a lock tells nobody whether the account exists.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

use crate::entities::failed_login;

#[derive(Clone, Copy, Debug)]
pub struct LoginThrottle {
    /// Failures in a row allowed before the email is locked.
    pub free_failures: i32,
    /// The first lock; each further failure doubles it.
    pub first_lock: Duration,
    /// The longest lock.
    pub longest_lock: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle {
            free_failures: 5,
            first_lock: Duration::from_secs(30),
            longest_lock: Duration::from_secs(15 * 60),
            window: Duration::from_secs(3600),
        }
    }
}

/// The key failures are counted under.
fn key(email: &str) -> String {
    email.trim().to_lowercase().chars().take(320).collect()
}

impl LoginThrottle {
    /// Refuses (RATE_LIMITED) while `email` is locked, before any password is checked.
    pub async fn check(&self, db: &DatabaseConnection, email: &str, now: DateTime<Utc>) -> Result<()> {
        let row = failed_login::Entity::find_by_id(key(email)).one(db).await?;
        match row.and_then(|row| row.locked_until).filter(|until| *until > now) {
            Some(until) => {
                let seconds = (until - now).num_seconds().max(1);
                Err(Error::rate_limited(format!("too many failed sign-ins with this email; try again in {seconds} s")))
            }
            None => Ok(()),
        }
    }

    /// Counts a failure; once past the free ones, locks the email.
    pub async fn failed(&self, db: &DatabaseConnection, email: &str, now: DateTime<Utc>) -> Result<()> {
        let txn = jobgraph_shared::db::begin_write(db).await?;
        let window_start = now - chrono::Duration::from_std(self.window).unwrap_or(chrono::TimeDelta::MAX);
        // One statement counts, so concurrent failures each count; the row stays locked until commit.
        let stale = Expr::col((failed_login::Entity, failed_login::Column::LastFailedAt)).lt(window_start);
        let counted =
            Expr::case(stale, 1).finally(Expr::col((failed_login::Entity, failed_login::Column::Failures)).add(1));
        failed_login::Entity::insert(failed_login::ActiveModel {
            email: Set(key(email)),
            failures: Set(1),
            last_failed_at: Set(now),
            locked_until: Set(None),
        })
        .on_conflict(
            OnConflict::column(failed_login::Column::Email)
                .value(failed_login::Column::Failures, counted)
                .update_column(failed_login::Column::LastFailedAt)
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        let row = failed_login::Entity::find_by_id(key(email))
            .one(&txn)
            .await?
            .ok_or_else(|| Error::internal(anyhow::anyhow!("the failed sign-in row vanished")))?;
        let over = row.failures - self.free_failures;
        if over >= 0 {
            let lock = self.first_lock.saturating_mul(1u32 << over.min(20)).min(self.longest_lock);
            let mut active = row.into_active_model();
            active.locked_until = Set(Some(now + chrono::Duration::from_std(lock).unwrap_or(chrono::TimeDelta::MAX)));
            active.update(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// A success forgets the failures.
    pub async fn succeeded(&self, db: &impl ConnectionTrait, email: &str) -> Result<()> {
        failed_login::Entity::delete_by_id(key(email)).exec(db).await?;
        Ok(())
    }
}
