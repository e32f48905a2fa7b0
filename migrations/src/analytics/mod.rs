//! Migrations of the analytics service: the tracked events (raw, pruned
//! after a retention), the daily rollups (kept forever) and what it keeps
//! of jobs and companies to know their owners.

use sea_orm_migration::prelude::*;

mod m20261203_000004_create_analytics;
mod m20261204_000001_hourly_rollups_and_timings;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000004_create_analytics::Migration),
            Box::new(crate::m20261127_000002_event_tables::Migration),
            Box::new(crate::m20261201_000001_index_processed_events_by_age::Migration),
            Box::new(crate::m20261202_000002_token_revocations::Migration),
            Box::new(m20261204_000001_hourly_rollups_and_timings::Migration),
        ]
    }
}
