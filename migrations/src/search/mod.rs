//! Migrations of the search service. Its index is rebuilt from events and
//! lives beside each replica; the database holds the shared tables.

use sea_orm_migration::prelude::*;

mod m20261203_000002_create_search_history;
mod m20261203_000003_create_saved_searches;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000002_create_search_history::Migration),
            Box::new(m20261203_000003_create_saved_searches::Migration),
            Box::new(crate::m20261127_000002_event_tables::Migration),
            Box::new(crate::m20261201_000001_index_processed_events_by_age::Migration),
            Box::new(crate::m20261202_000002_token_revocations::Migration),
        ]
    }
}
