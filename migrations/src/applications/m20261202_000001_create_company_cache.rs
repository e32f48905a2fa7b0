//! applications' company cache: whether a company's jobs may take
//! applications (a suspended or deleted company's jobs take none), kept
//! from `company.*` events.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000001_create_company_cache"
    }
}

#[derive(DeriveIden)]
enum CompanyCache {
    Table,
    CompanyId,
    IsSuspended,
    DeletedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CompanyCache::Table)
                    .col(uuid(CompanyCache::CompanyId).primary_key())
                    .col(boolean(CompanyCache::IsSuspended))
                    .col(timestamp_with_time_zone_null(CompanyCache::DeletedAt))
                    .col(timestamp_with_time_zone(CompanyCache::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CompanyCache::Table).to_owned()).await
    }
}
