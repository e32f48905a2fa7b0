use async_graphql::{Context, ID, InputObject, MaybeUndefined, MergedObject, Object, Result};
use chrono::NaiveDate;
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::scalars::Date;
use jobgraph_shared::text;
use jobgraph_shared::vocabulary::RemotePolicy;

use super::types::{AuthPayload, SeekerProfile, User};
use crate::domain::UsersService;
use crate::domain::accounts::{AccountChanges, SeekerProfileInput};
use crate::domain::sessions::Registration;

#[derive(MergedObject, Default)]
pub struct Mutation(SessionMutation, AccountMutation, AdminMutation);

#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    /// At least 10 characters; not a common password; not your email.
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    /// JOB_SEEKER or EMPLOYER; nobody registers as ADMIN.
    #[graphql(default_with = "Role::JobSeeker")]
    pub role: Role,
}

#[derive(InputObject)]
pub struct UpdateMeInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// null clears it.
    pub phone: MaybeUndefined<String>,
    /// null clears it.
    pub date_of_birth: MaybeUndefined<Date>,
    /// null clears it.
    pub avatar_url: MaybeUndefined<String>,
    /// At most 1000 characters; null clears it.
    pub bio: MaybeUndefined<String>,
    /// The language written to you in: a tag such as en, de or pt-BR; null means English.
    pub locale: MaybeUndefined<String>,
}

#[derive(InputObject)]
pub struct MoneyInput {
    pub amount: i64,
    /// ISO 4217, e.g. EUR.
    pub currency: String,
}

/// The whole profile: fields left out are cleared.
#[derive(InputObject)]
pub struct UpdateSeekerProfileInput {
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub years_experience: Option<i32>,
    #[graphql(default)]
    pub skills: Vec<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    #[graphql(default = false)]
    pub open_to_work: bool,
    pub desired_salary: Option<MoneyInput>,
    pub desired_remote_policy: Option<RemotePolicy>,
}

fn service<'a>(ctx: &Context<'a>) -> Result<&'a UsersService> {
    ctx.data::<UsersService>()
}

#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Opens an account and signs in.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> Result<AuthPayload> {
        let registration = Registration {
            email: input.email,
            password: input.password,
            first_name: input.first_name,
            last_name: input.last_name,
            role: input.role,
        };
        Ok(service(ctx)?.register(registration).await?.into())
    }

    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> Result<AuthPayload> {
        Ok(service(ctx)?.login(&email, &password).await?.into())
    }

    /// Trades a refresh token (once) for a new session.
    async fn refresh_token(&self, ctx: &Context<'_>, refresh_token: String) -> Result<AuthPayload> {
        Ok(service(ctx)?.refresh(&refresh_token).await?.into())
    }

    /// Ends the session of this refresh token.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: String) -> Result<bool> {
        service(ctx)?.logout(&refresh_token).await?;
        Ok(true)
    }

    /// Changes the password, ends every session and starts a new one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> Result<AuthPayload> {
        let (id, _) = Caller::of(ctx).require_user()?;
        Ok(service(ctx)?.change_password(id, &current_password, &new_password).await?.into())
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Edits the signed-in user's own account.
    async fn update_me(&self, ctx: &Context<'_>, input: UpdateMeInput) -> Result<User> {
        let (id, _) = Caller::of(ctx).require_user()?;
        let changes = AccountChanges {
            first_name: input.first_name,
            last_name: input.last_name,
            phone: input.phone.into(),
            date_of_birth: input.date_of_birth.map_value(NaiveDate::from).into(),
            avatar_url: input.avatar_url.into(),
            bio: input.bio.into(),
            locale: input.locale.into(),
        };
        Ok(User::new(service(ctx)?.update_account(id, changes).await?))
    }

    /// Writes the signed-in job seeker's profile.
    async fn update_seeker_profile(&self, ctx: &Context<'_>, input: UpdateSeekerProfileInput) -> Result<SeekerProfile> {
        let profile = SeekerProfileInput {
            headline: input.headline,
            summary: input.summary,
            location: input.location,
            years_experience: input.years_experience,
            skills: input.skills,
            linkedin_url: input.linkedin_url,
            github_url: input.github_url,
            open_to_work: input.open_to_work,
            desired_salary: input.desired_salary.map(|money| (money.amount, money.currency)),
            desired_remote_policy: input.desired_remote_policy,
        };
        Ok(SeekerProfile { model: service(ctx)?.save_seeker_profile(&Caller::of(ctx), profile).await?, full: true })
    }

    /// Soft-deletes an account: your own, or any as an admin.
    async fn delete_user(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.delete_user(&Caller::of(ctx), id).await?))
    }
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Changes a user's role (admins only; never your own).
    async fn set_user_role(&self, ctx: &Context<'_>, id: ID, role: Role) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.set_role(&Caller::of(ctx), id, role).await?))
    }

    /// Marks a user verified, or not (admins only).
    async fn verify_user(&self, ctx: &Context<'_>, id: ID, #[graphql(default = true)] verified: bool) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.set_verified(&Caller::of(ctx), id, verified).await?))
    }

    /// Blocks sign-in and ends every session (admins only).
    async fn deactivate_user(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.set_active(&Caller::of(ctx), id, false).await?))
    }

    /// Allows sign-in again (admins only).
    async fn activate_user(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.set_active(&Caller::of(ctx), id, true).await?))
    }

    /// Undoes a soft delete (admins only).
    async fn restore_user(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        let id = text::id("id", &id)?;
        Ok(User::new(service(ctx)?.restore_user(&Caller::of(ctx), id).await?))
    }
}
