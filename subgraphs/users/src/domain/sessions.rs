//! Registration, sign-in and rotating refresh tokens.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Role;
use jobgraph_shared::error::is_unique_violation;
use jobgraph_shared::events::payloads::UserSessionsRevoked;
use jobgraph_shared::{Error, Result, text};
use ring::rand::SecureRandom as _;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::UsersService;
use super::email::Email;
use super::password::{self, NewPassword};
use crate::entities::{refresh_token, user};

/// A signed-in session: what register, login and refresh return.
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: user::Model,
}

/// What a person gives to open an account.
pub struct Registration {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
}

pub const NAME_MAX: usize = 100;

const BAD_CREDENTIALS: &str = "the email or password is incorrect";
const BAD_REFRESH: &str = "the refresh token is invalid or expired; sign in again";

impl UsersService {
    pub async fn register(&self, registration: Registration) -> Result<Session> {
        if registration.role == Role::Admin {
            return Err(Error::bad_input("role", "choose JOB_SEEKER or EMPLOYER; admins are made by an operator"));
        }
        let user = create_user(&self.db, registration, false).await?;
        self.start_session(user).await
    }

    /// Signs in. The error is the same whether the email is unknown or the
    /// password wrong, and takes the same time.
    pub async fn login(&self, email: &str, password: &str) -> Result<Session> {
        self.login_throttle.check(&self.db, email, Utc::now()).await?;
        let user = match Email::parse(email) {
            Ok(email) => self.live_user_by_email(&email).await?,
            Err(_) => None,
        };
        let matches = password::verify(password.to_string(), user.as_ref().map(|u| u.password_hash.clone())).await?;
        let user = match user {
            Some(user) if matches => user,
            _ => {
                self.login_throttle.failed(&self.db, email, Utc::now()).await?;
                return Err(Error::unauthenticated(BAD_CREDENTIALS));
            }
        };
        self.login_throttle.succeeded(&self.db, email).await?;
        if !user.is_active {
            return Err(Error::forbidden("this account is deactivated; contact support"));
        }
        self.start_session(user).await
    }

