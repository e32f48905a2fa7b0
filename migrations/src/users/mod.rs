//! Migrations of the users service.

use sea_orm_migration::prelude::*;

mod m20261127_000001_create_users;
mod m20261202_000001_create_failed_logins;
mod m20261202_000003_create_profile_viewers;
mod m20261203_000001_add_user_locale;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_users::Migration),
            Box::new(crate::m20261127_000002_event_tables::Migration),
            Box::new(crate::m20261201_000001_index_processed_events_by_age::Migration),
            Box::new(m20261202_000001_create_failed_logins::Migration),
            Box::new(crate::m20261202_000002_token_revocations::Migration),
            Box::new(m20261202_000003_create_profile_viewers::Migration),
            Box::new(m20261203_000001_add_user_locale::Migration),
        ]
    }
}
