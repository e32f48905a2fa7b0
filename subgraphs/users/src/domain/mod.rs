//! The rules of the users service, free of GraphQL types: accounts,
//! sessions (tokens), profiles and moderation.

pub mod accounts;
pub mod application_events;
pub mod email;
pub mod events;
pub mod login_throttle;
pub mod password;
pub mod sessions;

use std::sync::Arc;
use std::time::Duration;

use jobgraph_shared::auth::{SigningKey, TokenSettings};
use sea_orm::DatabaseConnection;

/// Everything the users service needs at run time: cheap to clone.
#[derive(Clone)]
pub struct UsersService {
    pub db: DatabaseConnection,
    pub signing_key: Arc<SigningKey>,
    pub tokens: TokenSettings,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub login_throttle: login_throttle::LoginThrottle,
}
