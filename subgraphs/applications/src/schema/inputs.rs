use async_graphql::{ID, InputObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobgraph_shared::scalars::Date;
use jobgraph_shared::{Result, text};

use crate::domain::applications::Submission;
use crate::domain::interviews::Slot;
use crate::entities::enums::InterviewType;

#[derive(InputObject)]
pub struct MoneyInput {
    pub amount: i64,
    /// ISO 4217, such as EUR.
    pub currency: String,
}

#[derive(InputObject)]
pub struct ApplyToJobInput {
    pub job_id: ID,
    pub cover_letter: Option<String>,
    pub resume_url: Option<String>,
    pub expected_salary: Option<MoneyInput>,
    pub availability_date: Option<Date>,
    /// Where the applicant came from: the `utm_source` of the page that
    /// brought them, or a board's name (at most 100 characters).
    pub source: Option<String>,
    /// Any string unique to this attempt: a retried request with the same key
    /// returns the application the first one made instead of failing.
    pub idempotency_key: Option<String>,
}

impl ApplyToJobInput {
    pub fn into_submission(self) -> Result<Submission> {
        Ok(Submission {
            job_id: text::id("jobId", &self.job_id)?,
            cover_letter: self.cover_letter,
            resume_url: self.resume_url,
            expected_salary: self.expected_salary.map(|money| (money.amount, money.currency)),
            availability_date: self.availability_date.map(NaiveDate::from),
            source: self.source,
            idempotency_key: self.idempotency_key,
        })
    }
}

#[derive(InputObject)]
pub struct ScheduleInterviewInput {
    pub application_id: ID,
    #[graphql(name = "type")]
    pub kind: InterviewType,
    pub scheduled_at: DateTime<Utc>,
    #[graphql(default = 60)]
    pub duration_minutes: i32,
    /// IANA time zone the interview is arranged in, such as Europe/Berlin.
    pub timezone: String,
    /// Where, for an onsite interview.
    pub location: Option<String>,
    /// The link, for a video interview.
    pub meeting_url: Option<String>,
}

impl ScheduleInterviewInput {
    pub fn into_slot(self) -> Result<(uuid::Uuid, Slot)> {
        let application = text::id("applicationId", &self.application_id)?;
        let slot = Slot {
            kind: self.kind,
            scheduled_at: self.scheduled_at,
            duration_minutes: self.duration_minutes,
            timezone: self.timezone,
            location: self.location,
            meeting_url: self.meeting_url,
        };
        Ok((application, slot))
    }
}
