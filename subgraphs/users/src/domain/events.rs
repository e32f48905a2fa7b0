//! The events users publishes (DOMAIN.md): `user.created`, `user.updated`
//! with the changed fields, `user.deleted`. Each is recorded in the outbox in
//! the transaction of its change.

use jobgraph_shared::Result;
use jobgraph_shared::events::Outbox;
use jobgraph_shared::events::payloads::{DeletionMode, UserCreated, UserDeleted, UserSnapshot, UserUpdated};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::entities::user;

pub const OUTBOX: Outbox = Outbox::new("users");

/// What other services may know of a user: no phone, birth date or password.
pub fn snapshot(user: &user::Model) -> UserSnapshot {
    UserSnapshot {
        id: user.id,
        email: user.email.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        role: user.role.as_str().to_string(),
        is_verified: user.is_verified,
        is_active: user.is_active,
        created_at: user.created_at,
        updated_at: user.updated_at,
        deleted_at: user.deleted_at,
        locale: user.locale.clone(),
    }
}

pub async fn created(db: &impl ConnectionTrait, actor: Option<Uuid>, user: &user::Model) -> Result<()> {
    OUTBOX.record(db, actor, &UserCreated { user: snapshot(user) }).await?;
    Ok(())
}

/// `changed`: the GraphQL names of the fields that changed.
pub async fn updated(db: &impl ConnectionTrait, actor: Uuid, user: &user::Model, changed: Vec<&str>) -> Result<()> {
    let changed = changed.into_iter().map(str::to_string).collect();
    OUTBOX.record(db, Some(actor), &UserUpdated { changed, user: snapshot(user) }).await?;
    Ok(())
}

pub async fn deleted(db: &impl ConnectionTrait, actor: Uuid, user: &user::Model) -> Result<()> {
    let deleted_at = user.deleted_at.unwrap_or(user.updated_at);
    let event = UserDeleted { user_id: user.id, mode: DeletionMode::Soft, role: user.role.as_str().into(), deleted_at };
    OUTBOX.record(db, Some(actor), &event).await?;
    Ok(())
}
