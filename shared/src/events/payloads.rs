//! One type per event of DOMAIN.md. Statuses and enumerations travel as the
//! strings of the GraphQL API (`PUBLISHED`, `FULL_TIME`), so consumers in any
//! language read them without our enums. `schema/events/` holds a JSON Schema
//! per type ([`json_schemas`]).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::envelope::{Envelope, Event, Topic};

macro_rules! events {
    ($($name:ident = $type:literal on $topic:ident, key $key:expr;)*) => {
        $(
            impl Event for $name {
                const TYPE: &'static str = $type;
                const VERSION: u32 = 1;
                const TOPIC: Topic = Topic::$topic;
                fn aggregate_id(&self) -> Uuid {
                    let key: fn(&Self) -> Uuid = $key;
                    key(self)
                }
            }
        )*

        /// Every event type with the JSON Schema of its envelope, for `schema/events/`.
        pub fn json_schemas() -> Vec<(String, serde_json::Value)> {
            vec![$(
                (
                    format!("{}.v{}", <$name as Event>::TYPE, <$name as Event>::VERSION),
                    schemars::schema_for!(Envelope<$name>).to_value(),
                ),
            )*]
        }
    };
}

events! {
    UserCreated = "user.created" on Users, key |e| e.user.id;
    UserUpdated = "user.updated" on Users, key |e| e.user.id;
    UserDeleted = "user.deleted" on Users, key |e| e.user_id;
    UserSessionsRevoked = "user.sessions_revoked" on Users, key |e| e.user_id;
    CompanyCreated = "company.created" on Jobs, key |e| e.company.id;
    CompanyUpdated = "company.updated" on Jobs, key |e| e.company.id;
    CompanyDeleted = "company.deleted" on Jobs, key |e| e.company_id;
    JobCreated = "job.created" on Jobs, key |e| e.job.id;
    JobUpdated = "job.updated" on Jobs, key |e| e.job.id;
    JobStatusChanged = "job.status_changed" on Jobs, key |e| e.job.id;
    JobDeleted = "job.deleted" on Jobs, key |e| e.job_id;
    ApplicationSubmitted = "application.submitted" on Applications, key |e| e.application_id;
    ApplicationStatusChanged = "application.status_changed" on Applications, key |e| e.application_id;
    ApplicationWithdrawn = "application.withdrawn" on Applications, key |e| e.application_id;
    InterviewScheduled = "interview.scheduled" on Applications, key |e| e.interview.application_id;
    InterviewRescheduled = "interview.rescheduled" on Applications, key |e| e.interview.application_id;
    InterviewCancelled = "interview.cancelled" on Applications, key |e| e.interview.application_id;
    NotificationCreated = "notification.created" on Notifications, key |e| e.user_id;
    NotificationRead = "notification.read" on Notifications, key |e| e.user_id;
    SearchAlertMatched = "search.alert_matched" on Search, key |e| e.user_id;
    AnalyticsEventTracked = "analytics.event_tracked" on Analytics, key |e| e.tracked_id;
}

// ---- users -------------------------------------------------------------

