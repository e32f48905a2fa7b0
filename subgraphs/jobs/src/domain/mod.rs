//! The rules of the jobs service, free of GraphQL types.

pub mod companies;
pub mod events;
pub mod expiry;
pub mod jobs;
pub mod taxonomy;
pub mod user_events;

use chrono::{DateTime, Utc};
use jobgraph_shared::{Error, Result};
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::entities::user_profile_cache;

/// Everything the jobs service needs at run time: cheap to clone.
#[derive(Clone)]
pub struct JobsService {
    pub db: DatabaseConnection,
}

impl JobsService {
    pub fn new(db: DatabaseConnection) -> Self {
        JobsService { db }
    }

    /// The user profile cache rule: the token is trusted for the role, the
    /// cache refuses a user it knows to be inactive or deleted, and a user it
    /// does not know yet (event not arrived) is allowed.
    pub async fn ensure_may_post(&self, user_id: Uuid) -> Result<()> {
        match user_profile_cache::Entity::find_by_id(user_id).one(&self.db).await? {
            Some(profile) if !profile.is_active || profile.deleted_at.is_some() => {
                Err(Error::forbidden("your account is deactivated or deleted; it cannot post"))
            }
            _ => Ok(()),
        }
    }
}

/// The CONFLICT an update naming a stale version gets.
pub fn stale(what: &str, current: i32) -> Error {
    Error::conflict(format!(
        "this {what} was changed by someone else (it is now at version {current}); reload it and try again"
    ))
}

/// A point in time the client gave that must lie in the future.
pub fn future(field: &str, value: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    match value {
        Some(at) if at <= now => Err(Error::bad_input(field, "must be in the future")),
        other => Ok(other),
    }
}

/// An ISO 3166-1 alpha-2 country code, uppercased.
pub fn country_code(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_uppercase();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(Error::bad_input(field, "must be a two-letter country code such as DE or US"));
    }
    Ok(code)
}

pub use jobgraph_shared::text::currency;
