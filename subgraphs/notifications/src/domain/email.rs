//! Email delivery. Email notifications wait in the `notifications` table
//! (status PENDING) until due; a sender claims due ones (a lease, so
//! replicas never send one twice and a crashed sender's claim runs out),
//! sends each as a multipart text + HTML message, and keeps the outcome:
//! SENT, a retry with backoff after a transient failure, FAILED after a
//! permanent one or the last attempt. Daily-digest items of past days go
//! out as one email per user per day, recorded in `digests_sent`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::Clock;
use super::preferences::settings_of;
use super::template_store::resolve;
use super::templates::{FALLBACK_LOCALE, Kind, render};
use crate::entities::enums::{Channel, NotificationStatus};
use crate::entities::{digest_sent, notification, user_cache};

/// Where email goes: an SMTP server, or `.eml` files in a directory (dev).
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Why a message was not sent, and whether trying again may help.
#[derive(Debug)]
pub struct SendFailure {
    pub permanent: bool,
    pub message: String,
}

impl Mailer {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required` or `smtps://...`.
    pub fn smtp(url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.timeout(Some(Duration::from_secs(20)));
        Ok(Mailer::Smtp(transport.build()))
    }

    /// Writes each message as a `.eml` file, openable by a mail program.
    pub fn files(dir: PathBuf) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Mailer::Files(AsyncFileTransport::new(&dir), dir))
    }

    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "SMTP".to_string(),
            Mailer::Files(_, dir) => format!("files in {}", dir.display()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), SendFailure> {
        match self {
            Mailer::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| SendFailure { permanent: error.is_permanent(), message: error.to_string() }),
            Mailer::Files(files, _) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| SendFailure { permanent: false, message: error.to_string() }),
        }
    }
}

/// How the sender works.
#[derive(Clone, Debug)]
pub struct EmailSettings {
    pub from: Mailbox,
    /// Attempts at one email before it is FAILED.
    pub attempts: i32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// How often the sender looks for due email.
    pub poll_interval: Duration,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            from: "Jobgraph <no-reply@jobgraph.localhost>".parse().expect("a mailbox"),
            attempts: 5,
            backoff: Duration::from_secs(30),
            poll_interval: Duration::from_secs(1),
        }
    }
}

/// How long a claim on an email holds: a sender that dies mid-send leaves it to another after this.
const LEASE: chrono::Duration = chrono::Duration::minutes(2);
const BATCH: u64 = 50;

pub struct Sender {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub settings: EmailSettings,
    pub clock: Arc<dyn Clock>,
}

/// What one pass of the sender did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub digests: usize,
}

