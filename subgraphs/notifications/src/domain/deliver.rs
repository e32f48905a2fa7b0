//! Turning "tell this user this" into notifications: one in the feed and
//! one email, each as the user's preferences for the category say, rendered
//! from the template in the user's language. Every notification made is
//! recorded as a `notification.created` event in the same transaction.

use chrono::{DateTime, Utc};
use jobgraph_shared::events::payloads::{NotificationCreated, NotificationShown};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use super::OUTBOX;
use super::preferences::{preferences_of, settings_of};
use super::template_store::resolve;
use super::templates::{FALLBACK_LOCALE, Kind, render};
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

/// Tells `recipient` of `kind`, with `context` for its templates (the
/// recipient's name is added). Returns the notifications made: none for a
/// deleted user or where the user turned the category off.
pub async fn notify(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    recipient: Uuid,
    kind: Kind,
    mut context: Value,
    about: About,
) -> anyhow::Result<Vec<notification::Model>> {
    let user = user_cache::Entity::find_by_id(recipient).one(db).await?;
    if user.as_ref().is_some_and(|user| user.deleted_at.is_some()) {
        return Ok(Vec::new());
    }
    context["recipient"] = match &user {
        Some(user) => json!({ "first_name": user.first_name, "last_name": user.last_name }),
        None => json!({ "first_name": "", "last_name": "" }),
    };
    let locale = user.as_ref().and_then(|user| user.locale.clone()).unwrap_or_else(|| FALLBACK_LOCALE.to_string());
    let category = kind.category();
    let preferences = preferences_of(db, recipient).await?;
    let wanted =
        |channel: Channel| preferences.iter().find(|p| p.category == category && p.channel == channel).copied();

    let mut made = Vec::new();
    let base = |channel: Channel, title: String, body: String| notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(recipient),
        kind: Set(kind.key().to_string()),
        category: Set(category),
        channel: Set(channel),
        title: Set(title),
        body: Set(body),
        link: Set(about.link.clone()),
        application_id: Set(about.application_id),
        job_id: Set(about.job_id),
        interview_id: Set(about.interview_id),
        status: Set(NotificationStatus::Sent),
        created_at: Set(now),
        read_at: Set(None),
        email_to: Set(None),
        email_html: Set(None),
        digest: Set(false),
        deliver_after: Set(None),
        attempts: Set(0),
        sent_at: Set(None),
        last_error: Set(None),
    };
    if wanted(Channel::InApp).is_some_and(|p| p.enabled) {
        let rendered = render(&resolve(db, kind, Channel::InApp, &locale).await?, &context)?;
        let mut row = base(Channel::InApp, rendered.subject, rendered.text.trim().to_string());
        row.sent_at = Set(Some(now));
        made.push(row);
    }
    if let (Some(preference), Some(user)) = (wanted(Channel::Email), &user)
        && preference.enabled
    {
        let rendered = render(&resolve(db, kind, Channel::Email, &locale).await?, &context)?;
        let digest = about.email_in_digest || preference.frequency == EmailFrequency::DailyDigest;
        let mut row = base(Channel::Email, rendered.subject, rendered.text);
        row.status = Set(NotificationStatus::Pending);
        row.email_to = Set(Some(user.email.clone()));
        row.email_html = Set(Some(rendered.html));
        row.digest = Set(digest);
        // A digest goes out with the day's others; an instant email once quiet hours end.
        let deliver_after = if digest { None } else { Some(settings_of(db, recipient).await?.deliver_after(now)) };
        row.deliver_after = Set(deliver_after);
        made.push(row);
    }
    let mut models = Vec::new();
    for row in made {
        let model = notification::Entity::insert(row).exec_with_returning(db).await?;
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
        let created = NotificationCreated {
            notification_id: model.id,
            user_id: model.user_id,
            category: model.category.as_str(),
            channel: model.channel.as_str(),
            title: model.title.clone(),
            created_at: model.created_at,
            shown,
        };
        OUTBOX.record(db, None, &created).await?;
        models.push(model);
    }
    Ok(models)
}
