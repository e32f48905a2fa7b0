//! Failed sign-ins per account (by email, whether or not an account has it,
//! so a lock reveals nothing), shared by every users replica.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000001_create_failed_logins"
    }
}

#[derive(DeriveIden)]
enum FailedLogins {
    Table,
    Email,
    Failures,
    LastFailedAt,
    LockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FailedLogins::Table)
                    .col(string_len(FailedLogins::Email, 320).primary_key())
                    .col(integer(FailedLogins::Failures))
                    .col(timestamp_with_time_zone(FailedLogins::LastFailedAt))
                    .col(timestamp_with_time_zone_null(FailedLogins::LockedUntil))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(FailedLogins::Table).to_owned()).await
    }
}
