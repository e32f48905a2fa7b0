use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::vocabulary::RemotePolicy;

use crate::domain::sessions::Session;
use crate::entities::{seeker_profile, user};
use crate::loaders::SeekerProfileLoader;

/// A person with an account. Private fields (email, phone, date of birth,
/// seeker profile) are null for everybody but the user and admins.
pub struct User {
    pub model: user::Model,
    /// Returned to the user's own new session (register, login, refresh),
    /// where the request itself is still anonymous.
    own_session: bool,
}

impl User {
    pub fn new(model: user::Model) -> Self {
        User { model, own_session: false }
    }

    /// May the caller see this user at all? Deleted users only by themselves and admins.
    pub fn visible_to(model: &user::Model, caller: &Caller) -> bool {
        model.deleted_at.is_none() || caller.owns_or_admin(model.id)
    }

    fn private_to(&self, ctx: &Context<'_>) -> bool {
        self.own_session || Caller::of(ctx).owns_or_admin(self.model.id)
    }
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }
    /// The sign-in email (the user and admins only).
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        self.private_to(ctx).then_some(self.model.email.as_str())
    }
    async fn first_name(&self) -> &str {
        &self.model.first_name
    }
    async fn last_name(&self) -> &str {
        &self.model.last_name
    }
    async fn role(&self) -> Role {
        self.model.role
    }
    /// The user and admins only.
    async fn phone(&self, ctx: &Context<'_>) -> Option<&str> {
        self.private_to(ctx).then_some(self.model.phone.as_deref()).flatten()
    }
    /// The user and admins only.
    async fn date_of_birth(&self, ctx: &Context<'_>) -> Option<NaiveDate> {
        self.private_to(ctx).then_some(self.model.date_of_birth).flatten()
    }
    async fn avatar_url(&self) -> Option<&str> {
        self.model.avatar_url.as_deref()
    }
    async fn bio(&self) -> Option<&str> {
        self.model.bio.as_deref()
    }
    async fn is_verified(&self) -> bool {
        self.model.is_verified
    }
    async fn is_active(&self) -> bool {
        self.model.is_active
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
    async fn is_deleted(&self) -> bool {
        self.model.deleted_at.is_some()
    }
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.model.deleted_at
    }
    /// A job seeker's profile (the user and admins only).
    async fn seeker_profile(&self, ctx: &Context<'_>) -> Result<Option<SeekerProfile>> {
        if !self.private_to(ctx) {
            return Ok(None);
        }
        let loader = ctx.data::<DataLoader<SeekerProfileLoader>>()?;
        Ok(loader.load_one(self.model.id).await?.map(SeekerProfile))
    }
}

/// An amount of money in a currency (ISO 4217).
#[derive(SimpleObject)]
#[graphql(shareable)]
pub struct Money {
    pub amount: i64,
    pub currency: String,
}

/// What a job seeker shows employers about their work.
pub struct SeekerProfile(pub seeker_profile::Model);

#[Object]
impl SeekerProfile {
    async fn headline(&self) -> Option<&str> {
        self.0.headline.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    async fn years_experience(&self) -> Option<i32> {
        self.0.years_experience
    }
    async fn skills(&self) -> Vec<String> {
        serde_json::from_value(self.0.skills.clone()).unwrap_or_default()
    }
    async fn linkedin_url(&self) -> Option<&str> {
        self.0.linkedin_url.as_deref()
    }
    async fn github_url(&self) -> Option<&str> {
        self.0.github_url.as_deref()
    }
    async fn open_to_work(&self) -> bool {
        self.0.open_to_work
    }
    async fn desired_salary(&self) -> Option<Money> {
        let amount = self.0.desired_salary_amount?;
        let currency = self.0.desired_salary_currency.clone()?;
        Some(Money { amount, currency })
    }
    async fn desired_remote_policy(&self) -> Option<RemotePolicy> {
        self.0.desired_remote_policy
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A signed-in session.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Short-lived signed JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Single-use token that `refreshToken` trades for a new session.
    pub refresh_token: String,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

impl From<Session> for AuthPayload {
    fn from(session: Session) -> Self {
        AuthPayload {
            access_token: session.access_token,
            refresh_token: session.refresh_token,
            expires_at: session.expires_at,
            user: User { model: session.user, own_session: true },
        }
    }
}
