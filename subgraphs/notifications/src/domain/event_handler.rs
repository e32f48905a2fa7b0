//! What notifications does with the events it consumes: it keeps what it
//! needs of users, jobs and applications (names, emails, languages, titles,
//! owners, who applied where) and tells people what happened. A replay
//! rebuilds those caches only: nobody is told twice.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use jobgraph_shared::db::upsert_unless_newer;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn, DeletionMode, InterviewCancelled,
    InterviewRescheduled, InterviewScheduled, InterviewSnapshot, JobCreated, JobDeleted, JobSnapshot, JobStatusChanged,
    JobUpdated, SearchAlertMatched, UserCreated, UserDeleted, UserSnapshot, UserUpdated,
};
use jobgraph_shared::events::{Envelope, Handler, Incoming, Mode, Topic, trace};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use super::Clock;
use super::deliver::{About, Notice, notify_all};
use super::live::Live;
use super::templates::Kind;
use crate::entities::enums::Channel;
use crate::entities::{application_cache, digest_sent, job_cache, notification, preference, settings, user_cache};

/// The notifications service's consumer of every topic it learns from.
pub struct NotificationEvents {
    clock: Arc<dyn Clock>,
    /// This process's subscribers, told of what a batch made once it commits.
    live: Option<Live>,
    /// What the events in hand tell, made into notifications together.
    notices: Mutex<Vec<Notice>>,
    /// The in-app notifications the batch in hand made.
    made: Mutex<Vec<notification::Model>>,
}

impl NotificationEvents {
    /// A consumer that tells nobody live (a replay, or a process without subscribers).
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        NotificationEvents { clock, live: None, notices: Mutex::default(), made: Mutex::default() }
    }

    /// Tells `live`'s subscribers of the in-app notifications made, as each batch commits.
    pub fn telling(mut self, live: Live) -> Self {
        self.live = Some(live);
        self
    }

    /// Tells `recipient` of `kind` when the notices in hand are made.
    fn notify(&self, now: DateTime<Utc>, recipient: Uuid, kind: Kind, context: Value, about: About) {
        let traceparent = trace::current();
        let notice = Notice { recipient, kind, context, about, at: now, traceparent };
        self.notices.lock().expect("notices").push(notice);
    }

    /// Makes the notices in hand into notifications, keeping the in-app
    /// ones for this process's subscribers.
    async fn make_notified(&self, txn: &DatabaseTransaction) -> anyhow::Result<()> {
        let notices = std::mem::take(&mut *self.notices.lock().expect("notices"));
        let made = notify_all(txn, notices).await?;
        if self.live.is_some() {
            let in_app = made.into_iter().filter(|model| model.channel == Channel::InApp);
            self.made.lock().expect("made").extend(in_app);
        }
        Ok(())
    }

    /// Everybody whose application to the job is still open hears that it ended.
    async fn tell_open_applicants(
        &self,
        txn: &DatabaseTransaction,
        now: DateTime<Utc>,
        changed: &JobStatusChanged,
    ) -> anyhow::Result<()> {
        let applications = application_cache::Entity::find()
            .filter(application_cache::Column::JobId.eq(changed.job.id))
            .all(txn)
            .await?;
        for application in applications.into_iter().filter(application_cache::Model::is_open) {
            let context = json!({ "job": { "title": changed.job.title }, "status": changed.to });
            let about = About {
                link: Some(format!("/jobs/{}", changed.job.id)),
                ..about_application(application.application_id, changed.job.id)
            };
            self.notify(now, application.applicant_id, Kind::JobClosed, context, about);
        }
        Ok(())
    }
}

