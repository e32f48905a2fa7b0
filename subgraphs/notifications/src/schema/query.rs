use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::pagination::{Page, PageSize, Slicing};
use jobgraph_shared::text;

use super::service;
use super::types::{Notification, NotificationPreferences, NotificationTemplate, RenderedTemplate, User, feed};
use crate::entities::enums::Channel;

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// The signed-in user's in-app notifications, newest first.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        unread_only: Option<bool>,
    ) -> Result<Page<Notification>> {
        let (user, _) = Caller::of(ctx).require_user()?;
        feed(ctx, user, first, after, unread_only.unwrap_or(false)).await
    }

    /// How many of the signed-in user's notifications are unread.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let caller = Caller::of(ctx);
        let (user, _) = caller.require_user()?;
        Ok(service(ctx)?.unread_count(&caller, user).await?)
    }

    /// What the signed-in user receives, per category and channel, and their quiet hours.
    async fn notification_preferences(&self, ctx: &Context<'_>) -> Result<NotificationPreferences> {
        let (user, _) = Caller::of(ctx).require_user()?;
        NotificationPreferences::load(ctx, user).await
    }

    /// Saved template versions, newest first (admins). Without any, the shipped defaults are used.
    async fn notification_templates(
        &self,
        ctx: &Context<'_>,
        key: Option<String>,
    ) -> Result<Vec<NotificationTemplate>> {
        let rows = service(ctx)?.templates(&Caller::of(ctx), key.as_deref()).await?;
        Ok(rows.into_iter().map(NotificationTemplate).collect())
    }

    /// Renders a template against its kind's sample data (admins): `version`,
    /// or what a reader of `locale` receives now.
    async fn preview_template(
        &self,
        ctx: &Context<'_>,
        key: String,
        #[graphql(default_with = "Channel::Email")] channel: Channel,
        #[graphql(default_with = "String::from(\"en\")")] locale: String,
        version: Option<i32>,
    ) -> Result<RenderedTemplate> {
        let rendered = service(ctx)?.preview_template(&Caller::of(ctx), &key, channel, &locale, version).await?;
        Ok(rendered.into())
    }

    /// Users are owned by the users subgraph; here they carry their notifications.
    #[graphql(entity)]
    async fn find_user_by_id(&self, id: ID) -> Result<User> {
        Ok(User { id: text::id("id", &id)? })
    }
}