/// A user as other services may know them. Private fields (phone, date of
/// birth, password) never leave users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserSnapshot {
    pub id: Uuid,
    /// For notifications by email.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// JOB_SEEKER, EMPLOYER or ADMIN.
    pub role: String,
    pub is_verified: bool,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    /// Consumers keep the newest state by this time, whatever order events arrive in.
    pub updated_at: DateTime<Utc>,
    /// Set once soft-deleted (cleared by a restore).
    pub deleted_at: Option<DateTime<Utc>>,
    /// The language to write to the user in (`en`, `de`, `pt-BR`); absent means English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCreated {
    pub user: UserSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdated {
    /// The GraphQL names of the fields that changed (`role`, `isActive`, `deletedAt` on restore).
    pub changed: Vec<String>,
    pub user: UserSnapshot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeletionMode {
    /// Soft-deleted: an admin may restore the account.
    Soft,
    /// Erased for good (GDPR): consumers drop what they hold of the user.
    Erased,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserDeleted {
    pub user_id: Uuid,
    pub mode: DeletionMode,
    pub role: String,
    pub deleted_at: DateTime<Utc>,
}

/// The user's access tokens issued before `revokedAt` are no longer good:
/// their account was deactivated or deleted, or its role or password changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserSessionsRevoked {
    pub user_id: Uuid,
    pub revoked_at: DateTime<Utc>,
}

// ---- jobs: companies ----------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub city: String,
    pub region: Option<String>,
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanySnapshot {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub industry: Option<String>,
    /// S1_10 ... S1000_PLUS
    pub size: Option<String>,
    pub founded_year: Option<i32>,
    pub headquarters: Option<Place>,
    pub is_verified: bool,
    pub is_suspended: bool,
    pub owner_id: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyCreated {
    pub company: CompanySnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyUpdated {
    pub changed: Vec<String>,
    pub company: CompanySnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyDeleted {
    pub company_id: Uuid,
    pub deleted_at: DateTime<Utc>,
}

// ---- jobs: jobs ---------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SalarySnapshot {
    pub min: i64,
    pub max: i64,
    pub currency: String,
    /// YEAR, MONTH or HOUR
    pub period: String,
    pub yearly_min: i64,
    pub yearly_max: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobSkillRef {
    pub id: Uuid,
    pub name: String,
    pub required: bool,
}

/// A job in full, as it is after the change: consumers need no call to jobs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobSnapshot {
    pub id: Uuid,
    pub company_id: Uuid,
    /// The company's owner: who may run the job's hiring pipeline.
    pub owner_id: Uuid,
    pub posted_by_id: Uuid,
    pub title: String,
    pub description: String,
    pub requirements: Option<String>,
    pub responsibilities: Option<String>,
    pub employment_type: String,
    pub experience_level: String,
    pub remote_policy: String,
    pub locations: Vec<Place>,
    pub salary: Option<SalarySnapshot>,
    pub categories: Vec<NamedRef>,
    /// The categories' ancestors, nearest first, each once (a job in
    /// "Backend" is also in "Engineering"); absent from older events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_ancestors: Vec<NamedRef>,
    pub skills: Vec<JobSkillRef>,
    /// DRAFT, PUBLISHED, PAUSED, CLOSED, FILLED or EXPIRED
    pub status: String,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub application_deadline: Option<DateTime<Utc>>,
    pub max_applications: Option<i32>,
    pub is_featured: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobCreated {
    pub job: JobSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdated {
    /// The GraphQL names of the fields that changed.
    pub changed: Vec<String>,
    pub job: JobSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobStatusChanged {
    pub from: String,
    pub to: String,
    pub job: JobSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobDeleted {
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub deleted_at: DateTime<Utc>,
    /// The job as it was deleted (deletedAt set).
    pub job: JobSnapshot,
}

// ---- applications -------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationSubmitted {
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub applicant_id: Uuid,
    /// Who is told: the job's owner.
    pub job_owner_id: Uuid,
    pub job_title: String,
    pub submitted_at: DateTime<Utc>,
    /// Where the applicant came from (a UTM source or a board's name);
    /// absent from events recorded before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationStatusChanged {
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub applicant_id: Uuid,
    /// APPLIED, SCREENING, INTERVIEW, OFFER, HIRED, REJECTED or WITHDRAWN
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationWithdrawn {
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub applicant_id: Uuid,
    pub job_owner_id: Uuid,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InterviewSnapshot {
    pub interview_id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub applicant_id: Uuid,
    /// PHONE, VIDEO or ONSITE
    pub kind: String,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// IANA name, such as Europe/Berlin: the time as the applicant reads it.
    pub timezone: String,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InterviewScheduled {
    pub interview: InterviewSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InterviewRescheduled {
    pub previous_scheduled_at: DateTime<Utc>,
    pub interview: InterviewSnapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InterviewCancelled {
    pub reason: Option<String>,
    pub interview: InterviewSnapshot,
}

// ---- notifications ------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationCreated {
    pub notification_id: Uuid,
    pub user_id: Uuid,
    /// APPLICATION_UPDATES, INTERVIEWS, JOB_ALERTS, ACCOUNT or MARKETING
    pub category: String,
    /// IN_APP, EMAIL, PUSH or SMS
    pub channel: String,
    pub title: String,
    pub created_at: DateTime<Utc>,
    /// An in-app notification as its subscribers are shown it, so that
    /// every replica tells them without reading it back (absent on email
    /// ones, and on events recorded before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<NotificationShown>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationShown {
    /// The template it was rendered from (`application.status_changed`).
    pub kind: String,
    pub body: String,
    pub link: Option<String>,
    pub application_id: Option<Uuid>,
    pub job_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRead {
    pub notification_id: Uuid,
    pub user_id: Uuid,
    pub read_at: DateTime<Utc>,
}

// ---- search -------------------------------------------------------------

/// A newly published job matches a seeker's saved search: once per saved
/// search and job, whichever replica matched it first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchAlertMatched {
    pub saved_search_id: Uuid,
    /// The seeker who saved the search.
    pub user_id: Uuid,
    /// The saved search's name, as the seeker wrote it.
    pub search_name: String,
    /// INSTANT or DAILY: how soon the seeker wants to hear.
    pub frequency: String,
    pub job_id: Uuid,
    pub job_title: String,
    pub company_name: Option<String>,
    pub matched_at: DateTime<Utc>,
}

// ---- analytics ----------------------------------------------------------

/// What a client saw or did, recorded by analytics' `trackEvent(s)`. No raw
/// IP address or user agent: `visitor_id` is a hash of them with a salt
/// that changes every day, so a visitor is recognised for one day only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsEventTracked {
    pub tracked_id: Uuid,
    /// JOB_VIEWED, JOB_LIST_VIEWED, APPLY_STARTED, SEARCH_PERFORMED or COMPANY_VIEWED
    pub kind: String,
    /// The signed-in user, from their token; none for anonymous visitors.
    pub user_id: Option<Uuid>,
    pub visitor_id: String,
    pub session_id: String,
    pub job_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    /// Bounded JSON the client sent; never personal data.
    pub properties: serde_json::Value,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub referrer: Option<String>,
    pub occurred_at: DateTime<Utc>,
}
