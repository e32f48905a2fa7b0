use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    JobId,
    ApplicantId,
    CompanyId,
    Status,
    CoverLetter,
    ResumeUrl,
    ExpectedSalaryAmount,
    ExpectedSalaryCurrency,
    AvailabilityDate,
    IdempotencyKey,
    SubmittedAt,
    UpdatedAt,
    Version,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum StatusChanges {
    Table,
    Id,
    ApplicationId,
    FromStatus,
    ToStatus,
    ActorId,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
    ApplicationId,
    Kind,
    ScheduledAt,
    DurationMinutes,
    Timezone,
    Location,
    MeetingUrl,
    Status,
    Feedback,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RecruiterNotes {
    Table,
    Id,
    ApplicationId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JobCache {
    Table,
    JobId,
    CompanyId,
    OwnerId,
    Title,
    Status,
    ApplicationDeadline,
    ExpiresAt,
    MaxApplications,
    DeletedAt,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobCache::Table)
                    .col(uuid(JobCache::JobId).primary_key())
                    .col(uuid(JobCache::CompanyId))
                    .col(uuid(JobCache::OwnerId))
                    .col(string_len(JobCache::Title, 200))
                    .col(string_len(JobCache::Status, 20))
                    .col(timestamp_with_time_zone_null(JobCache::ApplicationDeadline))
                    .col(timestamp_with_time_zone_null(JobCache::ExpiresAt))
                    .col(integer_null(JobCache::MaxApplications))
                    .col(timestamp_with_time_zone_null(JobCache::DeletedAt))
                    .col(integer(JobCache::Version))
                    .col(timestamp_with_time_zone(JobCache::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Applications::Table)
                    .col(uuid(Applications::Id).primary_key())
                    .col(uuid(Applications::JobId))
                    .col(uuid(Applications::ApplicantId))
                    .col(uuid(Applications::CompanyId))
                    .col(string_len(Applications::Status, 20))
                    .col(text_null(Applications::CoverLetter))
                    .col(string_len_null(Applications::ResumeUrl, 2048))
                    .col(big_integer_null(Applications::ExpectedSalaryAmount))
                    .col(string_len_null(Applications::ExpectedSalaryCurrency, 3))
                    .col(date_null(Applications::AvailabilityDate))
                    .col(string_len_null(Applications::IdempotencyKey, 100))
                    .col(timestamp_with_time_zone(Applications::SubmittedAt))
                    .col(timestamp_with_time_zone(Applications::UpdatedAt))
                    .col(integer(Applications::Version).default(1))
                    .col(timestamp_with_time_zone_null(Applications::DeletedAt))
                    .col(uuid_null(Applications::DeletedBy))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // One live application per (job, applicant); deleted ones do not count.
        db.execute_unprepared(&crate::unique_live_index(
            "applications_job_applicant_live",
            "applications",
            "job_id, applicant_id",
        ))
        .await?;
        // A retried applyToJob with the same key finds the application it made.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX applications_idempotency ON applications (applicant_id, idempotency_key) WHERE idempotency_key IS NOT NULL",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("applications_job_status")
                    .table(Applications::Table)
                    .col(Applications::JobId)
                    .col(Applications::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StatusChanges::Table)
                    .col(uuid(StatusChanges::Id).primary_key())
                    .col(uuid(StatusChanges::ApplicationId))
                    .col(string_len_null(StatusChanges::FromStatus, 20))
                    .col(string_len(StatusChanges::ToStatus, 20))
                    .col(uuid(StatusChanges::ActorId))
                    .col(string_len_null(StatusChanges::Reason, 1000))
                    .col(timestamp_with_time_zone(StatusChanges::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StatusChanges::Table, StatusChanges::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("status_changes_application")
                    .table(StatusChanges::Table)
                    .col(StatusChanges::ApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Interviews::Table)
                    .col(uuid(Interviews::Id).primary_key())
                    .col(uuid(Interviews::ApplicationId))
                    .col(string_len(Interviews::Kind, 20))
                    .col(timestamp_with_time_zone(Interviews::ScheduledAt))
                    .col(integer(Interviews::DurationMinutes))
                    .col(string_len(Interviews::Timezone, 64))
                    .col(string_len_null(Interviews::Location, 300))
                    .col(string_len_null(Interviews::MeetingUrl, 2048))
                    .col(string_len(Interviews::Status, 20))
                    .col(text_null(Interviews::Feedback))
                    .col(timestamp_with_time_zone(Interviews::CreatedAt))
                    .col(timestamp_with_time_zone(Interviews::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Interviews::Table, Interviews::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("interviews_application")
                    .table(Interviews::Table)
                    .col(Interviews::ApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecruiterNotes::Table)
                    .col(uuid(RecruiterNotes::Id).primary_key())
                    .col(uuid(RecruiterNotes::ApplicationId))
                    .col(uuid(RecruiterNotes::AuthorId))
                    .col(text(RecruiterNotes::Body))
                    .col(timestamp_with_time_zone(RecruiterNotes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecruiterNotes::Table, RecruiterNotes::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recruiter_notes_application")
                    .table(RecruiterNotes::Table)
                    .col(RecruiterNotes::ApplicationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RecruiterNotes::Table.into_iden(),
            Interviews::Table.into_iden(),
            StatusChanges::Table.into_iden(),
            Applications::Table.into_iden(),
            JobCache::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
