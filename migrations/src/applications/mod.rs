//! Migrations of the applications service.

use sea_orm_migration::prelude::*;

mod m20261127_000001_create_applications;
mod m20261202_000001_create_company_cache;
mod m20261204_000001_application_source;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_applications::Migration),
            Box::new(crate::m20261127_000002_event_tables::Migration),
            Box::new(crate::m20261201_000001_index_processed_events_by_age::Migration),
            Box::new(m20261202_000001_create_company_cache::Migration),
            Box::new(crate::m20261202_000002_token_revocations::Migration),
            Box::new(m20261204_000001_application_source::Migration),
        ]
    }
}
