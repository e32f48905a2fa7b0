//! Interviews: the employer schedules, reschedules, cancels, completes or
//! marks a no-show; the applicant sees them (without the feedback). An
//! applicant's upcoming interviews never overlap.

use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::events::payloads::{InterviewCancelled, InterviewRescheduled, InterviewScheduled};
use jobgraph_shared::{Error, Result, text};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set,
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

/// Refuses arranging interviews for an application that is deleted or whose
/// outcome is decided (HIRED, REJECTED, WITHDRAWN).
fn ensure_open(application: &application::Model) -> Result<()> {
    if application.deleted_at.is_some() {
        return Err(Error::conflict("this application is deleted"));
    }
    if application.status.is_final() {
        return Err(Error::conflict(format!(
            "this application is {}: its interviews can no longer change",
            application.status.as_str()
        )));
    }
    Ok(())
}

impl ApplicationsService {
    /// An interview and the caller's part in its application, if they have one.
    pub async fn visible_interview(&self, caller: &Caller, id: Uuid) -> Result<Option<(interview::Model, Party)>> {
        let Some(found) = interview::Entity::find_by_id(id).one(&self.db).await? else { return Ok(None) };
        let visible = self.visible_application(caller, found.application_id).await?;
        Ok(visible.map(|(_, party)| (found, party)))
    }

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

    /// Begins a transaction that changes `applicant`'s interviews. It holds
    /// the applicant's interview lock, so concurrent changes run one after
    /// another and each checks overlaps against what the others committed.
    async fn begin_interviews_of(&self, applicant: Uuid) -> Result<DatabaseTransaction> {
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        jobgraph_shared::db::lock_for_transaction(&txn, &format!("interviews-of-{applicant}")).await?;
        Ok(txn)
    }

    /// Refuses `slot` when it overlaps another upcoming interview of the
    /// applicant's open, live applications.
    async fn ensure_free(
        &self,
        db: &impl ConnectionTrait,
        applicant: Uuid,
        slot: &Slot,
        except: Option<Uuid>,
    ) -> Result<()> {
        let open: Vec<Uuid> = application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::DeletedAt.is_null())
            .filter(application::Column::Status.is_not_in([
                ApplicationStatus::Hired,
                ApplicationStatus::Rejected,
                ApplicationStatus::Withdrawn,
            ]))
            .into_tuple()
            .all(db)
            .await?;
        let upcoming = interview::Entity::find()
            .filter(interview::Column::ApplicationId.is_in(open))
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
        let now = Utc::now();
        let slot = slot.validate(now)?;
        let txn = self.begin_interviews_of(application.applicant_id).await?;
        // Read again under the lock: the application may have moved meanwhile.
        let application = application::Entity::find_by_id(application_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("no such application"))?;
        ensure_open(&application)?;
        if application.status != ApplicationStatus::Interview {
            return Err(Error::conflict("move the application to INTERVIEW before scheduling an interview"));
        }
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

    /// Checks that the caller arranges `id`'s interviews, then begins the
    /// change: the interview and its application as they are under the
    /// applicant's interview lock, refused unless the interview is upcoming
    /// and the application open and live.
    async fn begin_interview_change(
        &self,
        caller: &Caller,
        id: Uuid,
        refusal: &str,
    ) -> Result<(DatabaseTransaction, interview::Model, application::Model, Party)> {
        let interview = interview::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::not_found("no such interview"))?;
        let (application, party) = self.as_employer(caller, interview.application_id).await?;
        let txn = self.begin_interviews_of(application.applicant_id).await?;
        let interview =
            interview::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| Error::not_found("no such interview"))?;
        let application = application::Entity::find_by_id(interview.application_id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("no such application"))?;
        ensure_open(&application)?;
        if !interview.status.is_upcoming() {
            return Err(Error::conflict(refusal.to_string()));
        }
        Ok((txn, interview, application, party))
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
        let (txn, current, application, party) =
            self.begin_interview_change(caller, id, "only a scheduled interview can be rescheduled").await?;
        let slot = Slot {
            kind: current.kind,
            scheduled_at,
            duration_minutes: duration_minutes.unwrap_or(current.duration_minutes),
            timezone: timezone.unwrap_or_else(|| current.timezone.clone()),
            location: current.location.clone(),
            meeting_url: current.meeting_url.clone(),
        }
        .validate(Utc::now())?;
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
        let (txn, current, application, party) =
            self.begin_interview_change(caller, id, "only a scheduled interview can be cancelled").await?;
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
        let (txn, current, _, _) =
            self.begin_interview_change(caller, id, "this interview is already over or cancelled").await?;
        let mut active = current.into_active_model();
        active.status = Set(outcome);
        if feedback.is_some() {
            active.feedback = Set(feedback);
        }
        active.updated_at = Set(Utc::now());
        let interview = active.update(&txn).await?;
        txn.commit().await?;
        Ok(interview)
    }
}
