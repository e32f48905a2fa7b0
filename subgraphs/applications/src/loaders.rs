//! DataLoaders: every entity and relation is read in batches, one statement
//! per batch, never one per row.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use jobgraph_shared::Error;
use jobgraph_shared::loader::{ByColumn, ById};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::entities::enums::ApplicationStatus;
use crate::entities::{application, interview, job_cache, recruiter_note, status_change};

pub type ApplicationLoader = ById<application::Entity>;
pub type JobCacheLoader = ById<job_cache::Entity>;
pub type HistoryLoader = ByColumn<status_change::Entity>;
pub type InterviewsLoader = ByColumn<interview::Entity>;
pub type NotesLoader = ByColumn<recruiter_note::Entity>;

/// Live, not withdrawn applications per job, in one grouped statement.
pub struct ApplicationCountLoader(pub DatabaseConnection);

impl Loader<Uuid> for ApplicationCountLoader {
    type Value = i64;
    type Error = Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, i64>, Error> {
        let counts: Vec<(Uuid, i64)> = application::Entity::find()
            .select_only()
            .column(application::Column::JobId)
            .column_as(application::Column::Id.count(), "count")
            .filter(application::Column::JobId.is_in(keys.iter().copied()))
            .filter(application::Column::DeletedAt.is_null())
            .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn))
            .group_by(application::Column::JobId)
            .into_tuple()
            .all(&self.0)
            .await?;
        Ok(counts.into_iter().collect())
    }
}

/// Adds every loader of the service to a schema under construction.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    db: &DatabaseConnection,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    let spawn = tokio::spawn;
    builder
        .data(DataLoader::new(ApplicationLoader::new(db.clone()), spawn))
        .data(DataLoader::new(JobCacheLoader::new(db.clone()), spawn))
        .data(DataLoader::new(
            HistoryLoader::new(db.clone(), status_change::Column::ApplicationId, Some(status_change::Column::At)),
            spawn,
        ))
        .data(DataLoader::new(
            InterviewsLoader::new(db.clone(), interview::Column::ApplicationId, Some(interview::Column::ScheduledAt)),
            spawn,
        ))
        .data(DataLoader::new(
            NotesLoader::new(
                db.clone(),
                recruiter_note::Column::ApplicationId,
                Some(recruiter_note::Column::CreatedAt),
            ),
            spawn,
        ))
        .data(DataLoader::new(ApplicationCountLoader(db.clone()), spawn))
}
