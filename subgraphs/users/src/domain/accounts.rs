//! Profiles, and what admins do to accounts.

use chrono::{Datelike as _, NaiveDate, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::vocabulary::RemotePolicy;
use jobgraph_shared::{Error, Result, text};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Set, TransactionTrait,
};
use uuid::Uuid;

use super::sessions::NAME_MAX;
use super::{UsersService, events};
use crate::entities::{seeker_profile, user};

pub const BIO_MAX: usize = 1000;

/// Changes to the caller's own account. `None` keeps a field; for optional
/// fields `Some(None)` clears it.
#[derive(Default)]
pub struct AccountChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub date_of_birth: Option<Option<NaiveDate>>,
    pub avatar_url: Option<Option<String>>,
    pub bio: Option<Option<String>>,
    pub locale: Option<Option<String>>,
}

/// A job seeker's profile as they submit it (the whole profile each time).
#[derive(Default)]
pub struct SeekerProfileInput {
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub years_experience: Option<i32>,
    pub skills: Vec<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub open_to_work: bool,
    pub desired_salary: Option<(i64, String)>,
    pub desired_remote_policy: Option<RemotePolicy>,
}

/// What admins filter the user list by.
#[derive(Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub is_verified: Option<bool>,
    /// Part of an email or name, case-insensitive.
    pub query: Option<String>,
    pub include_deleted: bool,
}

fn phone(value: Option<String>) -> Result<Option<String>> {
    let Some(phone) = text::optional("phone", value.as_deref(), 32)? else { return Ok(None) };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !allowed || !(6..=15).contains(&digits) {
        return Err(Error::bad_input("phone", "must be a phone number of 6 to 15 digits, like +44 20 7946 0958"));
    }
    Ok(Some(phone))
}

fn date_of_birth(value: NaiveDate) -> Result<NaiveDate> {
    let today = Utc::now().date_naive();
    let age = today.year() - value.year() - i32::from((today.month(), today.day()) < (value.month(), value.day()));
    if !(16..=120).contains(&age) {
        return Err(Error::bad_input("dateOfBirth", "must make you between 16 and 120 years old"));
    }
    Ok(value)
}

impl UsersService {
    pub async fn update_account(&self, user_id: Uuid, changes: AccountChanges) -> Result<user::Model> {
        let user = self.live_user(user_id).await?;
        let mut active = user.clone().into_active_model();
        if let Some(first_name) = changes.first_name {
            active.first_name = Set(text::required("firstName", &first_name, NAME_MAX)?);
        }
        if let Some(last_name) = changes.last_name {
            active.last_name = Set(text::required("lastName", &last_name, NAME_MAX)?);
        }
        if let Some(value) = changes.phone {
            active.phone = Set(phone(value)?);
        }
        if let Some(value) = changes.date_of_birth {
            active.date_of_birth = Set(value.map(date_of_birth).transpose()?);
        }
        if let Some(value) = changes.avatar_url {
            active.avatar_url = Set(text::url("avatarUrl", value.as_deref())?);
        }
        if let Some(value) = changes.bio {
            active.bio = Set(text::optional("bio", value.as_deref(), BIO_MAX)?);
        }
        if let Some(value) = changes.locale {
            active.locale = Set(value.as_deref().map(|locale| text::locale("locale", locale)).transpose()?);
        }
        active.updated_at = Set(Utc::now());
        let txn = self.db.begin().await?;
        let updated = active.update(&txn).await?;
        let changed: Vec<&str> = [
            ("firstName", user.first_name != updated.first_name),
            ("lastName", user.last_name != updated.last_name),
            ("phone", user.phone != updated.phone),
            ("dateOfBirth", user.date_of_birth != updated.date_of_birth),
            ("avatarUrl", user.avatar_url != updated.avatar_url),
            ("bio", user.bio != updated.bio),
            ("locale", user.locale != updated.locale),
        ]
        .into_iter()
        .filter_map(|(name, changed)| changed.then_some(name))
        .collect();
        if !changed.is_empty() {
            events::updated(&txn, user_id, &updated, changed).await?;
        }
        txn.commit().await?;
        Ok(updated)
    }

    pub async fn seeker_profile(&self, user_id: Uuid) -> Result<Option<seeker_profile::Model>> {
        Ok(seeker_profile::Entity::find_by_id(user_id).one(&self.db).await?)
    }

