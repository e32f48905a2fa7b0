//! DataLoaders: every entity and relation is read in batches, one statement
//! per batch, never one per row.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use jobgraph_shared::Error;
use jobgraph_shared::loader::ById;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::{profile_viewer, seeker_profile, user};

pub type UserLoader = ById<user::Entity>;
pub type SeekerProfileLoader = ById<seeker_profile::Entity>;

/// May the employer read the applicant's profile? Keys are (applicant,
/// employer); a batch is one statement.
pub struct ProfileViewerLoader(pub DatabaseConnection);

impl Loader<(Uuid, Uuid)> for ProfileViewerLoader {
    type Value = bool;
    type Error = Error;

    async fn load(&self, keys: &[(Uuid, Uuid)]) -> Result<HashMap<(Uuid, Uuid), bool>, Error> {
        let grants = profile_viewer::Entity::find()
            .filter(profile_viewer::Column::ApplicantId.is_in(keys.iter().map(|(applicant, _)| *applicant)))
            .filter(profile_viewer::Column::EmployerId.is_in(keys.iter().map(|(_, employer)| *employer)))
            .all(&self.0)
            .await?;
        Ok(grants.into_iter().map(|grant| ((grant.applicant_id, grant.employer_id), true)).collect())
    }
}
