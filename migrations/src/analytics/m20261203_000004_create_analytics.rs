//! Tracked events, daily rollups by job and for the platform (a row per
//! day and metric, so one upsert writes any mix of counts), the visitors
//! seen per job and day (unique viewers), the daily salts of the visitor
//! hash, and the owners of jobs and companies.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrackedEvents {
    Table,
    Id,
    Kind,
    UserId,
    VisitorId,
    SessionId,
    JobId,
    CompanyId,
    Properties,
    UtmSource,
    UtmMedium,
    UtmCampaign,
    Referrer,
    OccurredAt,
}

#[derive(DeriveIden)]
enum JobDaily {
    Table,
    JobId,
    Day,
    Metric,
    Value,
}

#[derive(DeriveIden)]
enum PlatformDaily {
    Table,
    Day,
    Metric,
    Value,
}

#[derive(DeriveIden)]
enum JobVisitors {
    Table,
    JobId,
    Day,
    VisitorId,
}

#[derive(DeriveIden)]
enum VisitorSalts {
    Table,
    Day,
    Salt,
}

#[derive(DeriveIden)]
enum AnalyticsJobs {
    Table,
    JobId,
    CompanyId,
    OwnerId,
}

#[derive(DeriveIden)]
enum AnalyticsCompanies {
    Table,
    CompanyId,
    OwnerId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrackedEvents::Table)
                    .col(uuid(TrackedEvents::Id).primary_key())
                    .col(string(TrackedEvents::Kind))
                    .col(uuid_null(TrackedEvents::UserId))
                    .col(string(TrackedEvents::VisitorId))
                    .col(string(TrackedEvents::SessionId))
                    .col(uuid_null(TrackedEvents::JobId))
                    .col(uuid_null(TrackedEvents::CompanyId))
                    .col(text(TrackedEvents::Properties))
                    .col(string_null(TrackedEvents::UtmSource))
                    .col(string_null(TrackedEvents::UtmMedium))
                    .col(string_null(TrackedEvents::UtmCampaign))
                    .col(string_null(TrackedEvents::Referrer))
                    .col(timestamp_with_time_zone(TrackedEvents::OccurredAt))
                    .to_owned(),
            )
            .await?;
        // Pruning by age.
        manager
            .create_index(
                Index::create()
                    .name("tracked_events_by_age")
                    .table(TrackedEvents::Table)
                    .col(TrackedEvents::OccurredAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobDaily::Table)
                    .col(uuid(JobDaily::JobId))
                    // The UTC day, YYYY-MM-DD: the same on every engine, and it sorts.
                    .col(string(JobDaily::Day))
                    .col(string(JobDaily::Metric))
                    .col(big_integer(JobDaily::Value))
                    .primary_key(Index::create().col(JobDaily::JobId).col(JobDaily::Day).col(JobDaily::Metric))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlatformDaily::Table)
                    .col(string(PlatformDaily::Day))
                    .col(string(PlatformDaily::Metric))
                    .col(big_integer(PlatformDaily::Value))
                    .primary_key(Index::create().col(PlatformDaily::Day).col(PlatformDaily::Metric))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobVisitors::Table)
                    .col(uuid(JobVisitors::JobId))
                    .col(string(JobVisitors::Day))
                    .col(string(JobVisitors::VisitorId))
                    .primary_key(
                        Index::create().col(JobVisitors::JobId).col(JobVisitors::Day).col(JobVisitors::VisitorId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VisitorSalts::Table)
                    .col(string(VisitorSalts::Day).primary_key())
                    .col(string(VisitorSalts::Salt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsJobs::Table)
                    .col(uuid(AnalyticsJobs::JobId).primary_key())
                    .col(uuid(AnalyticsJobs::CompanyId))
                    .col(uuid(AnalyticsJobs::OwnerId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("analytics_jobs_by_company")
                    .table(AnalyticsJobs::Table)
                    .col(AnalyticsJobs::CompanyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnalyticsCompanies::Table)
                    .col(uuid(AnalyticsCompanies::CompanyId).primary_key())
                    .col(uuid(AnalyticsCompanies::OwnerId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrackedEvents::Table.into_iden(),
            JobDaily::Table.into_iden(),
            PlatformDaily::Table.into_iden(),
            JobVisitors::Table.into_iden(),
            VisitorSalts::Table.into_iden(),
            AnalyticsJobs::Table.into_iden(),
            AnalyticsCompanies::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