    /// Writes a job seeker's profile, creating it on first use.
    pub async fn save_seeker_profile(
        &self,
        caller: &Caller,
        input: SeekerProfileInput,
    ) -> Result<seeker_profile::Model> {
        let (user_id, _) = caller.require_role(&[Role::JobSeeker])?;
        self.live_user(user_id).await?;
        if let Some(years) = input.years_experience
            && !(0..=70).contains(&years)
        {
            return Err(Error::bad_input("yearsExperience", "must be between 0 and 70"));
        }
        if input.skills.len() > 50 {
            return Err(Error::bad_input("skills", "at most 50 skills"));
        }
        let skills =
            input.skills.iter().map(|skill| text::required("skills", skill, 50)).collect::<Result<Vec<_>>>()?;
        let (salary_amount, salary_currency) = match input.desired_salary {
            Some((amount, _)) if amount < 0 => return Err(Error::bad_input("desiredSalary", "must not be negative")),
            Some((amount, code)) => (Some(amount), Some(text::currency("currency", &code)?)),
            None => (None, None),
        };
        let model = seeker_profile::ActiveModel {
            user_id: Set(user_id),
            headline: Set(text::optional("headline", input.headline.as_deref(), 200)?),
            summary: Set(text::optional("summary", input.summary.as_deref(), 5000)?),
            location: Set(text::optional("location", input.location.as_deref(), 200)?),
            years_experience: Set(input.years_experience),
            skills: Set(serde_json::json!(skills)),
            linkedin_url: Set(text::url("linkedinUrl", input.linkedin_url.as_deref())?),
            github_url: Set(text::url("githubUrl", input.github_url.as_deref())?),
            open_to_work: Set(input.open_to_work),
            desired_salary_amount: Set(salary_amount),
            desired_salary_currency: Set(salary_currency),
            desired_remote_policy: Set(input.desired_remote_policy),
            updated_at: Set(Utc::now()),
        };
        let exists = seeker_profile::Entity::find_by_id(user_id).one(&self.db).await?.is_some();
        Ok(if exists { model.update(&self.db).await? } else { model.insert(&self.db).await? })
    }

    /// The admin's user list.
    pub async fn list_users(
        &self,
        caller: &Caller,
        filter: UserFilter,
        page: &PageArgs,
    ) -> Result<(PageWindow, Vec<user::Model>)> {
        caller.require_admin()?;
        page.validate("User")?;
        let query = filtered_users(filter)?;
        let total = query.clone().count(&self.db).await?;
        let window = page.window("User", total)?;
        let users = query
            .order_by_desc(user::Column::CreatedAt)
            .order_by_desc(user::Column::Id)
            .offset(window.offset)
            .limit(window.limit)
            .all(&self.db)
            .await?;
        Ok((window, users))
    }

    /// Loads the account an admin acts on, which must not be deleted.
    async fn account_for_admin(&self, caller: &Caller, id: Uuid) -> Result<(Uuid, user::Model)> {
        let admin = caller.require_admin()?;
        let user = user::Entity::find_by_id(id).one(&self.db).await?.ok_or_else(|| Error::not_found("no such user"))?;
        if user.deleted_at.is_some() {
            return Err(Error::conflict("this account is deleted; restore it first"));
        }
        Ok((admin, user))
    }

    pub async fn set_role(&self, caller: &Caller, id: Uuid, role: Role) -> Result<user::Model> {
        let (admin, user) = self.account_for_admin(caller, id).await?;
        if admin == id {
            return Err(Error::forbidden("you cannot change your own role"));
        }
        let mut active = user.into_active_model();
        active.role = Set(role);
        active.updated_at = Set(Utc::now());
        let txn = self.db.begin().await?;
        let user = active.update(&txn).await?;
        // Tokens carry the role: sessions restart so the new role takes effect.
        self.revoke_all_sessions(&txn, id).await?;
        events::updated(&txn, admin, &user, vec!["role"]).await?;
        txn.commit().await?;
        Ok(user)
    }