impl Handler for NotificationEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Users, Topic::Jobs, Topic::Applications, Topic::Search]
    }

    fn caches(&self) -> &'static [&'static str] {
        &["user_cache", "job_cache", "application_cache", jobgraph_shared::revocations::TABLE]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, mode: Mode) -> anyhow::Result<()> {
        self.apply(txn, event, mode).await?;
        self.make_notified(txn).await
    }

    async fn handle_batch(&self, txn: &DatabaseTransaction, events: &[Incoming<'_>], mode: Mode) -> anyhow::Result<()> {
        // What an earlier, failed batch held was never committed.
        self.notices.lock().expect("notices").clear();
        self.made.lock().expect("made").clear();
        for event in events {
            // Notices read the recipient as they are made: those given
            // before a change to a user are made before it, as if one by one.
            let envelope = event.envelope;
            if envelope.is::<UserCreated>() || envelope.is::<UserUpdated>() || envelope.is::<UserDeleted>() {
                self.make_notified(txn).await?;
            }
            event.traced(self.apply(txn, envelope, mode)).await?;
        }
        self.make_notified(txn).await
    }

    fn committed(&self) {
        let made = std::mem::take(&mut *self.made.lock().expect("made"));
        if let Some(live) = &self.live {
            made.into_iter().for_each(|model| live.made_here(model));
        }
    }
}

impl NotificationEvents {
    /// Applies one event: its caches now, its notices when the batch's are made.
    async fn apply(&self, txn: &DatabaseTransaction, event: &Envelope, mode: Mode) -> anyhow::Result<()> {
        let live = mode == Mode::Live;
        let now = self.clock.now();
        // Nobody is told of what they did themselves.
        let tell = |recipient: Uuid| live && event.actor_id != Some(recipient);
        if event.is::<UserCreated>() {
            let user = event.decode::<UserCreated>()?.user;
            remember_user(txn, &user).await?;
            // The one notice of a user's own doing: their welcome.
            if live {
                let about = About { link: Some("/".into()), ..About::default() };
                self.notify(now, user.id, Kind::Welcome, json!({}), about);
            }
        } else if event.is::<UserUpdated>() {
            remember_user(txn, &event.decode::<UserUpdated>()?.user).await?;
        } else if event.is::<UserDeleted>() {
            forget_user(txn, event.decode::<UserDeleted>()?, live).await?;
        } else if jobgraph_shared::revocations::apply(txn, event).await? {
            // The user's earlier access tokens are refused from now on.
        } else if event.is::<JobCreated>() {
            remember_job(txn, &event.decode::<JobCreated>()?.job).await?;
        } else if event.is::<JobUpdated>() {
            remember_job(txn, &event.decode::<JobUpdated>()?.job).await?;
        } else if event.is::<JobDeleted>() {
            remember_job(txn, &event.decode::<JobDeleted>()?.job).await?;
        } else if event.is::<JobStatusChanged>() {
            let changed = event.decode::<JobStatusChanged>()?;
            remember_job(txn, &changed.job).await?;
            let ends = |status: &str| matches!(status, "CLOSED" | "FILLED" | "EXPIRED");
            if live && ends(&changed.to) && !ends(&changed.from) {
                self.tell_open_applicants(txn, now, &changed).await?;
            }
        } else if event.is::<SearchAlertMatched>() {
            let alert = event.decode::<SearchAlertMatched>()?;
            if live {
                let context = json!({
                    "job": { "title": alert.job_title },
                    "company": { "name": alert.company_name },
                    "search": { "name": alert.search_name },
                });
                let about = About {
                    job_id: Some(alert.job_id),
                    link: Some(format!("/jobs/{}", alert.job_id)),
                    email_in_digest: alert.frequency == "DAILY",
                    ..About::default()
                };
                self.notify(now, alert.user_id, Kind::JobAlert, context, about);
            }
        } else if event.is::<ApplicationSubmitted>() {
            let submitted = event.decode::<ApplicationSubmitted>()?;
            remember_application(
                txn,
                submitted.application_id,
                submitted.job_id,
                submitted.applicant_id,
                "APPLIED",
                submitted.submitted_at,
            )
            .await?;
            if tell(submitted.job_owner_id) {
                let context = json!({
                    "job": { "title": submitted.job_title },
                    "applicant": person(txn, submitted.applicant_id).await?,
                });
                let about = about_application(submitted.application_id, submitted.job_id);
                self.notify(now, submitted.job_owner_id, Kind::ApplicationSubmitted, context, about);
            }
        } else if event.is::<ApplicationStatusChanged>() {
            let changed = event.decode::<ApplicationStatusChanged>()?;
            remember_application(
                txn,
                changed.application_id,
                changed.job_id,
                changed.applicant_id,
                &changed.to,
                changed.at,
            )
            .await?;
            // A withdrawal is the applicant's own doing; the employer hears of it by application.withdrawn.
            if changed.to != "WITHDRAWN" && tell(changed.applicant_id) {
                let context = json!({
                    "job": job_context(txn, changed.job_id).await?,
                    "status": changed.to,
                    "status_text": status_text(&changed.to),
                    "reason": changed.reason,
                });
                let about = about_application(changed.application_id, changed.job_id);
                self.notify(now, changed.applicant_id, Kind::ApplicationStatusChanged, context, about);
            }
        } else if event.is::<ApplicationWithdrawn>() {
            let withdrawn = event.decode::<ApplicationWithdrawn>()?;
            remember_application(
                txn,
                withdrawn.application_id,
                withdrawn.job_id,
                withdrawn.applicant_id,
                "WITHDRAWN",
                withdrawn.at,
            )
            .await?;
            if tell(withdrawn.job_owner_id) {
                let context = json!({
                    "job": job_context(txn, withdrawn.job_id).await?,
                    "applicant": person(txn, withdrawn.applicant_id).await?,
                    "reason": withdrawn.reason,
                });
                let about = about_application(withdrawn.application_id, withdrawn.job_id);
                self.notify(now, withdrawn.job_owner_id, Kind::ApplicationWithdrawn, context, about);
            }
        } else if let Some((kind, interview, previous, reason)) = interview_event(event)?
            && tell(interview.applicant_id)
        {
            let mut details = interview_context(&interview, previous);
            details["reason"] = json!(reason);
            let context = json!({ "job": job_context(txn, interview.job_id).await?, "interview": details });
            let about = About {
                interview_id: Some(interview.interview_id),
                ..about_application(interview.application_id, interview.job_id)
            };
            self.notify(now, interview.applicant_id, kind, context, about);
        }
        Ok(())
    }
}

