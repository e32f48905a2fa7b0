//! DataLoaders: every entity and relation is read in batches, one statement
//! per batch, never one per row.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use jobgraph_shared::Error;
use jobgraph_shared::loader::{ByColumn, ByColumnWith, ById};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::{category, company, job, job_category, job_location, job_skill, skill};

pub type CompanyLoader = ById<company::Entity>;
pub type SkillLoader = ById<skill::Entity>;
pub type CategoryLoader = ById<category::Entity>;
pub type LocationsLoader = ByColumn<job_location::Entity>;
/// The children of categories, by parent.
pub type ChildCategoriesLoader = ByColumn<category::Entity>;
pub type JobSkillsLoader = ByColumnWith<job_skill::Entity, skill::Entity>;
pub type JobCategoriesLoader = ByColumnWith<job_category::Entity, category::Entity>;

/// Jobs with their company in one statement: deciding whether a job is
/// visible needs both.
pub struct JobWithCompanyLoader(pub DatabaseConnection);

impl Loader<Uuid> for JobWithCompanyLoader {
    type Value = (job::Model, Option<company::Model>);
    type Error = Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Error> {
        let rows = job::Entity::find()
            .filter(job::Column::Id.is_in(keys.iter().copied()))
            .find_also_related(company::Entity)
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|(job, company)| (job.id, (job, company))).collect())
    }
}

/// Adds every loader of the service to a schema under construction.
pub fn register<Q, M, S>(
    builder: async_graphql::SchemaBuilder<Q, M, S>,
    db: &DatabaseConnection,
) -> async_graphql::SchemaBuilder<Q, M, S> {
    let spawn = tokio::spawn;
    builder
        .data(DataLoader::new(JobWithCompanyLoader(db.clone()), spawn))
        .data(DataLoader::new(CompanyLoader::new(db.clone()), spawn))
        .data(DataLoader::new(SkillLoader::new(db.clone()), spawn))
        .data(DataLoader::new(CategoryLoader::new(db.clone()), spawn))
        .data(DataLoader::new(
            LocationsLoader::new(db.clone(), job_location::Column::JobId, Some(job_location::Column::Position)),
            spawn,
        ))
        .data(DataLoader::new(
            ChildCategoriesLoader::new(db.clone(), category::Column::ParentId, Some(category::Column::Name)),
            spawn,
        ))
        .data(DataLoader::new(JobSkillsLoader::new(db.clone(), job_skill::Column::JobId), spawn))
        .data(DataLoader::new(JobCategoriesLoader::new(db.clone(), job_category::Column::JobId), spawn))
}
