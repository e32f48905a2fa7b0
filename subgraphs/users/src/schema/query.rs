use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, InputObject, Object, Result};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::loader::load_entity;
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};
use jobgraph_shared::text;

use super::types::User;
use crate::domain::UsersService;
use crate::domain::accounts::UserFilter;
use crate::loaders::UserLoader;

#[derive(Default)]
pub struct Query;

/// Narrows the admin's user list.
#[derive(InputObject, Default)]
pub struct UsersFilter {
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub is_verified: Option<bool>,
    /// Part of an email, first or last name (case-insensitive).
    pub query: Option<String>,
    /// Include soft-deleted accounts.
    #[graphql(default = false)]
    pub include_deleted: bool,
}

#[Object]
impl Query {
    /// The signed-in user; null when anonymous.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = Caller::of(ctx).user_id() else { return Ok(None) };
        let user = ctx.data::<DataLoader<UserLoader>>()?.load_one(id).await?;
        Ok(user.filter(|user| user.deleted_at.is_none()).map(User::new))
    }

    /// Every account, newest first (admins only).
    #[graphql(directive = PageSize::apply(Slicing::FirstOrLast))]
    async fn users(
        &self,
        ctx: &Context<'_>,
        filter: Option<UsersFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Page<User>> {
        let filter = filter.unwrap_or_default();
        let filter = UserFilter {
            role: filter.role,
            is_active: filter.is_active,
            is_verified: filter.is_verified,
            query: filter.query,
            include_deleted: filter.include_deleted,
        };
        let args = PageArgs { first, after, last, before };
        let service = ctx.data::<UsersService>()?;
        let (window, users) = service.list_users(&Caller::of(ctx), filter, &args).await?;
        Ok(page(window, users.into_iter().map(User::new).collect()))
    }

    /// Resolves `User` references for the router, batched.
    #[graphql(entity)]
    async fn find_user_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<User>> {
        let id = text::id("id", &id)?;
        let user = load_entity::<UserLoader>(ctx, "User", id).await?;
        let caller = Caller::of(ctx);
        Ok(user.filter(|user| User::visible_to(user, &caller)).map(User::new))
    }
}