type InterviewEvent = (Kind, InterviewSnapshot, Option<DateTime<Utc>>, Option<String>);

fn interview_event(event: &Envelope) -> anyhow::Result<Option<InterviewEvent>> {
    Ok(if event.is::<InterviewScheduled>() {
        Some((Kind::InterviewScheduled, event.decode::<InterviewScheduled>()?.interview, None, None))
    } else if event.is::<InterviewRescheduled>() {
        let moved = event.decode::<InterviewRescheduled>()?;
        Some((Kind::InterviewRescheduled, moved.interview, Some(moved.previous_scheduled_at), None))
    } else if event.is::<InterviewCancelled>() {
        let cancelled = event.decode::<InterviewCancelled>()?;
        Some((Kind::InterviewCancelled, cancelled.interview, None, cancelled.reason))
    } else {
        None
    })
}

fn about_application(application_id: Uuid, job_id: Uuid) -> About {
    About {
        application_id: Some(application_id),
        job_id: Some(job_id),
        link: Some(format!("/applications/{application_id}")),
        ..About::default()
    }
}

/// A time as the interview's participants read it: in its own timezone.
pub fn local_time(at: DateTime<Utc>, timezone: &str) -> String {
    match timezone.parse::<Tz>() {
        Ok(zone) => at.with_timezone(&zone).format("%A, %-d %B %Y, %H:%M").to_string(),
        Err(_) => at.format("%A, %-d %B %Y, %H:%M UTC").to_string(),
    }
}

fn interview_context(interview: &InterviewSnapshot, previous: Option<DateTime<Utc>>) -> Value {
    json!({
        "kind": interview.kind,
        "when": local_time(interview.scheduled_at, &interview.timezone),
        "previous_when": previous.map(|at| local_time(at, &interview.timezone)),
        "timezone": interview.timezone,
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
        "reason": Value::Null,
    })
}

fn status_text(status: &str) -> String {
    status.to_lowercase().replace('_', " ")
}

async fn person(db: &impl ConnectionTrait, user: Uuid) -> anyhow::Result<Value> {
    let known = user_cache::Entity::find_by_id(user).one(db).await?;
    Ok(match known {
        Some(user) if user.deleted_at.is_none() => {
            json!({ "first_name": user.first_name, "last_name": user.last_name })
        }
        _ => json!({ "first_name": "A former", "last_name": "user" }),
    })
}

