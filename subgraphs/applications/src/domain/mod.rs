//! The rules of the applications service, free of GraphQL types: applying,
//! the pipeline, history, notes, interviews, and the job cache fed by events.

pub mod applications;
pub mod events;
pub mod interviews;
pub mod job_events;

use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::{Error, Result};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::entities::{application, job_cache};

/// Everything the applications service needs at run time: cheap to clone.
#[derive(Clone)]
pub struct ApplicationsService {
    pub db: DatabaseConnection,
}

impl ApplicationsService {
    pub fn new(db: DatabaseConnection) -> Self {
        ApplicationsService { db }
    }
}

/// Who the caller is to an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// The job seeker who applied.
    Applicant(Uuid),
    /// The owner of the job's company: runs its pipeline.
    Employer(Uuid),
    Admin(Uuid),
}

impl Party {
    pub fn user_id(self) -> Uuid {
        match self {
            Party::Applicant(id) | Party::Employer(id) | Party::Admin(id) => id,
        }
    }

    /// The employer's side: the company owner, or an admin.
    pub fn is_employer_side(self) -> bool {
        matches!(self, Party::Employer(_) | Party::Admin(_))
    }
}

/// The caller's part in `application`, or None when they have none.
pub async fn party(
    db: &impl ConnectionTrait,
    caller: &Caller,
    application: &application::Model,
) -> Result<Option<Party>> {
    let Some(user) = caller.user_id() else { return Ok(None) };
    if caller.role() == Some(Role::Admin) || application.applicant_id == user {
        return Ok(party_given_owner(caller, application, None));
    }
    let owner = job_cache::Entity::find_by_id(application.job_id).one(db).await?.map(|job| job.owner_id);
    Ok(party_given_owner(caller, application, owner))
}

/// The caller's part in `application`, knowing who owns its job (`None`: unknown).
pub fn party_given_owner(caller: &Caller, application: &application::Model, owner: Option<Uuid>) -> Option<Party> {
    let user = caller.user_id()?;
    if caller.role() == Some(Role::Admin) {
        Some(Party::Admin(user))
    } else if application.applicant_id == user {
        Some(Party::Applicant(user))
    } else {
        (owner == Some(user)).then_some(Party::Employer(user))
    }
}

/// Who may see `application`, given the caller's part in it: its parties,
/// but a deleted one only its applicant and admins.
pub fn visible_to(application: &application::Model, party: Option<Party>) -> Option<Party> {
    match party {
        Some(Party::Employer(_)) if application.deleted_at.is_some() => None,
        other => other,
    }
}

/// May the caller run `job`'s pipeline (its company's owner, or an admin)?
pub fn runs_pipeline(caller: &Caller, job: &job_cache::Model) -> bool {
    caller.owns_or_admin(job.owner_id)
}

pub(crate) fn forbidden_unless_party(found: Option<Party>) -> Result<Party> {
    found.ok_or_else(|| Error::forbidden("this application is not yours, nor one to a job of yours"))
}
