//! Turning "tell this user this" into notifications: one in the feed and
//! one email, each as the user's preferences for the category say, rendered
//! from the template in the user's language. Every notification made is
//! recorded as a `notification.created` event in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jobgraph_shared::events::payloads::{NotificationCreated, NotificationShown};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use super::OUTBOX;
use super::preferences::{Settings, preferences_of_each, settings_of_each};
use super::template_store::resolve;
use super::templates::{FALLBACK_LOCALE, Kind, Source, render};
use crate::entities::enums::{Channel, EmailFrequency, NotificationStatus};
use crate::entities::{notification, user_cache};

/// What a notification is about, for its links and entity references.
#[derive(Clone, Debug, Default)]
pub struct About {
    pub application_id: Option<Uuid>,
    pub job_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
    /// Where in the product it leads.
    pub link: Option<String>,
    /// The email waits for the day's digest whatever the preference says
    /// (a saved search the seeker wants to hear of daily).
    pub email_in_digest: bool,
}

/// Something to tell someone: a notice becomes a notification in their
/// feed and one email, as their preferences say.
#[derive(Clone, Debug)]
pub struct Notice {
    pub recipient: Uuid,
    pub kind: Kind,
    /// For its templates (the recipient's name is added).
    pub context: Value,
    pub about: About,
    /// When it happened, for quiet hours and digests.
    pub at: DateTime<Utc>,
    /// The trace context of its cause, carried by its `notification.created`.
    pub traceparent: Option<String>,
}

/// Tells each notice's recipient, in order; returns the notifications
/// made: none for a deleted user or where the user turned the category off.
/// The recipients, their preferences and the templates are read once for
/// all, and the notifications and their events written with one statement
/// each, so a batch of events costs a few statements, not a few per event.
pub async fn notify_all(db: &impl ConnectionTrait, notices: Vec<Notice>) -> anyhow::Result<Vec<notification::Model>> {
    let mut made = Vec::new();
    let mut notices = notices.into_iter().peekable();
    while notices.peek().is_some() {
        // A statement holds at most 65,535 parameters (a notification has 21).
        let some: Vec<Notice> = notices.by_ref().take(NOTICES_A_STATEMENT).collect();
        made.extend(notify_some(db, some).await?);
    }
    Ok(made)
}

/// Notices made into notifications with one statement of each kind.
const NOTICES_A_STATEMENT: usize = 1000;

async fn notify_some(db: &impl ConnectionTrait, notices: Vec<Notice>) -> anyhow::Result<Vec<notification::Model>> {
    let recipients: Vec<Uuid> = notices.iter().map(|notice| notice.recipient).collect();
    let users: HashMap<Uuid, user_cache::Model> = user_cache::Entity::find()
        .filter(user_cache::Column::UserId.is_in(recipients.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.user_id, user))
        .collect();
    let preferences = preferences_of_each(db, recipients.iter().copied()).await?;
    let mut templates: HashMap<(Kind, Channel, String), Source> = HashMap::new();
    // Read for all at the first instant email (quiet hours hold it).
    let mut settings: Option<HashMap<Uuid, Settings>> = None;

    let mut made = Vec::new();
    for notice in notices {
        let Notice { recipient, kind, mut context, about, at, traceparent } = notice;
        let user = users.get(&recipient);
        if user.is_some_and(|user| user.deleted_at.is_some()) {
            continue;
        }
        context["recipient"] = match user {
            Some(user) => json!({ "first_name": user.first_name, "last_name": user.last_name }),
            None => json!({ "first_name": "", "last_name": "" }),
        };
        let locale = user.and_then(|user| user.locale.clone()).unwrap_or_else(|| FALLBACK_LOCALE.to_string());
        let category = kind.category();
        let wanted = |channel: Channel| {
            preferences
                .get(&recipient)
                .and_then(|theirs| theirs.iter().find(|p| p.category == category && p.channel == channel).copied())
        };
        let base = |channel: Channel, title: String, body: String| notification::Model {
            id: Uuid::now_v7(),
            user_id: recipient,
            kind: kind.key().to_string(),
            category,
            channel,
            title,
            body,
            link: about.link.clone(),
            application_id: about.application_id,
            job_id: about.job_id,
            interview_id: about.interview_id,
            status: NotificationStatus::Sent,
            created_at: at,
            read_at: None,
            email_to: None,
            email_html: None,
            digest: false,
            deliver_after: None,
            attempts: 0,
            sent_at: None,
            last_error: None,
        };
        if wanted(Channel::InApp).is_some_and(|p| p.enabled) {
            let template = template_for(db, &mut templates, kind, Channel::InApp, &locale).await?;
            let rendered = render(template, &context)?;
            let mut row = base(Channel::InApp, rendered.subject, rendered.text.trim().to_string());
            row.sent_at = Some(at);
            made.push((row, traceparent.clone()));
        }
        if let (Some(preference), Some(user)) = (wanted(Channel::Email), user)
            && preference.enabled
        {
            let template = template_for(db, &mut templates, kind, Channel::Email, &locale).await?;
            let rendered = render(template, &context)?;
            let digest = about.email_in_digest || preference.frequency == EmailFrequency::DailyDigest;
            let mut row = base(Channel::Email, rendered.subject, rendered.text);
            row.status = NotificationStatus::Pending;
            row.email_to = Some(user.email.clone());
            row.email_html = Some(rendered.html);
            row.digest = digest;
            // A digest goes out with the day's others; an instant email once quiet hours end.
            if !digest {
                if settings.is_none() {
                    settings = Some(settings_of_each(db, recipients.iter().copied()).await?);
                }
                let theirs = settings.as_ref().and_then(|all| all.get(&recipient)).cloned().unwrap_or_default();
                row.deliver_after = Some(theirs.deliver_after(at));
            }
            made.push((row, traceparent));
        }
    }
    if made.is_empty() {
        return Ok(Vec::new());
    }
    let rows = made.iter().map(|(model, _)| model.clone().into_active_model().reset_all());
    notification::Entity::insert_many(rows).exec_without_returning(db).await?;
    let events: Vec<NotificationCreated> = made.iter().map(|(model, _)| created_event(model)).collect();
    let traces = made.iter().map(|(_, traceparent)| traceparent.clone());
    OUTBOX.record_traced(db, None, events.iter().zip(traces)).await?;
    Ok(made.into_iter().map(|(model, _)| model).collect())
}

/// The template of `kind` on `channel` in `locale`, read once per batch.
async fn template_for<'a>(
    db: &impl ConnectionTrait,
    templates: &'a mut HashMap<(Kind, Channel, String), Source>,
    kind: Kind,
    channel: Channel,
    locale: &str,
) -> anyhow::Result<&'a Source> {
    let key = (kind, channel, locale.to_string());
    if !templates.contains_key(&key) {
        let source = resolve(db, kind, channel, locale).await?;
        templates.insert(key.clone(), source);
    }
    Ok(&templates[&key])
}

/// The `notification.created` event of a notification made.
pub fn created_event(model: &notification::Model) -> NotificationCreated {
    let shown = match model.channel {
        Channel::InApp => Some(NotificationShown {
            kind: model.kind.clone(),
            body: model.body.clone(),
            link: model.link.clone(),
            application_id: model.application_id,
            job_id: model.job_id,
            interview_id: model.interview_id,
        }),
        _ => None,
    };
    NotificationCreated {
        notification_id: model.id,
        user_id: model.user_id,
        category: model.category.as_str(),
        channel: model.channel.as_str(),
        title: model.title.clone(),
        created_at: model.created_at,
        shown,
    }
}
