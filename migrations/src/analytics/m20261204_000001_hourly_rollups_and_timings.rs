//! Hourly rollups beside the daily ones (stats in another timezone are
//! summed from hours), the users active per day, and the times behind
//! time to first application and time to hire: each application's
//! submission and hire, and when each job was published.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobHourly {
    Table,
    JobId,
    Hour,
    Metric,
    Value,
}

#[derive(DeriveIden)]
enum PlatformHourly {
    Table,
    Hour,
    Metric,
    Value,
}

#[derive(DeriveIden)]
enum ActiveUsers {
    Table,
    Day,
    UserId,
}

#[derive(DeriveIden)]
enum ApplicationSubmissions {
    Table,
    ApplicationId,
    JobId,
    CompanyId,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ApplicationHires {
    Table,
    ApplicationId,
    HiredAt,
}

#[derive(DeriveIden)]
enum AnalyticsJobs {
    Table,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobHourly::Table)
                    .col(uuid(JobHourly::JobId))
                    // The UTC hour, YYYY-MM-DDTHH: the same on every engine, and it sorts.
                    .col(string(JobHourly::Hour))
                    .col(string(JobHourly::Metric))
                    .col(big_integer(JobHourly::Value))
                    .primary_key(Index::create().col(JobHourly::JobId).col(JobHourly::Hour).col(JobHourly::Metric))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlatformHourly::Table)
                    .col(string(PlatformHourly::Hour))
                    .col(string(PlatformHourly::Metric))
                    .col(big_integer(PlatformHourly::Value))
                    .primary_key(Index::create().col(PlatformHourly::Hour).col(PlatformHourly::Metric))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActiveUsers::Table)
                    .col(string(ActiveUsers::Day))
                    .col(uuid(ActiveUsers::UserId))
                    .primary_key(Index::create().col(ActiveUsers::Day).col(ActiveUsers::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationSubmissions::Table)
                    .col(uuid(ApplicationSubmissions::ApplicationId).primary_key())
                    .col(uuid(ApplicationSubmissions::JobId))
                    .col(uuid(ApplicationSubmissions::CompanyId))
                    .col(timestamp_with_time_zone(ApplicationSubmissions::SubmittedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("application_submissions_by_company")
                    .table(ApplicationSubmissions::Table)
                    .col(ApplicationSubmissions::CompanyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationHires::Table)
                    .col(uuid(ApplicationHires::ApplicationId).primary_key())
                    .col(timestamp_with_time_zone(ApplicationHires::HiredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AnalyticsJobs::Table)
                    .add_column(timestamp_with_time_zone_null(AnalyticsJobs::PublishedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(AnalyticsJobs::Table).drop_column(AnalyticsJobs::PublishedAt).to_owned())
            .await?;
        for table in [
            JobHourly::Table.into_iden(),
            PlatformHourly::Table.into_iden(),
            ActiveUsers::Table.into_iden(),
            ApplicationSubmissions::Table.into_iden(),
            ApplicationHires::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