    async fn live_user_by_email(&self, email: &Email) -> Result<Option<user::Model>> {
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .filter(user::Column::DeletedAt.is_null())
            .one(&self.db)
            .await?)
    }

    async fn start_session(&self, user: user::Model) -> Result<Session> {
        self.start_session_at(user, Utc::now()).await
    }

    /// A new session whose access token is issued at `issued_at`.
    async fn start_session_at(&self, user: user::Model, issued_at: DateTime<Utc>) -> Result<Session> {
        let refresh_token = self.insert_refresh_token(&self.db, user.id, Uuid::now_v7()).await?;
        self.session(user, refresh_token, issued_at)
    }

    fn session(&self, user: user::Model, refresh_token: String, issued_at: DateTime<Utc>) -> Result<Session> {
        let (access_token, expires_at) =
            self.signing_key.sign(&self.tokens, user.id, user.role, issued_at, self.access_token_ttl)?;
        Ok(Session { access_token, refresh_token, expires_at, user })
    }

    async fn insert_refresh_token(&self, db: &impl ConnectionTrait, user_id: Uuid, family_id: Uuid) -> Result<String> {
        let mut secret = [0u8; 32];
        ring::rand::SystemRandom::new()
            .fill(&mut secret)
            .map_err(|_| Error::internal(anyhow::anyhow!("no randomness")))?;
        let token = URL_SAFE_NO_PAD.encode(secret);
        let now = Utc::now();
        refresh_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            family_id: Set(family_id),
            token_hash: Set(token_hash(&token)),
            expires_at: Set(now + chrono::Duration::from_std(self.refresh_token_ttl).map_err(Error::internal)?),
            created_at: Set(now),
            used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(db)
        .await?;
        Ok(token)
    }

    /// Trades a refresh token for a new session. Each token works once: a
    /// second use means it was stolen, so the whole family is revoked.
    pub async fn refresh(&self, presented: &str) -> Result<Session> {
        let stored = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(token_hash(presented.trim())))
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::unauthenticated(BAD_REFRESH))?;
        let now = Utc::now();
        if stored.revoked_at.is_some() || stored.expires_at <= now {
            return Err(Error::unauthenticated(BAD_REFRESH));
        }
        let user = user::Entity::find_by_id(stored.user_id).one(&self.db).await?;
        let user = match user {
            Some(user) if user.is_active && user.deleted_at.is_none() => user,
            _ => {
                self.revoke_family(stored.family_id).await?;
                return Err(Error::unauthenticated(BAD_REFRESH));
            }
        };
        let txn = self.db.begin().await?;
        // Claim the token: only one of two racing refreshes wins.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(stored.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        let rotated = if claimed.rows_affected == 1 {
            Some(self.insert_refresh_token(&txn, stored.user_id, stored.family_id).await?)
        } else {
            None
        };
        txn.commit().await?;
        match rotated {
            Some(refresh_token) => self.session(user, refresh_token, Utc::now()),
            None => {
                tracing::warn!(user_id = %stored.user_id, family = %stored.family_id, "refresh token reused; family revoked");
                self.revoke_family(stored.family_id).await?;
                Err(Error::unauthenticated("this refresh token was already used; sign in again"))
            }
        }
    }

    /// Ends the session the refresh token belongs to. Unknown tokens are
    /// ignored, so logout never tells whether a token existed.
    pub async fn logout(&self, presented: &str) -> Result<()> {
        let stored = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(token_hash(presented.trim())))
            .one(&self.db)
            .await?;
        if let Some(stored) = stored {
            self.revoke_family(stored.family_id).await?;
        }
        Ok(())
    }

    async fn revoke_family(&self, family_id: Uuid) -> Result<()> {
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(refresh_token::Column::FamilyId.eq(family_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Signs a user out everywhere (password or role change, deactivation,
    /// deletion): their refresh tokens die, and their access tokens issued
    /// until now are refused here at once and by the other services once
    /// `user.sessions_revoked` reaches them (seconds).
    ///
    /// Tokens carry whole seconds (`iat`), so the revocation takes effect
    /// at the next whole second, and is returned: a session started after
    /// it (a password change's) is issued from then.
    pub async fn revoke_all_sessions(&self, db: &impl ConnectionTrait, user_id: Uuid) -> Result<DateTime<Utc>> {
        let now = Utc::now();
        let revoked_at = jobgraph_shared::revocations::next_whole_second(now);
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
            .filter(refresh_token::Column::UserId.eq(user_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
        jobgraph_shared::revocations::record(db, user_id, revoked_at).await?;
        super::events::OUTBOX.record(db, Some(user_id), &UserSessionsRevoked { user_id, revoked_at }).await?;
        Ok(revoked_at)
    }

    /// Changes the caller's password, ends every other session and starts a new one.
    pub async fn change_password(&self, user_id: Uuid, current: &str, new: &str) -> Result<Session> {
        let user = self.live_user(user_id).await?;
        if !password::verify(current.to_string(), Some(user.password_hash.clone())).await? {
            return Err(Error::bad_input("currentPassword", "is incorrect"));
        }
        let email = Email::parse(&user.email)?;
        let password_hash = NewPassword::parse(new, &email)?.hash().await?;
        let txn = self.db.begin().await?;
        let mut active: user::ActiveModel = user.into();
        active.password_hash = Set(password_hash);
        active.updated_at = Set(Utc::now());
        let user = active.update(&txn).await?;
        let revoked_at = self.revoke_all_sessions(&txn, user.id).await?;
        txn.commit().await?;
        self.start_session_at(user, revoked_at).await
    }

    /// The caller's own account, which must be live.
    pub async fn live_user(&self, user_id: Uuid) -> Result<user::Model> {
        match user::Entity::find_by_id(user_id).one(&self.db).await? {
            Some(user) if user.deleted_at.is_none() => Ok(user),
            _ => Err(Error::unauthenticated("this account no longer exists")),
        }
    }
}

/// Makes an account (used by register, and by `jobgraph admin create`).
pub async fn create_user(db: &DatabaseConnection, registration: Registration, verified: bool) -> Result<user::Model> {
    let email = Email::parse(&registration.email)?;
    let first_name = text::required("firstName", &registration.first_name, NAME_MAX)?;
    let last_name = text::required("lastName", &registration.last_name, NAME_MAX)?;
    let password_hash = NewPassword::parse(&registration.password, &email)?.hash().await?;
    let now = Utc::now();
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.as_str().to_string()),
        password_hash: Set(password_hash),
        first_name: Set(first_name),
        last_name: Set(last_name),
        role: Set(registration.role),
        phone: Set(None),
        date_of_birth: Set(None),
        avatar_url: Set(None),
        bio: Set(None),
        locale: Set(None),
        is_verified: Set(verified),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        deleted_by: Set(None),
    };
    let txn = db.begin().await?;
    let user = model.insert(&txn).await.map_err(|error| {
        if is_unique_violation(&error) {
            Error::conflict("an account with this email already exists; sign in instead")
        } else {
            Error::from(error)
        }
    })?;
    super::events::created(&txn, None, &user).await?;
    txn.commit().await?;
    Ok(user)
}

/// Hex SHA-256 of a refresh token: what the database holds instead of the token.
fn token_hash(token: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}