async fn job_context(db: &impl ConnectionTrait, job: Uuid) -> anyhow::Result<Value> {
    let title = job_cache::Entity::find_by_id(job).one(db).await?.map(|job| job.title);
    Ok(json!({ "title": title.unwrap_or_else(|| "a job".to_string()) }))
}

async fn remember_user(txn: &DatabaseTransaction, user: &UserSnapshot) -> anyhow::Result<()> {
    let row = user_cache::ActiveModel {
        user_id: Set(user.id),
        email: Set(user.email.clone()),
        first_name: Set(user.first_name.clone()),
        last_name: Set(user.last_name.clone()),
        role: Set(user.role.clone()),
        locale: Set(user.locale.clone()),
        deleted_at: Set(user.deleted_at),
        updated_at: Set(user.updated_at),
    };
    let columns = [
        user_cache::Column::Email,
        user_cache::Column::FirstName,
        user_cache::Column::LastName,
        user_cache::Column::Role,
        user_cache::Column::Locale,
        user_cache::Column::DeletedAt,
        user_cache::Column::UpdatedAt,
    ];
    upsert_unless_newer::<user_cache::Entity>(
        txn,
        vec![row],
        user_cache::Column::UserId,
        user_cache::Column::UpdatedAt,
        &columns,
    )
    .await?;
    Ok(())
}

/// A deleted user is told nothing more; an erased one leaves nothing behind here.
async fn forget_user(txn: &DatabaseTransaction, deleted: UserDeleted, live: bool) -> anyhow::Result<()> {
    let mut update = user_cache::Entity::update_many()
        .col_expr(user_cache::Column::DeletedAt, Expr::value(deleted.deleted_at))
        .filter(user_cache::Column::UserId.eq(deleted.user_id));
    if deleted.mode == DeletionMode::Erased {
        update = update
            .col_expr(user_cache::Column::Email, Expr::value(""))
            .col_expr(user_cache::Column::FirstName, Expr::value(""))
            .col_expr(user_cache::Column::LastName, Expr::value(""));
        if live {
            let user = deleted.user_id;
            notification::Entity::delete_many().filter(notification::Column::UserId.eq(user)).exec(txn).await?;
            preference::Entity::delete_many().filter(preference::Column::UserId.eq(user)).exec(txn).await?;
            settings::Entity::delete_many().filter(settings::Column::UserId.eq(user)).exec(txn).await?;
            digest_sent::Entity::delete_many().filter(digest_sent::Column::UserId.eq(user)).exec(txn).await?;
        }
    }
    update.exec(txn).await?;
    Ok(())
}

async fn remember_job(txn: &DatabaseTransaction, job: &JobSnapshot) -> anyhow::Result<()> {
    let row = job_cache::ActiveModel {
        job_id: Set(job.id),
        company_id: Set(job.company_id),
        owner_id: Set(job.owner_id),
        title: Set(job.title.clone()),
        status: Set(job.status.clone()),
        version: Set(job.version),
        updated_at: Set(job.updated_at),
    };
    let columns = [
        job_cache::Column::CompanyId,
        job_cache::Column::OwnerId,
        job_cache::Column::Title,
        job_cache::Column::Status,
        job_cache::Column::Version,
        job_cache::Column::UpdatedAt,
    ];
    upsert_unless_newer::<job_cache::Entity>(
        txn,
        vec![row],
        job_cache::Column::JobId,
        job_cache::Column::Version,
        &columns,
    )
    .await?;
    Ok(())
}

async fn remember_application(
    txn: &DatabaseTransaction,
    application_id: Uuid,
    job_id: Uuid,
    applicant_id: Uuid,
    status: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let row = application_cache::ActiveModel {
        application_id: Set(application_id),
        job_id: Set(job_id),
        applicant_id: Set(applicant_id),
        status: Set(status.to_string()),
        updated_at: Set(at),
    };
    let columns = [application_cache::Column::Status, application_cache::Column::UpdatedAt];
    let (key, guard) = (application_cache::Column::ApplicationId, application_cache::Column::UpdatedAt);
    upsert_unless_newer::<application_cache::Entity>(txn, vec![row], key, guard, &columns).await?;
    Ok(())
}
