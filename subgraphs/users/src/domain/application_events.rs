//! What users does with the events it consumes: `application.submitted`
//! lets the job's employer read the applicant's profile (DOMAIN.md:
//! employers see an applicant's profile only through an application to one
//! of their jobs), and `user.sessions_revoked` is users' own (already
//! recorded), so nothing else is kept.

use jobgraph_shared::events::payloads::ApplicationSubmitted;
use jobgraph_shared::events::{Envelope, Handler, Mode, Topic};
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::entities::profile_viewer;

/// The users service's consumer of `application-events`.
pub struct ApplicationEvents;

impl Handler for ApplicationEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Applications]
    }

    fn caches(&self) -> &'static [&'static str] {
        &["profile_viewers"]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, _mode: Mode) -> anyhow::Result<()> {
        if event.is::<ApplicationSubmitted>() {
            let submitted = event.decode::<ApplicationSubmitted>()?;
            let grant = profile_viewer::ActiveModel {
                applicant_id: Set(submitted.applicant_id),
                employer_id: Set(submitted.job_owner_id),
                granted_at: Set(submitted.submitted_at),
            };
            profile_viewer::Entity::insert(grant)
                .on_conflict(
                    OnConflict::columns([profile_viewer::Column::ApplicantId, profile_viewer::Column::EmployerId])
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }
}
