//! Interviews: the employer schedules, reschedules, cancels, completes or
//! marks a no-show; the applicant sees them (without the feedback). An
//! applicant's upcoming interviews never overlap.

use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::events::payloads::{InterviewCancelled, InterviewRescheduled, InterviewScheduled};
use jobgraph_shared::{Error, Result, text};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::events::{OUTBOX, interview_snapshot};
use super::{ApplicationsService, Party, forbidden_unless_party, party};
use crate::entities::enums::{ApplicationStatus, InterviewStatus, InterviewType};
use crate::entities::{application, interview};

pub const FEEDBACK_MAX: usize = 10_000;

/// When and how an interview happens.
#[derive(Clone, Debug)]
pub struct Slot {
    pub kind: InterviewType,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub timezone: String,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
}

impl Slot {
    fn validate(self, now: DateTime<Utc>) -> Result<Slot> {
        if self.scheduled_at <= now {
            return Err(Error::bad_input("scheduledAt", "must be in the future"));
        }
        if !(10..=480).contains(&self.duration_minutes) {
            return Err(Error::bad_input("durationMinutes", "must be between 10 and 480"));
        }
        let timezone = self.timezone.trim().to_string();
        if timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(Error::bad_input("timezone", "must be an IANA time zone such as Europe/Berlin or UTC"));
        }
        let location = text::optional("location", self.location.as_deref(), 300)?;
        let meeting_url = text::url("meetingUrl", self.meeting_url.as_deref())?;
        match self.kind {
            InterviewType::Onsite if location.is_none() => {
                return Err(Error::bad_input("location", "an onsite interview needs a location"));
            }
            InterviewType::Video if meeting_url.is_none() => {
                return Err(Error::bad_input("meetingUrl", "a video interview needs a meeting URL"));
            }
            _ => {}
        }
        Ok(Slot { timezone, location, meeting_url, ..self })
    }
}

impl ApplicationsService {
    /// The application and the caller's part in it, which must be the employer's side.
    async fn as_employer(&self, caller: &Caller, application_id: Uuid) -> Result<(application::Model, Party)> {
        caller.require_user()?;
        let application = self.existing(application_id).await?;
        let party = forbidden_unless_party(party(&self.db, caller, &application).await?)?;
        if !party.is_employer_side() {
            return Err(Error::forbidden("only the job's employer arranges interviews"));
        }
        Ok((application, party))
    }

    /// Refuses `slot` when it overlaps another upcoming interview of the applicant.
    async fn ensure_free(
        &self,
        db: &impl ConnectionTrait,
        applicant: Uuid,
        slot: &Slot,
        except: Option<Uuid>,
    ) -> Result<()> {
        let applications: Vec<Uuid> = application::Entity::find()
            .filter(application::Column::ApplicantId.eq(applicant))
            .all(db)
            .await?
            .into_iter()
            .map(|application| application.id)
            .collect();
        let upcoming = interview::Entity::find()
            .filter(interview::Column::ApplicationId.is_in(applications))
            .filter(interview::Column::Status.is_in([InterviewStatus::Scheduled, InterviewStatus::Rescheduled]))
            .all(db)
            .await?;
        let ends_at = slot.scheduled_at + chrono::Duration::minutes(i64::from(slot.duration_minutes));
        let clash = upcoming
            .iter()
            .filter(|other| Some(other.id) != except)
            .find(|other| other.scheduled_at < ends_at && slot.scheduled_at < other.ends_at());
        match clash {
            Some(other) => Err(Error::conflict(format!(
                "the applicant already has an interview from {} to {}",
                other.scheduled_at.to_rfc3339(),
                other.ends_at().to_rfc3339()
            ))),
            None => Ok(()),
        }
    }

