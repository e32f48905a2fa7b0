//! Revoked sessions: per user, the time before which their access tokens
//! are refused, so a deactivation, deletion, role or password change ends
//! the sessions it should within seconds, not when the tokens expire.
//!
//! users records a revocation in its own database and publishes
//! `user.sessions_revoked`; every other service keeps the same
//! `token_revocations` table from that event ([`apply`]). Each subgraph
//! checks the tokens it is sent against the table, read into memory at most
//! once a second ([`Revocations`]), so the check costs no query per request.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::events::Envelope;
use crate::events::payloads::UserSessionsRevoked;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "token_revocations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        /// Tokens issued before this are refused.
        pub revoked_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The table `apply` keeps, for a consumer's `caches()`.
pub const TABLE: &str = "token_revocations";

/// How stale the in-memory copy may get.
const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// Revocations older than any access token's life are not loaded.
const REMEMBERED_FOR: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Records that `user`'s tokens issued before `at` are refused (the later
/// of two revocations wins).
pub async fn record(db: &impl ConnectionTrait, user: Uuid, at: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    let row = entity::ActiveModel { user_id: Set(user), revoked_at: Set(at) };
    let (key, guard) = (entity::Column::UserId, entity::Column::RevokedAt);
    crate::db::upsert_unless_newer::<entity::Entity>(db, vec![row], key, guard, &[guard]).await
}

/// The first whole second after `at` (or `at` itself, if whole): when a
/// revocation made at `at` takes effect, as token times have whole seconds.
pub fn next_whole_second(at: DateTime<Utc>) -> DateTime<Utc> {
    let floor = DateTime::from_timestamp(at.timestamp(), 0).expect("a time in range");
    if floor == at { floor } else { floor + chrono::TimeDelta::seconds(1) }
}

/// Applies `event` if it is a `user.sessions_revoked`; says whether it was.
pub async fn apply(db: &impl ConnectionTrait, event: &Envelope) -> anyhow::Result<bool> {
    if !event.is::<UserSessionsRevoked>() {
        return Ok(false);
    }
    let revoked = event.decode::<UserSessionsRevoked>()?;
    record(db, revoked.user_id, revoked.revoked_at).await?;
    Ok(true)
}

/// A subgraph's view of `token_revocations`, refreshed from its database
/// at most once a second by the requests that need it.
pub struct Revocations {
    db: DatabaseConnection,
    known: RwLock<(Option<Instant>, HashMap<Uuid, i64>)>,
    refreshing: tokio::sync::Mutex<()>,
}

impl Revocations {
    pub fn new(db: DatabaseConnection) -> Self {
        Revocations { db, known: RwLock::new((None, HashMap::new())), refreshing: tokio::sync::Mutex::new(()) }
    }

    /// Was a token of `user` issued at `issued_at` (seconds since the epoch) revoked since?
    pub async fn revoked(&self, user: Uuid, issued_at: i64) -> bool {
        self.refresh_if_stale().await;
        let known = self.known.read().expect("revocations lock");
        // Revocations take effect at a whole second (`next_whole_second`), as `iat` counts whole seconds.
        known.1.get(&user).is_some_and(|revoked_at| issued_at < *revoked_at)
    }

    async fn refresh_if_stale(&self) {
        let fresh =
            |known: &(Option<Instant>, HashMap<Uuid, i64>)| known.0.is_some_and(|at| at.elapsed() < REFRESH_EVERY);
        if fresh(&self.known.read().expect("revocations lock")) {
            return;
        }
        // One request refreshes; the others go on with what is known (never older than a moment).
        let Ok(_refreshing) = self.refreshing.try_lock() else {
            if self.known.read().expect("revocations lock").0.is_some() {
                return;
            }
            // Nothing loaded yet: wait for the first load.
            let _first = self.refreshing.lock().await;
            return;
        };
        let since = Utc::now() - REMEMBERED_FOR;
        match entity::Entity::find().filter(entity::Column::RevokedAt.gt(since)).all(&self.db).await {
            Ok(rows) => {
                let rows = rows.into_iter().map(|row| (row.user_id, row.revoked_at.timestamp())).collect();
                *self.known.write().expect("revocations lock") = (Some(Instant::now()), rows);
            }
            // Keep what is known (the database may be back in a moment); the probe reports it.
            Err(error) => tracing::warn!(%error, "reading token revocations failed"),
        }
    }
}
