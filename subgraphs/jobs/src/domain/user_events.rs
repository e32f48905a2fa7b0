//! What jobs does with `user.*` events: keeps the user profile cache (the
//! posting rule of DOMAIN.md reads it), and closes the open jobs of an
//! employer whose account is deleted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Role;
use jobgraph_shared::db::upsert_unless_newer;
use jobgraph_shared::events::payloads::{UserCreated, UserDeleted, UserSnapshot, UserUpdated};
use jobgraph_shared::events::{Envelope, Handler, Incoming, Mode, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use super::{events, jobs::committed_change};
use crate::entities::enums::JobStatus;
use crate::entities::{company, job, user_profile_cache as cache};

/// The jobs service's consumer of `user-events`.
pub struct UserEvents;

impl Handler for UserEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Users]
    }

    fn caches(&self) -> &'static [&'static str] {
        &["user_profile_cache", jobgraph_shared::revocations::TABLE]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, mode: Mode) -> anyhow::Result<()> {
        if let Some(user) = snapshot_in(event)? {
            remember(txn, vec![user]).await?;
        } else if jobgraph_shared::revocations::apply(txn, event).await? {
            // The user's earlier access tokens are refused from now on.
        } else if event.is::<UserDeleted>() {
            let deleted = event.decode::<UserDeleted>()?;
            forget(txn, &deleted).await?;
            // A replay rebuilds the cache only: the jobs were closed when it happened.
            if mode == Mode::Live {
                close_open_jobs_of(txn, deleted.user_id).await?;
            }
        }
        Ok(())
    }

    /// The snapshots (user.created, user.updated) between two other events
    /// go to the cache in one statement. The order among snapshots does not
    /// matter (each user's newest state wins), but a deletion marks the row
    /// the events before it made, so those are written first.
    async fn handle_batch(&self, txn: &DatabaseTransaction, events: &[Incoming<'_>], mode: Mode) -> anyhow::Result<()> {
        let mut users = Vec::with_capacity(events.len());
        for event in events {
            match snapshot_in(event.envelope)? {
                Some(user) => users.push(user),
                None => {
                    remember(txn, std::mem::take(&mut users)).await?;
                    event.traced(self.handle(txn, event.envelope, mode)).await?;
                }
            }
        }
        remember(txn, users).await
    }
}

/// The user as a `user.created` or `user.updated` event shows them.
fn snapshot_in(event: &Envelope) -> anyhow::Result<Option<UserSnapshot>> {
    Ok(if event.is::<UserCreated>() {
        Some(event.decode::<UserCreated>()?.user)
    } else if event.is::<UserUpdated>() {
        Some(event.decode::<UserUpdated>()?.user)
    } else {
        None
    })
}

/// Rows per upsert statement: PostgreSQL takes at most 65,535 parameters.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Upserts the users' cache rows, except where the cache already holds a
/// newer state: events of one user arrive in order, but a replay may race
/// the live consumer. Of several states of one user, the newest is written
/// (one statement may not touch a row twice).
async fn remember(txn: &DatabaseTransaction, users: Vec<UserSnapshot>) -> anyhow::Result<()> {
    let mut newest: HashMap<Uuid, UserSnapshot> = HashMap::with_capacity(users.len());
    for user in users {
        match newest.get(&user.id) {
            Some(known) if known.updated_at > user.updated_at => {}
            _ => {
                newest.insert(user.id, user);
            }
        }
    }
    let rows = newest
        .into_values()
        .map(|user| {
            let role = Role::parse(&user.role).ok_or_else(|| anyhow::anyhow!("unknown role {}", user.role))?;
            Ok(cache::ActiveModel {
                id: Set(user.id),
                display_name: Set(format!("{} {}", user.first_name, user.last_name)),
                role: Set(role),
                is_verified: Set(user.is_verified),
                is_active: Set(user.is_active),
                deleted_at: Set(user.deleted_at),
                updated_at: Set(user.updated_at),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let columns = [
        cache::Column::DisplayName,
        cache::Column::Role,
        cache::Column::IsVerified,
        cache::Column::IsActive,
        cache::Column::DeletedAt,
        cache::Column::UpdatedAt,
    ];
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        upsert_if_newer(txn, chunk.to_vec(), &columns).await?;
    }
    Ok(())
}

async fn forget(txn: &DatabaseTransaction, deleted: &UserDeleted) -> anyhow::Result<()> {
    let role = Role::parse(&deleted.role).unwrap_or(Role::JobSeeker);
    let row = cache::ActiveModel {
        id: Set(deleted.user_id),
        display_name: Set(String::new()),
        role: Set(role),
        is_verified: Set(false),
        is_active: Set(false),
        deleted_at: Set(Some(deleted.deleted_at)),
        updated_at: Set(deleted.deleted_at),
    };
    upsert_if_newer(txn, vec![row], &[cache::Column::DeletedAt, cache::Column::UpdatedAt]).await
}

async fn upsert_if_newer(
    txn: &DatabaseTransaction,
    rows: Vec<cache::ActiveModel>,
    columns: &[cache::Column],
) -> anyhow::Result<()> {
    upsert_unless_newer::<cache::Entity>(txn, rows, cache::Column::Id, cache::Column::UpdatedAt, columns).await?;
    Ok(())
}

/// Closes the PUBLISHED and PAUSED jobs of the companies `owner` owns, each
/// with its `job.status_changed` event (actor: the system).
async fn close_open_jobs_of(txn: &DatabaseTransaction, owner: Uuid) -> anyhow::Result<()> {
    let companies: Vec<Uuid> = company::Entity::find()
        .select_only()
        .column(company::Column::Id)
        .filter(company::Column::OwnerId.eq(owner))
        .into_tuple()
        .all(txn)
        .await?;
    let open = job::Entity::find()
        .filter(job::Column::CompanyId.is_in(companies))
        .filter(job::Column::Status.is_in([JobStatus::Published, JobStatus::Paused]))
        .filter(job::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    let now: DateTime<Utc> = Utc::now();
    for job in open {
        let before = events::job_snapshot(txn, &job).await?;
        job::Entity::update_many()
            .col_expr(job::Column::Status, Expr::value(JobStatus::Closed.as_str()))
            .col_expr(job::Column::Version, Expr::col(job::Column::Version).add(1))
            .col_expr(job::Column::UpdatedAt, Expr::value(now))
            .filter(job::Column::Id.eq(job.id))
            .exec(txn)
            .await?;
        committed_change(txn, None, &before, job.id).await?;
        tracing::info!(job_id = %job.id, %owner, "job closed: its employer's account was deleted");
    }
    Ok(())
}