impl Sender {
    /// Sends due email until `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let mut tick = tokio::time::interval(self.settings.poll_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return Ok(()),
                _ = tick.tick() => {}
            }
            if let Err(error) = self.pass().await {
                tracing::warn!(error = %format!("{error:#}"), "sending email failed; trying again");
            }
        }
    }

    /// Sends everything due now: instant email, then digests.
    pub async fn pass(&self) -> anyhow::Result<Pass> {
        let mut pass = Pass::default();
        loop {
            let claimed = self.claim_due().await?;
            if claimed.is_empty() {
                break;
            }
            for email in claimed {
                match self.deliver(&email).await {
                    Outcome::Sent => pass.sent += 1,
                    Outcome::Retry => pass.retried += 1,
                    Outcome::Failed => pass.failed += 1,
                }
            }
        }
        pass.digests = self.send_digests().await?;
        Ok(pass)
    }

    /// Takes due instant email for this sender: pushes their time on by the
    /// lease and counts the attempt, so no other sender takes them meanwhile.
    async fn claim_due(&self) -> anyhow::Result<Vec<notification::Model>> {
        let now = self.clock.now();
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        let mut due = notification::Entity::find()
            .filter(notification::Column::Channel.eq(Channel::Email))
            .filter(notification::Column::Status.eq(NotificationStatus::Pending))
            .filter(notification::Column::Digest.eq(false))
            .filter(notification::Column::DeliverAfter.lte(now))
            .order_by_asc(notification::Column::DeliverAfter)
            .limit(BATCH);
        if txn.get_database_backend() == DbBackend::Postgres {
            due = due
                .lock_with_behavior(sea_orm::sea_query::LockType::Update, sea_orm::sea_query::LockBehavior::SkipLocked);
        }
        let due = due.all(&txn).await?;
        if due.is_empty() {
            return Ok(due);
        }
        notification::Entity::update_many()
            .col_expr(notification::Column::DeliverAfter, Expr::value(now + LEASE))
            .col_expr(notification::Column::Attempts, Expr::col(notification::Column::Attempts).add(1))
            .filter(notification::Column::Id.is_in(due.iter().map(|row| row.id)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(due.into_iter().map(|row| notification::Model { attempts: row.attempts + 1, ..row }).collect())
    }

    fn message(&self, to: &str, subject: &str, text: String, html: String) -> Result<Message, SendFailure> {
        let to: Mailbox = to
            .parse()
            .map_err(|error| SendFailure { permanent: true, message: format!("bad address {to}: {error}") })?;
        Message::builder()
            .from(self.settings.from.clone())
            .to(to)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|error| SendFailure { permanent: true, message: error.to_string() })
    }

    async fn deliver(&self, email: &notification::Model) -> Outcome {
        let sent = match self.message(
            email.email_to.as_deref().unwrap_or_default(),
            &email.title,
            email.body.clone(),
            email.email_html.clone().unwrap_or_default(),
        ) {
            Ok(message) => self.mailer.send(message).await,
            Err(failure) => Err(failure),
        };
        let now = self.clock.now();
        let (outcome, update) = match sent {
            Ok(()) => (
                Outcome::Sent,
                notification::ActiveModel {
                    status: Set(NotificationStatus::Sent),
                    sent_at: Set(Some(now)),
                    last_error: Set(None),
                    ..Default::default()
                },
            ),
            Err(failure) if failure.permanent || email.attempts >= self.settings.attempts => {
                tracing::warn!(notification = %email.id, error = %failure.message, attempts = email.attempts, "email failed for good");
                (
                    Outcome::Failed,
                    notification::ActiveModel {
                        status: Set(NotificationStatus::Failed),
                        last_error: Set(Some(failure.message)),
                        ..Default::default()
                    },
                )
            }
            Err(failure) => {
                let wait = self.settings.backoff * 2u32.saturating_pow((email.attempts - 1).max(0) as u32);
                let retry_at = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                tracing::info!(notification = %email.id, error = %failure.message, %retry_at, "email failed; retrying");
                (
                    Outcome::Retry,
                    notification::ActiveModel {
                        deliver_after: Set(Some(retry_at)),
                        last_error: Set(Some(failure.message)),
                        ..Default::default()
                    },
                )
            }
        };
        let saved = notification::Entity::update_many()
            .set(update)
            .filter(notification::Column::Id.eq(email.id))
            .exec(&self.db)
            .await;
        if let Err(error) = saved {
            tracing::warn!(notification = %email.id, %error, "keeping an email's outcome failed");
        }
        outcome
    }

    /// One email per user listing their digest items of past (UTC) days,
    /// once their quiet hours allow; at most one per user per day.
    async fn send_digests(&self) -> anyhow::Result<usize> {
        let now = self.clock.now();
        let today = now.date_naive();
        let start_of_today = today.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        let users: Vec<Uuid> = notification::Entity::find()
            .select_only()
            .column(notification::Column::UserId)
            .distinct()
            .filter(notification::Column::Channel.eq(Channel::Email))
            .filter(notification::Column::Status.eq(NotificationStatus::Pending))
            .filter(notification::Column::Digest.eq(true))
            .filter(notification::Column::CreatedAt.lt(start_of_today))
            .filter(notification::Column::DeliverAfter.is_null().or(notification::Column::DeliverAfter.lte(now)))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut sent = 0;
        for user in users {
            if settings_of(&self.db, user).await?.deliver_after(now) > now {
                continue; // quiet hours
            }
            if self.send_digest(user, now, start_of_today).await? {
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// Sends `user`'s digest for today, unless one went already. The record
    /// of it and the items' new status commit only once the email is sent.
    async fn send_digest(&self, user: Uuid, now: DateTime<Utc>, before: DateTime<Utc>) -> anyhow::Result<bool> {
        let day = now.date_naive().to_string();
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        let record = digest_sent::ActiveModel { user_id: Set(user), day: Set(day.clone()), sent_at: Set(now) };
        let inserted = digest_sent::Entity::insert(record)
            .on_conflict(
                OnConflict::columns([digest_sent::Column::UserId, digest_sent::Column::Day]).do_nothing().to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        if inserted == 0 {
            return Ok(false); // another sender, or an earlier pass today
        }
        let items = notification::Entity::find()
            .filter(notification::Column::UserId.eq(user))
            .filter(notification::Column::Channel.eq(Channel::Email))
            .filter(notification::Column::Status.eq(NotificationStatus::Pending))
            .filter(notification::Column::Digest.eq(true))
            .filter(notification::Column::CreatedAt.lt(before))
            .order_by_asc(notification::Column::CreatedAt)
            .all(&txn)
            .await?;
        let Some(first) = items.first() else { return Ok(false) };
        let reader = user_cache::Entity::find_by_id(user).one(&txn).await?;
        let locale = reader.as_ref().and_then(|reader| reader.locale.clone()).unwrap_or_else(|| FALLBACK_LOCALE.into());
        let context = json!({
            "recipient": {
                "first_name": reader.as_ref().map(|r| r.first_name.clone()).unwrap_or_default(),
                "last_name": reader.as_ref().map(|r| r.last_name.clone()).unwrap_or_default(),
            },
            "day": first.created_at.date_naive().to_string(),
            "items": items.iter().map(|item| json!({
                "title": item.title,
                "body": summary(&item.body),
                "link": item.link,
            })).collect::<Vec<_>>(),
        });
        let rendered = render(&resolve(&txn, Kind::Digest, Channel::Email, &locale).await?, &context)?;
        let to = first.email_to.clone().unwrap_or_default();
        let sent = match self.message(&to, &rendered.subject, rendered.text, rendered.html) {
            Ok(message) => self.mailer.send(message).await,
            Err(failure) => Err(failure),
        };
        let ids = items.iter().map(|item| item.id);
        match sent {
            Ok(()) => {
                notification::Entity::update_many()
                    .col_expr(notification::Column::Status, Expr::value(NotificationStatus::Sent.as_str()))
                    .col_expr(notification::Column::SentAt, Expr::value(now))
                    .filter(notification::Column::Id.is_in(ids))
                    .exec(&txn)
                    .await?;
                txn.commit().await?;
                Ok(true)
            }
            Err(failure) => {
                txn.rollback().await?;
                // Tried again after the backoff, not at every pass.
                let retry_at =
                    now + chrono::Duration::from_std(self.settings.backoff).unwrap_or(chrono::Duration::minutes(1));
                let status = if failure.permanent { NotificationStatus::Failed } else { NotificationStatus::Pending };
                notification::Entity::update_many()
                    .col_expr(notification::Column::DeliverAfter, Expr::value(retry_at))
                    .col_expr(notification::Column::LastError, Expr::value(failure.message.clone()))
                    .col_expr(notification::Column::Status, Expr::value(status.as_str()))
                    .filter(notification::Column::Id.is_in(items.iter().map(|item| item.id)))
                    .exec(&self.db)
                    .await?;
                tracing::warn!(%user, error = %failure.message, "a digest was not sent");
                Ok(false)
            }
        }
    }
}

enum Outcome {
    Sent,
    Retry,
    Failed,
}

/// The first lines of a body, for a digest's list.
fn summary(body: &str) -> String {
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}
