use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::scalars::Date;
use jobgraph_shared::vocabulary::RemotePolicy;

use crate::domain::sessions::Session;
use crate::entities::{seeker_profile, user};
use crate::loaders::{ProfileViewerLoader, SeekerProfileLoader};

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

    /// Is the caller an employer this user applied to?
    async fn applied_to(&self, ctx: &Context<'_>) -> Result<bool> {
        let caller = Caller::of(ctx);
        let (Some(employer), Some(Role::Employer)) = (caller.user_id(), caller.role()) else { return Ok(false) };
        let grants = ctx.data::<DataLoader<ProfileViewerLoader>>()?;
        Ok(grants.load_one((self.model.id, employer)).await?.unwrap_or(false))
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
    async fn date_of_birth(&self, ctx: &Context<'_>) -> Option<Date> {
        self.private_to(ctx).then_some(self.model.date_of_birth).flatten().map(Date)
    }
    async fn avatar_url(&self) -> Option<&str> {
        self.model.avatar_url.as_deref()
    }
    async fn bio(&self) -> Option<&str> {
        self.model.bio.as_deref()
    }
    /// The language written to the user in (the user and admins only).
    async fn locale(&self, ctx: &Context<'_>) -> Option<&str> {
        self.private_to(ctx).then_some(self.model.locale.as_deref()).flatten()
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
    /// A job seeker's profile: for the user and admins, and for the
    /// employers of the jobs they applied to (without the desired salary,
    /// which stays the seeker's own).
    async fn seeker_profile(&self, ctx: &Context<'_>) -> Result<Option<SeekerProfile>> {
        let full = self.private_to(ctx);
        if !full && !self.applied_to(ctx).await? {
            return Ok(None);
        }
        let loader = ctx.data::<DataLoader<SeekerProfileLoader>>()?;
        Ok(loader.load_one(self.model.id).await?.map(|profile| SeekerProfile { model: profile, full }))
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
pub struct SeekerProfile {
    pub model: seeker_profile::Model,
    /// Seen by the seeker or an admin: everything, the desired salary too.
    pub full: bool,
}

#[Object]
impl SeekerProfile {
    async fn headline(&self) -> Option<&str> {
        self.model.headline.as_deref()
    }
    async fn summary(&self) -> Option<&str> {
        self.model.summary.as_deref()
    }
    async fn location(&self) -> Option<&str> {
        self.model.location.as_deref()
    }
    async fn years_experience(&self) -> Option<i32> {
        self.model.years_experience
    }
    async fn skills(&self) -> Vec<String> {
        serde_json::from_value(self.model.skills.clone()).unwrap_or_default()
    }
    async fn linkedin_url(&self) -> Option<&str> {
        self.model.linkedin_url.as_deref()
    }
    async fn github_url(&self) -> Option<&str> {
        self.model.github_url.as_deref()
    }
    async fn open_to_work(&self) -> bool {
        self.model.open_to_work
    }
    /// The seeker and admins only.
    async fn desired_salary(&self) -> Option<Money> {
        if !self.full {
            return None;
        }
        let amount = self.model.desired_salary_amount?;
        let currency = self.model.desired_salary_currency.clone()?;
        Some(Money { amount, currency })
    }
    async fn desired_remote_policy(&self) -> Option<RemotePolicy> {
        self.model.desired_remote_policy
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
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
