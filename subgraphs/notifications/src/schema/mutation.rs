use async_graphql::{Context, ID, InputObject, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::text;

use super::service;
use super::types::{Notification, NotificationPreference, NotificationPreferences, NotificationTemplate};
use crate::domain::preferences::{Preference, default_preference, parse_time};
use crate::domain::template_store::NewTemplate;
use crate::domain::templates::Source;
use crate::entities::enums::{Category, Channel, EmailFrequency};

#[derive(InputObject)]
pub struct UpdateNotificationPreferenceInput {
    pub category: Category,
    pub channel: Channel,
    pub enabled: bool,
    /// Email only; INSTANT when left out.
    pub frequency: Option<EmailFrequency>,
}

#[derive(InputObject)]
pub struct UpdateNotificationSettingsInput {
    /// IANA time zone, such as Europe/Berlin.
    pub timezone: String,
    /// HH:MM; both ends of quiet hours, or neither.
    pub quiet_hours_start: Option<String>,
    /// HH:MM; may be after midnight.
    pub quiet_hours_end: Option<String>,
}

#[derive(InputObject)]
pub struct SaveNotificationTemplateInput {
    /// The kind of notification, such as `application.status_changed`.
    pub key: String,
    pub channel: Channel,
    /// A language tag: en, de, pt-BR.
    pub locale: String,
    /// minijinja (Jinja) templates; the HTML body escapes what it prints.
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Marks one of the signed-in user's notifications read.
    async fn mark_notification_read(&self, ctx: &Context<'_>, id: ID) -> Result<Notification> {
        let id = text::id("id", &id)?;
        Ok(service(ctx)?.mark_read(&Caller::of(ctx), id).await?.into())
    }

    /// Marks all of the signed-in user's notifications read; returns how many were unread.
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(service(ctx)?.mark_all_read(&Caller::of(ctx)).await?)
    }

    /// Turns a category on or off on a channel for the signed-in user.
    async fn update_notification_preference(
        &self,
        ctx: &Context<'_>,
        input: UpdateNotificationPreferenceInput,
    ) -> Result<NotificationPreference> {
        let caller = Caller::of(ctx);
        let (user, _) = caller.require_user()?;
        let wanted = Preference {
            category: input.category,
            channel: input.channel,
            enabled: input.enabled,
            frequency: input.frequency.unwrap_or(default_preference(input.category, input.channel).frequency),
        };
        Ok(service(ctx)?.update_preference(&caller, user, wanted).await?.into())
    }

    /// Sets the signed-in user's timezone and quiet hours (email waits through them).
    async fn update_notification_settings(
        &self,
        ctx: &Context<'_>,
        input: UpdateNotificationSettingsInput,
    ) -> Result<NotificationPreferences> {
        let caller = Caller::of(ctx);
        let (user, _) = caller.require_user()?;
        let quiet_hours = match (input.quiet_hours_start, input.quiet_hours_end) {
            (None, None) => None,
            (Some(start), Some(end)) => {
                Some((parse_time("quietHoursStart", &start)?, parse_time("quietHoursEnd", &end)?))
            }
            (None, Some(_)) => {
                return Err(jobgraph_shared::Error::bad_input("quietHoursStart", "give both ends, or neither").into());
            }
            (Some(_), None) => {
                return Err(jobgraph_shared::Error::bad_input("quietHoursEnd", "give both ends, or neither").into());
            }
        };
        service(ctx)?.update_settings(&caller, user, &input.timezone, quiet_hours).await?;
        NotificationPreferences::load(ctx, user).await
    }

    /// Saves a new version of a template (admins); one that does not render is refused.
    async fn save_notification_template(
        &self,
        ctx: &Context<'_>,
        input: SaveNotificationTemplateInput,
    ) -> Result<NotificationTemplate> {
        let new = NewTemplate {
            key: input.key,
            channel: input.channel,
            locale: input.locale,
            source: Source { subject: input.subject, text: input.text_body, html: input.html_body },
        };
        Ok(NotificationTemplate(service(ctx)?.save_template(&Caller::of(ctx), new).await?))
    }
}