    pub async fn set_verified(&self, caller: &Caller, id: Uuid, verified: bool) -> Result<user::Model> {
        let (admin, user) = self.account_for_admin(caller, id).await?;
        let mut active = user.into_active_model();
        active.is_verified = Set(verified);
        active.updated_at = Set(Utc::now());
        let txn = self.db.begin().await?;
        let user = active.update(&txn).await?;
        events::updated(&txn, admin, &user, vec!["isVerified"]).await?;
        txn.commit().await?;
        Ok(user)
    }

    pub async fn set_active(&self, caller: &Caller, id: Uuid, active_flag: bool) -> Result<user::Model> {
        let (admin, user) = self.account_for_admin(caller, id).await?;
        if admin == id && !active_flag {
            return Err(Error::forbidden("you cannot deactivate your own account"));
        }
        let txn = self.db.begin().await?;
        let mut active = user.into_active_model();
        active.is_active = Set(active_flag);
        active.updated_at = Set(Utc::now());
        let user = active.update(&txn).await?;
        if !active_flag {
            self.revoke_all_sessions(&txn, id).await?;
        }
        events::updated(&txn, admin, &user, vec!["isActive"]).await?;
        txn.commit().await?;
        Ok(user)
    }

    /// Soft-deletes an account: the owner may delete their own, an admin any.
    pub async fn delete_user(&self, caller: &Caller, id: Uuid) -> Result<user::Model> {
        let actor = caller.require_owner(id, "account")?;
        let user = user::Entity::find_by_id(id).one(&self.db).await?.ok_or_else(|| Error::not_found("no such user"))?;
        if user.deleted_at.is_some() {
            return Err(Error::conflict("this account is already deleted"));
        }
        let txn = self.db.begin().await?;
        let mut active = user.into_active_model();
        active.deleted_at = Set(Some(Utc::now()));
        active.deleted_by = Set(Some(actor));
        active.updated_at = Set(Utc::now());
        let user = active.update(&txn).await?;
        self.revoke_all_sessions(&txn, id).await?;
        events::deleted(&txn, actor, &user).await?;
        txn.commit().await?;
        Ok(user)
    }

    pub async fn restore_user(&self, caller: &Caller, id: Uuid) -> Result<user::Model> {
        let admin = caller.require_admin()?;
        let user = user::Entity::find_by_id(id).one(&self.db).await?.ok_or_else(|| Error::not_found("no such user"))?;
        if user.deleted_at.is_none() {
            return Err(Error::conflict("this account is not deleted"));
        }
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(user.email.clone()))
            .filter(user::Column::DeletedAt.is_null())
            .count(&self.db)
            .await?;
        if taken > 0 {
            return Err(Error::conflict("another live account now uses this email; it cannot be restored"));
        }
        let mut active = user.into_active_model();
        active.deleted_at = Set(None);
        active.deleted_by = Set(None);
        active.updated_at = Set(Utc::now());
        let txn = self.db.begin().await?;
        let user = active.update(&txn).await?;
        events::updated(&txn, admin, &user, vec!["deletedAt"]).await?;
        txn.commit().await?;
        Ok(user)
    }
}

/// Creates the admin account `jobgraph admin create` names.
pub async fn create_admin(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    password: &str,
    first_name: &str,
    last_name: &str,
) -> Result<user::Model> {
    let registration = super::sessions::Registration {
        email: email.to_string(),
        password: password.to_string(),
        first_name: first_name.to_string(),
        last_name: last_name.to_string(),
        role: Role::Admin,
    };
    super::sessions::create_user(db, registration, true).await
}

fn filtered_users(filter: UserFilter) -> Result<Select<user::Entity>> {
    let mut query = user::Entity::find();
    if !filter.include_deleted {
        query = query.filter(user::Column::DeletedAt.is_null());
    }
    if let Some(role) = filter.role {
        query = query.filter(user::Column::Role.eq(role));
    }
    if let Some(active) = filter.is_active {
        query = query.filter(user::Column::IsActive.eq(active));
    }
    if let Some(verified) = filter.is_verified {
        query = query.filter(user::Column::IsVerified.eq(verified));
    }
    if let Some(search) = text::optional("query", filter.query.as_deref(), 100)? {
        let pattern = text::contains_pattern(&search);
        let mut any = Condition::any();
        for column in [user::Column::Email, user::Column::FirstName, user::Column::LastName] {
            any = any.add(Expr::expr(Func::lower(Expr::col(column))).like(pattern.clone()));
        }
        query = query.filter(any);
    }
    Ok(query)
}
