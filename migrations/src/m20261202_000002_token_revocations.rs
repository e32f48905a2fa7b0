//! Every service's `token_revocations`: per user, the time before which
//! their access tokens are refused (a deactivation, deletion, role or
//! password change). users writes it; the others keep it from
//! `user.sessions_revoked` events.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000002_token_revocations"
    }
}

#[derive(DeriveIden)]
enum TokenRevocations {
    Table,
    UserId,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TokenRevocations::Table)
                    .col(uuid(TokenRevocations::UserId).primary_key())
                    .col(timestamp_with_time_zone(TokenRevocations::RevokedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TokenRevocations::Table).to_owned()).await
    }
}
