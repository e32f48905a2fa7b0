use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};

use super::service;
use crate::domain::preferences::{Preference, Settings, format_time, preferences_of, settings_of};
use crate::domain::templates::Rendered;
use crate::entities::enums::{Category, Channel, EmailFrequency, NotificationStatus};
use crate::entities::{notification, template};

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// Something that happened that a user is told of, in their feed.
pub struct Notification {
    pub model: notification::Model,
    /// The user's unread count once it arrived (`notificationAdded` only).
    pub unread_after: Option<i64>,
}

impl From<notification::Model> for Notification {
    fn from(model: notification::Model) -> Self {
        Notification { model, unread_after: None }
    }
}

#[Object]
impl Notification {
    async fn id(&self) -> ID {
        id(self.model.id)
    }
    async fn category(&self) -> Category {
        self.model.category
    }
    async fn channel(&self) -> Channel {
        self.model.channel
    }
    async fn title(&self) -> &str {
        &self.model.title
    }
    async fn body(&self) -> &str {
        &self.model.body
    }
    /// Where in the product it leads, such as `/applications/<id>`.
    async fn link(&self) -> Option<&str> {
        self.model.link.as_deref()
    }
    async fn status(&self) -> NotificationStatus {
        self.model.status
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.model.read_at
    }
    /// The application it is about, resolved by applications (null if you may not see it).
    async fn application(&self) -> Option<ApplicationRef> {
        self.model.application_id.map(|uuid| ApplicationRef { id: id(uuid) })
    }
    /// The job it is about, resolved by jobs.
    async fn job(&self) -> Option<JobRef> {
        self.model.job_id.map(|uuid| JobRef { id: id(uuid) })
    }
    /// The interview it is about, resolved by applications.
    async fn interview(&self) -> Option<InterviewRef> {
        self.model.interview_id.map(|uuid| InterviewRef { id: id(uuid) })
    }
    /// In `notificationAdded`: the user's unread count with this one (null elsewhere).
    async fn unread_count(&self) -> Option<i64> {
        self.unread_after
    }
}

/// An application, owned by the applications subgraph.
#[derive(SimpleObject)]
#[graphql(name = "Application", unresolvable = "id")]
pub struct ApplicationRef {
    pub id: ID,
}

/// A job, owned by the jobs subgraph.
#[derive(SimpleObject)]
#[graphql(name = "Job", unresolvable = "id")]
pub struct JobRef {
    pub id: ID,
}

/// An interview, owned by the applications subgraph.
#[derive(SimpleObject)]
#[graphql(name = "Interview", unresolvable = "id")]
pub struct InterviewRef {
    pub id: ID,
}

/// What a user receives of one category on one channel.
#[derive(SimpleObject)]
pub struct NotificationPreference {
    pub category: Category,
    pub channel: Channel,
    pub enabled: bool,
    /// For email: one message each (INSTANT) or one a day (DAILY_DIGEST).
    pub frequency: EmailFrequency,
    /// True where it cannot be turned off (account notices in the app).
    pub locked: bool,
}

impl From<Preference> for NotificationPreference {
    fn from(preference: Preference) -> Self {
        NotificationPreference {
            category: preference.category,
            channel: preference.channel,
            enabled: preference.enabled,
            frequency: preference.frequency,
            locked: preference.locked(),
        }
    }
}

/// Hours during which email waits, in the user's timezone.
#[derive(SimpleObject)]
pub struct QuietHours {
    /// HH:MM
    pub start: String,
    /// HH:MM; may be after midnight.
    pub end: String,
}

/// Everything a user chose about being notified.
#[derive(SimpleObject)]
pub struct NotificationPreferences {
    /// Every category on every channel.
    pub items: Vec<NotificationPreference>,
    /// IANA time zone the quiet hours are in.
    pub timezone: String,
    pub quiet_hours: Option<QuietHours>,
}

impl NotificationPreferences {
    pub fn of(preferences: Vec<Preference>, settings: Settings) -> Self {
        NotificationPreferences {
            items: preferences.into_iter().map(Into::into).collect(),
            timezone: settings.timezone.name().to_string(),
            quiet_hours: settings
                .quiet_hours
                .map(|(start, end)| QuietHours { start: format_time(start), end: format_time(end) }),
        }
    }

    pub async fn load(ctx: &Context<'_>, user: uuid::Uuid) -> Result<Self> {
        Caller::of(ctx).require_owner(user, "notification preferences")?;
        let db = &service(ctx)?.db;
        Ok(NotificationPreferences::of(preferences_of(db, user).await?, settings_of(db, user).await?))
    }
}

/// A saved version of a template (admins).
pub struct NotificationTemplate(pub template::Model);

#[Object]
impl NotificationTemplate {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The kind of notification, such as `application.status_changed`.
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn channel(&self) -> Channel {
        self.0.channel
    }
    async fn locale(&self) -> &str {
        &self.0.locale
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn text_body(&self) -> &str {
        &self.0.text_body
    }
    async fn html_body(&self) -> &str {
        &self.0.html_body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A template rendered against sample data.
#[derive(SimpleObject)]
pub struct RenderedTemplate {
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

impl From<Rendered> for RenderedTemplate {
    fn from(rendered: Rendered) -> Self {
        RenderedTemplate { subject: rendered.subject, text_body: rendered.text, html_body: rendered.html }
    }
}

/// A user, owned by the users subgraph; notifications adds their feed.
pub struct User {
    pub id: uuid::Uuid,
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        id(self.id)
    }
    /// The user's in-app notifications, newest first: for themself and admins.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        unread_only: Option<bool>,
    ) -> Result<Page<Notification>> {
        feed(ctx, self.id, first, after, unread_only.unwrap_or(false)).await
    }
    /// For themself and admins.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(service(ctx)?.unread_count(&Caller::of(ctx), self.id).await?)
    }
    /// For themself and admins.
    async fn notification_preferences(&self, ctx: &Context<'_>) -> Result<NotificationPreferences> {
        NotificationPreferences::load(ctx, self.id).await
    }
}

/// A page of `user`'s feed, as the caller may see it.
pub async fn feed(
    ctx: &Context<'_>,
    user: uuid::Uuid,
    first: Option<i32>,
    after: Option<String>,
    unread_only: bool,
) -> Result<Page<Notification>> {
    let args = PageArgs::forward(first, after);
    let (window, rows) = service(ctx)?.feed(&Caller::of(ctx), user, unread_only, &args).await?;
    Ok(page(window, rows.into_iter().map(Notification::from).collect()))
}
