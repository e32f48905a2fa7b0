//! The events applications publishes (DOMAIN.md), each recorded in the
//! outbox in the transaction of its change.

use jobgraph_shared::events::Outbox;
use jobgraph_shared::events::payloads::InterviewSnapshot;

use crate::entities::{application, interview};

pub const OUTBOX: Outbox = Outbox::new("applications");

pub fn interview_snapshot(interview: &interview::Model, application: &application::Model) -> InterviewSnapshot {
    InterviewSnapshot {
        interview_id: interview.id,
        application_id: application.id,
        job_id: application.job_id,
        applicant_id: application.applicant_id,
        kind: sea_orm::ActiveEnum::to_value(&interview.kind),
        scheduled_at: interview.scheduled_at,
        duration_minutes: interview.duration_minutes,
        timezone: interview.timezone.clone(),
        location: interview.location.clone(),
        meeting_url: interview.meeting_url.clone(),
    }
}