    /// Schedules an interview for an application at the INTERVIEW stage.
    pub async fn schedule_interview(
        &self,
        caller: &Caller,
        application_id: Uuid,
        slot: Slot,
    ) -> Result<interview::Model> {
        let (application, party) = self.as_employer(caller, application_id).await?;
        if application.deleted_at.is_some() || application.status != ApplicationStatus::Interview {
            return Err(Error::conflict("move the application to INTERVIEW before scheduling an interview"));
        }
        let now = Utc::now();
        let slot = slot.validate(now)?;
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        self.ensure_free(&txn, application.applicant_id, &slot, None).await?;
        let interview = interview::ActiveModel {
            id: Set(Uuid::now_v7()),
            application_id: Set(application_id),
            kind: Set(slot.kind),
            scheduled_at: Set(slot.scheduled_at),
            duration_minutes: Set(slot.duration_minutes),
            timezone: Set(slot.timezone),
            location: Set(slot.location),
            meeting_url: Set(slot.meeting_url),
            status: Set(InterviewStatus::Scheduled),
            feedback: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let event = InterviewScheduled { interview: interview_snapshot(&interview, &application) };
        OUTBOX.record(&txn, Some(party.user_id()), &event).await?;
        txn.commit().await?;
        Ok(interview)
    }

    async fn interview_as_employer(
        &self,
        caller: &Caller,
        id: Uuid,
    ) -> Result<(interview::Model, application::Model, Party)> {
        let interview = interview::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::not_found("no such interview"))?;
        let (application, party) = self.as_employer(caller, interview.application_id).await?;
        Ok((interview, application, party))
    }

    /// Moves an upcoming interview to a new time (and optionally length and zone).
    pub async fn reschedule_interview(
        &self,
        caller: &Caller,
        id: Uuid,
        scheduled_at: DateTime<Utc>,
        duration_minutes: Option<i32>,
        timezone: Option<String>,
    ) -> Result<interview::Model> {
        let (current, application, party) = self.interview_as_employer(caller, id).await?;
        if !current.status.is_upcoming() {
            return Err(Error::conflict("only a scheduled interview can be rescheduled"));
        }
        let slot = Slot {
            kind: current.kind,
            scheduled_at,
            duration_minutes: duration_minutes.unwrap_or(current.duration_minutes),
            timezone: timezone.unwrap_or_else(|| current.timezone.clone()),
            location: current.location.clone(),
            meeting_url: current.meeting_url.clone(),
        }
        .validate(Utc::now())?;
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        self.ensure_free(&txn, application.applicant_id, &slot, Some(id)).await?;
        let previous = current.scheduled_at;
        let mut active = current.into_active_model();
        active.scheduled_at = Set(slot.scheduled_at);
        active.duration_minutes = Set(slot.duration_minutes);
        active.timezone = Set(slot.timezone);
        active.status = Set(InterviewStatus::Rescheduled);
        active.updated_at = Set(Utc::now());
        let interview = active.update(&txn).await?;
        let event = InterviewRescheduled {
            previous_scheduled_at: previous,
            interview: interview_snapshot(&interview, &application),
        };
        OUTBOX.record(&txn, Some(party.user_id()), &event).await?;
        txn.commit().await?;
        Ok(interview)
    }

    pub async fn cancel_interview(
        &self,
        caller: &Caller,
        id: Uuid,
        reason: Option<String>,
    ) -> Result<interview::Model> {
        let reason = text::optional("reason", reason.as_deref(), super::applications::REASON_MAX)?;
        let (current, application, party) = self.interview_as_employer(caller, id).await?;
        if !current.status.is_upcoming() {
            return Err(Error::conflict("only a scheduled interview can be cancelled"));
        }
        let txn = self.db.begin().await?;
        let mut active = current.into_active_model();
        active.status = Set(InterviewStatus::Cancelled);
        active.updated_at = Set(Utc::now());
        let interview = active.update(&txn).await?;
        let event = InterviewCancelled { reason, interview: interview_snapshot(&interview, &application) };
        OUTBOX.record(&txn, Some(party.user_id()), &event).await?;
        txn.commit().await?;
        Ok(interview)
    }

    /// Records how an upcoming interview went: COMPLETED (with feedback) or NO_SHOW.
    pub async fn conclude_interview(
        &self,
        caller: &Caller,
        id: Uuid,
        outcome: InterviewStatus,
        feedback: Option<String>,
    ) -> Result<interview::Model> {
        let feedback = text::optional("feedback", feedback.as_deref(), FEEDBACK_MAX)?;
        let (current, _, _) = self.interview_as_employer(caller, id).await?;
        if !current.status.is_upcoming() {
            return Err(Error::conflict("this interview is already over or cancelled"));
        }
        let mut active = current.into_active_model();
        active.status = Set(outcome);
        if feedback.is_some() {
            active.feedback = Set(feedback);
        }
        active.updated_at = Set(Utc::now());
        Ok(active.update(&self.db).await?)
    }
}
