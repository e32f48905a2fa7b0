use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::text;

use super::inputs::{ApplyToJobInput, ScheduleInterviewInput};
use super::service;
use super::types::{Application, Interview, RecruiterNote};
use crate::domain::Party;
use crate::entities::enums::{ApplicationStatus, InterviewStatus};

#[derive(Default)]
pub struct Mutation;

fn as_applicant(model: crate::entities::application::Model) -> Application {
    Application { party: Party::Applicant(model.applicant_id), model }
}

/// The application as `caller` sees it after their change.
async fn seen_by(ctx: &Context<'_>, model: crate::entities::application::Model) -> Result<Application> {
    let caller = Caller::of(ctx);
    let party = crate::domain::party(&service(ctx)?.db, &caller, &model).await?;
    let party = party.unwrap_or(Party::Applicant(model.applicant_id));
    Ok(Application { model, party })
}

fn employer_view(model: crate::entities::interview::Model) -> Interview {
    Interview { model, employer_view: true }
}

#[Object]
impl Mutation {
    /// Applies to an open job (job seekers only). With an `idempotencyKey`, a
    /// retried request returns the application the first one made.
    async fn apply_to_job(&self, ctx: &Context<'_>, input: ApplyToJobInput) -> Result<Application> {
        let model = service(ctx)?.apply(&Caller::of(ctx), input.into_submission()?).await?;
        Ok(as_applicant(model))
    }

    /// The applicant withdraws their application (final).
    async fn withdraw_application(&self, ctx: &Context<'_>, id: ID, reason: Option<String>) -> Result<Application> {
        let id = text::id("id", &id)?;
        let model = service(ctx)?.move_application(&Caller::of(ctx), id, ApplicationStatus::Withdrawn, reason).await?;
        seen_by(ctx, model).await
    }

    /// The employer moves an application to the pipeline's next stage or to
    /// REJECTED; the applicant may only move it to WITHDRAWN.
    async fn move_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
        to: ApplicationStatus,
        reason: Option<String>,
    ) -> Result<Application> {
        let id = text::id("id", &id)?;
        let model = service(ctx)?.move_application(&Caller::of(ctx), id, to, reason).await?;
        seen_by(ctx, model).await
    }

    /// An employer's note on an application; the applicant never sees it.
    async fn add_recruiter_note(&self, ctx: &Context<'_>, application_id: ID, body: String) -> Result<RecruiterNote> {
        let id = text::id("applicationId", &application_id)?;
        Ok(RecruiterNote(service(ctx)?.add_note(&Caller::of(ctx), id, &body).await?))
    }

    /// Soft-deletes an application (its applicant or an admin).
    async fn delete_application(&self, ctx: &Context<'_>, id: ID) -> Result<Application> {
        let model = service(ctx)?.delete_application(&Caller::of(ctx), text::id("id", &id)?).await?;
        seen_by(ctx, model).await
    }

    /// Undoes a soft delete (admins only).
    async fn restore_application(&self, ctx: &Context<'_>, id: ID) -> Result<Application> {
        let model = service(ctx)?.restore_application(&Caller::of(ctx), text::id("id", &id)?).await?;
        seen_by(ctx, model).await
    }

    /// Schedules an interview for an application at the INTERVIEW stage (the employer).
    async fn schedule_interview(&self, ctx: &Context<'_>, input: ScheduleInterviewInput) -> Result<Interview> {
        let (application, slot) = input.into_slot()?;
        Ok(employer_view(service(ctx)?.schedule_interview(&Caller::of(ctx), application, slot).await?))
    }

    async fn reschedule_interview(
        &self,
        ctx: &Context<'_>,
        id: ID,
        scheduled_at: DateTime<Utc>,
        duration_minutes: Option<i32>,
        timezone: Option<String>,
    ) -> Result<Interview> {
        let id = text::id("id", &id)?;
        let service = service(ctx)?;
        let model =
            service.reschedule_interview(&Caller::of(ctx), id, scheduled_at, duration_minutes, timezone).await?;
        Ok(employer_view(model))
    }

    async fn cancel_interview(&self, ctx: &Context<'_>, id: ID, reason: Option<String>) -> Result<Interview> {
        let id = text::id("id", &id)?;
        Ok(employer_view(service(ctx)?.cancel_interview(&Caller::of(ctx), id, reason).await?))
    }

    /// Marks an interview held, with the employer's feedback (never shown to the applicant).
    async fn complete_interview(&self, ctx: &Context<'_>, id: ID, feedback: Option<String>) -> Result<Interview> {
        let id = text::id("id", &id)?;
        let service = service(ctx)?;
        Ok(employer_view(service.conclude_interview(&Caller::of(ctx), id, InterviewStatus::Completed, feedback).await?))
    }

    /// The applicant did not come.
    async fn mark_interview_no_show(&self, ctx: &Context<'_>, id: ID, feedback: Option<String>) -> Result<Interview> {
        let id = text::id("id", &id)?;
        let service = service(ctx)?;
        Ok(employer_view(service.conclude_interview(&Caller::of(ctx), id, InterviewStatus::NoShow, feedback).await?))
    }
}
