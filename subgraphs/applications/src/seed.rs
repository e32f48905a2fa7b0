//! Demo applications for `jobgraph seed --demo`: applications at every
//! stage of the pipeline, with their history, interviews and notes.

use chrono::{Duration, Utc};
use jobgraph_shared::Result;
use jobgraph_shared::events::payloads::{ApplicationSubmitted, JobSnapshot};
use sea_orm::{DatabaseConnection, EntityTrait, Set, TransactionTrait};
use uuid::Uuid;

use crate::domain::events::OUTBOX;
use crate::domain::job_events::remember;
use crate::entities::enums::{ApplicationStatus, InterviewStatus, InterviewType};
use crate::entities::{application, interview, recruiter_note, status_change};

const PIPELINE: [ApplicationStatus; 5] = [
    ApplicationStatus::Applied,
    ApplicationStatus::Screening,
    ApplicationStatus::Interview,
    ApplicationStatus::Offer,
    ApplicationStatus::Hired,
];

/// The statuses the demo cycles through: every stage, and both exits.
const STAGES: [ApplicationStatus; 7] = [
    ApplicationStatus::Applied,
    ApplicationStatus::Screening,
    ApplicationStatus::Interview,
    ApplicationStatus::Offer,
    ApplicationStatus::Hired,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
];

/// Caches `jobs` (as their job.created events would) and makes `per_job`
/// applications by `seekers` to each; returns how many.
pub async fn seed_demo(
    db: &DatabaseConnection,
    jobs: &[JobSnapshot],
    seekers: &[Uuid],
    per_job: usize,
    progress: impl Fn(),
) -> Result<usize> {
    let txn = db.begin().await?;
    let mut rng = fastrand::Rng::with_seed(7);
    let (mut applications, mut history, mut interviews, mut notes) = (vec![], vec![], vec![], vec![]);
    let now = Utc::now();
    let mut made = 0;
    for job in jobs {
        remember(&txn, job).await.map_err(jobgraph_shared::Error::internal)?;
        let start = rng.usize(..seekers.len());
        for n in 0..per_job.min(seekers.len()) {
            let applicant = seekers[(start + n) % seekers.len()];
            let status = STAGES[made % STAGES.len()];
            let source = [None, Some("linkedin"), Some("newsletter")][made % 3].map(String::from);
            let id = Uuid::now_v7();
            let submitted_at = now - Duration::days(rng.i64(3..30));
            applications.push(application::ActiveModel {
                id: Set(id),
                job_id: Set(job.id),
                applicant_id: Set(applicant),
                company_id: Set(job.company_id),
                status: Set(status),
                cover_letter: Set(Some(format!("I would love to work on {}.", job.title))),
                resume_url: Set(None),
                expected_salary_amount: Set(Some(rng.i64(40..160) * 1000)),
                expected_salary_currency: Set(Some("EUR".into())),
                availability_date: Set(None),
                source: Set(source.clone()),
                idempotency_key: Set(None),
                submitted_at: Set(submitted_at),
                updated_at: Set(submitted_at),
                version: Set(1),
                deleted_at: Set(None),
                deleted_by: Set(None),
            });
            // The path to `status`: along the pipeline, then out if it left it.
            let mut path: Vec<ApplicationStatus> = PIPELINE.iter().copied().take_while(|s| *s != status).collect();
            let exit = matches!(status, ApplicationStatus::Rejected | ApplicationStatus::Withdrawn);
            if exit {
                path.truncate(1 + rng.usize(..3));
            }
            path.push(status);
            let mut from = None;
            for (step, to) in path.into_iter().enumerate() {
                let actor = if step == 0 || to == ApplicationStatus::Withdrawn { applicant } else { job.owner_id };
                history.push(status_change::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    application_id: Set(id),
                    from_status: Set(from),
                    to_status: Set(to),
                    actor_id: Set(actor),
                    reason: Set(None),
                    at: Set(submitted_at + Duration::hours(step as i64 * 20)),
                });
                from = Some(to);
            }
            if matches!(status, ApplicationStatus::Interview | ApplicationStatus::Offer | ApplicationStatus::Hired) {
                let upcoming = status == ApplicationStatus::Interview;
                let at = if upcoming { now + Duration::days(rng.i64(1..14)) } else { submitted_at + Duration::days(2) };
                interviews.push(interview::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    application_id: Set(id),
                    kind: Set(InterviewType::Video),
                    scheduled_at: Set(at),
                    duration_minutes: Set(45),
                    timezone: Set("Europe/Berlin".into()),
                    location: Set(None),
                    meeting_url: Set(Some("https://meet.example.com/jobgraph-demo".into())),
                    status: Set(if upcoming { InterviewStatus::Scheduled } else { InterviewStatus::Completed }),
                    feedback: Set((!upcoming).then(|| "Strong systems background.".to_string())),
                    created_at: Set(submitted_at),
                    updated_at: Set(submitted_at),
                });
                notes.push(recruiter_note::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    application_id: Set(id),
                    author_id: Set(job.owner_id),
                    body: Set("Good fit for the team; check references.".into()),
                    created_at: Set(submitted_at + Duration::hours(1)),
                });
            }
            let event = ApplicationSubmitted {
                application_id: id,
                job_id: job.id,
                company_id: job.company_id,
                applicant_id: applicant,
                job_owner_id: job.owner_id,
                job_title: job.title.clone(),
                submitted_at,
                source,
            };
            OUTBOX.record(&txn, Some(applicant), &event).await?;
            made += 1;
        }
        progress();
    }
    for chunk in applications.chunks(200) {
        application::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in history.chunks(200) {
        status_change::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in interviews.chunks(200) {
        interview::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    for chunk in notes.chunks(200) {
        recruiter_note::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(made)
}
