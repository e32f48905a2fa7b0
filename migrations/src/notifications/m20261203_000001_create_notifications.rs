//! The notifications service's tables: the notifications themselves (in-app
//! ones form the feed; email ones are deliveries with their state), the
//! users' preferences and delivery settings, versioned templates, the daily
//! digests sent, and the caches kept from other services' events.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Category,
    Channel,
    Title,
    Body,
    Link,
    ApplicationId,
    JobId,
    InterviewId,
    Status,
    CreatedAt,
    ReadAt,
    EmailTo,
    EmailHtml,
    Digest,
    DeliverAfter,
    Attempts,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Category,
    Channel,
    Enabled,
    Frequency,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    Timezone,
    QuietStart,
    QuietEnd,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Id,
    Key,
    Channel,
    Locale,
    Version,
    Subject,
    TextBody,
    HtmlBody,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DigestsSent {
    Table,
    UserId,
    Day,
    SentAt,
}

#[derive(DeriveIden)]
enum UserCache {
    Table,
    UserId,
    Email,
    FirstName,
    LastName,
    Role,
    Locale,
    DeletedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum JobCache {
    Table,
    JobId,
    CompanyId,
    OwnerId,
    Title,
    Status,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationCache {
    Table,
    ApplicationId,
    JobId,
    ApplicantId,
    Status,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(string(Notifications::Category))
                    .col(string(Notifications::Channel))
                    .col(string(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(string_null(Notifications::Link))
                    .col(uuid_null(Notifications::ApplicationId))
                    .col(uuid_null(Notifications::JobId))
                    .col(uuid_null(Notifications::InterviewId))
                    .col(string(Notifications::Status))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(string_null(Notifications::EmailTo))
                    .col(text_null(Notifications::EmailHtml))
                    .col(boolean(Notifications::Digest).default(false))
                    .col(timestamp_with_time_zone_null(Notifications::DeliverAfter))
                    .col(integer(Notifications::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(Notifications::SentAt))
                    .col(text_null(Notifications::LastError))
                    .to_owned(),
            )
            .await?;
        // The feed and the unread count: a user's notifications of a channel, newest first.
        manager
            .create_index(
                Index::create()
                    .name("notifications_by_user")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::Channel)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // The email sender's queue.
        manager
            .create_index(
                Index::create()
                    .name("notifications_to_send")
                    .table(Notifications::Table)
                    .col(Notifications::Channel)
                    .col(Notifications::Status)
                    .col(Notifications::DeliverAfter)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(uuid(NotificationPreferences::UserId))
                    .col(string(NotificationPreferences::Category))
                    .col(string(NotificationPreferences::Channel))
                    .col(boolean(NotificationPreferences::Enabled))
                    .col(string(NotificationPreferences::Frequency))
                    .col(timestamp_with_time_zone(NotificationPreferences::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(NotificationPreferences::UserId)
                            .col(NotificationPreferences::Category)
                            .col(NotificationPreferences::Channel),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationSettings::Table)
                    .col(uuid(NotificationSettings::UserId).primary_key())
                    .col(string(NotificationSettings::Timezone))
                    .col(integer_null(NotificationSettings::QuietStart))
                    .col(integer_null(NotificationSettings::QuietEnd))
                    .col(timestamp_with_time_zone(NotificationSettings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(uuid(Templates::Id).primary_key())
                    .col(string(Templates::Key))
                    .col(string(Templates::Channel))
                    .col(string(Templates::Locale))
                    .col(integer(Templates::Version))
                    .col(text(Templates::Subject))
                    .col(text(Templates::TextBody))
                    .col(text(Templates::HtmlBody))
                    .col(uuid(Templates::CreatedBy))
                    .col(timestamp_with_time_zone(Templates::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("templates_version_unique")
                    .table(Templates::Table)
                    .col(Templates::Key)
                    .col(Templates::Channel)
                    .col(Templates::Locale)
                    .col(Templates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DigestsSent::Table)
                    .col(uuid(DigestsSent::UserId))
                    .col(string(DigestsSent::Day))
                    .col(timestamp_with_time_zone(DigestsSent::SentAt))
                    .primary_key(Index::create().col(DigestsSent::UserId).col(DigestsSent::Day))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserCache::Table)
                    .col(uuid(UserCache::UserId).primary_key())
                    .col(string(UserCache::Email))
                    .col(string(UserCache::FirstName))
                    .col(string(UserCache::LastName))
                    .col(string(UserCache::Role))
                    .col(string_null(UserCache::Locale))
                    .col(timestamp_with_time_zone_null(UserCache::DeletedAt))
                    .col(timestamp_with_time_zone(UserCache::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobCache::Table)
                    .col(uuid(JobCache::JobId).primary_key())
                    .col(uuid(JobCache::CompanyId))
                    .col(uuid(JobCache::OwnerId))
                    .col(string(JobCache::Title))
                    .col(string(JobCache::Status))
                    .col(integer(JobCache::Version))
                    .col(timestamp_with_time_zone(JobCache::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApplicationCache::Table)
                    .col(uuid(ApplicationCache::ApplicationId).primary_key())
                    .col(uuid(ApplicationCache::JobId))
                    .col(uuid(ApplicationCache::ApplicantId))
                    .col(string(ApplicationCache::Status))
                    .col(timestamp_with_time_zone(ApplicationCache::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("application_cache_by_job")
                    .table(ApplicationCache::Table)
                    .col(ApplicationCache::JobId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
            NotificationSettings::Table.into_iden(),
            Templates::Table.into_iden(),
            DigestsSent::Table.into_iden(),
            UserCache::Table.into_iden(),
            JobCache::Table.into_iden(),
            ApplicationCache::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
