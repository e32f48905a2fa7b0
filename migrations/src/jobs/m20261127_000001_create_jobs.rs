use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Name,
    Slug,
    Description,
    Website,
    LogoUrl,
    Industry,
    Size,
    FoundedYear,
    HqCity,
    HqRegion,
    HqCountryCode,
    IsVerified,
    IsSuspended,
    OwnerId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    Name,
    Slug,
    ParentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Skills {
    Table,
    Id,
    Name,
    Slug,
    Aliases,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    CompanyId,
    PostedById,
    Title,
    Description,
    Requirements,
    Responsibilities,
    EmploymentType,
    ExperienceLevel,
    RemotePolicy,
    SalaryMin,
    SalaryMax,
    SalaryCurrency,
    SalaryPeriod,
    SalaryYearlyMin,
    SalaryYearlyMax,
    Status,
    PublishedAt,
    ExpiresAt,
    ApplicationDeadline,
    MaxApplications,
    IsFeatured,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum JobLocations {
    Table,
    Id,
    JobId,
    Position,
    City,
    Region,
    CountryCode,
    Lat,
    Lon,
}

#[derive(DeriveIden)]
enum JobSkills {
    Table,
    JobId,
    SkillId,
    Required,
}

#[derive(DeriveIden)]
enum JobCategories {
    Table,
    JobId,
    CategoryId,
}

#[derive(DeriveIden)]
enum UserProfileCache {
    Table,
    Id,
    DisplayName,
    Role,
    IsVerified,
    IsActive,
    DeletedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .col(uuid(Companies::Id).primary_key())
                    .col(string_len(Companies::Name, 200))
                    .col(string_len(Companies::Slug, 80))
                    .col(text_null(Companies::Description))
                    .col(string_len_null(Companies::Website, 2048))
                    .col(string_len_null(Companies::LogoUrl, 2048))
                    .col(string_len_null(Companies::Industry, 100))
                    .col(string_len_null(Companies::Size, 20))
                    .col(integer_null(Companies::FoundedYear))
                    .col(string_len_null(Companies::HqCity, 100))
                    .col(string_len_null(Companies::HqRegion, 100))
                    .col(string_len_null(Companies::HqCountryCode, 2))
                    .col(boolean(Companies::IsVerified).default(false))
                    .col(boolean(Companies::IsSuspended).default(false))
                    .col(uuid(Companies::OwnerId))
                    .col(integer(Companies::Version).default(1))
                    .col(timestamp_with_time_zone(Companies::CreatedAt))
                    .col(timestamp_with_time_zone(Companies::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Companies::DeletedAt))
                    .col(uuid_null(Companies::DeletedBy))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&crate::unique_live_index("companies_slug_live", "companies", "slug")).await?;
        manager
            .create_index(
                Index::create().name("companies_owner").table(Companies::Table).col(Companies::OwnerId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(uuid(Categories::Id).primary_key())
                    .col(string_len(Categories::Name, 100))
                    .col(string_len(Categories::Slug, 80).unique_key())
                    .col(uuid_null(Categories::ParentId))
                    .col(timestamp_with_time_zone(Categories::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Categories::Table, Categories::ParentId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Skills::Table)
                    .col(uuid(Skills::Id).primary_key())
                    .col(string_len(Skills::Name, 100))
                    .col(string_len(Skills::Slug, 80).unique_key())
                    .col(json_binary(Skills::Aliases))
                    .col(timestamp_with_time_zone(Skills::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(uuid(Jobs::Id).primary_key())
                    .col(uuid(Jobs::CompanyId))
                    .col(uuid(Jobs::PostedById))
                    .col(string_len(Jobs::Title, 200))
                    .col(text(Jobs::Description))
                    .col(text_null(Jobs::Requirements))
                    .col(text_null(Jobs::Responsibilities))
                    .col(string_len(Jobs::EmploymentType, 20))
                    .col(string_len(Jobs::ExperienceLevel, 20))
                    .col(string_len(Jobs::RemotePolicy, 20))
                    .col(big_integer_null(Jobs::SalaryMin))
                    .col(big_integer_null(Jobs::SalaryMax))
                    .col(string_len_null(Jobs::SalaryCurrency, 3))
                    .col(string_len_null(Jobs::SalaryPeriod, 10))
                    .col(big_integer_null(Jobs::SalaryYearlyMin))
                    .col(big_integer_null(Jobs::SalaryYearlyMax))
                    .col(string_len(Jobs::Status, 20))
                    .col(timestamp_with_time_zone_null(Jobs::PublishedAt))
                    .col(timestamp_with_time_zone_null(Jobs::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Jobs::ApplicationDeadline))
                    .col(integer_null(Jobs::MaxApplications))
                    .col(boolean(Jobs::IsFeatured).default(false))
                    .col(integer(Jobs::Version).default(1))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .col(timestamp_with_time_zone(Jobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Jobs::DeletedAt))
                    .col(uuid_null(Jobs::DeletedBy))
                    .foreign_key(
                        ForeignKey::create().from(Jobs::Table, Jobs::CompanyId).to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("jobs_company", vec![Jobs::CompanyId]),
            ("jobs_posted_by", vec![Jobs::PostedById]),
            ("jobs_status_published", vec![Jobs::Status, Jobs::PublishedAt]),
            ("jobs_status_expires", vec![Jobs::Status, Jobs::ExpiresAt]),
        ] {
            let mut index = Index::create().name(name).table(Jobs::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(JobLocations::Table)
                    .col(uuid(JobLocations::Id).primary_key())
                    .col(uuid(JobLocations::JobId))
                    .col(integer(JobLocations::Position))
                    .col(string_len(JobLocations::City, 100))
                    .col(string_len_null(JobLocations::Region, 100))
                    .col(string_len(JobLocations::CountryCode, 2))
                    .col(double_null(JobLocations::Lat))
                    .col(double_null(JobLocations::Lon))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobLocations::Table, JobLocations::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("job_locations_job")
                    .table(JobLocations::Table)
                    .col(JobLocations::JobId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("job_locations_country")
                    .table(JobLocations::Table)
                    .col(JobLocations::CountryCode)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobSkills::Table)
                    .col(uuid(JobSkills::JobId))
                    .col(uuid(JobSkills::SkillId))
                    .col(boolean(JobSkills::Required).default(true))
                    .primary_key(Index::create().col(JobSkills::JobId).col(JobSkills::SkillId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobSkills::Table, JobSkills::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create().from(JobSkills::Table, JobSkills::SkillId).to(Skills::Table, Skills::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("job_skills_skill").table(JobSkills::Table).col(JobSkills::SkillId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(JobCategories::Table)
                    .col(uuid(JobCategories::JobId))
                    .col(uuid(JobCategories::CategoryId))
                    .primary_key(Index::create().col(JobCategories::JobId).col(JobCategories::CategoryId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobCategories::Table, JobCategories::JobId)
                            .to(Jobs::Table, Jobs::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobCategories::Table, JobCategories::CategoryId)
                            .to(Categories::Table, Categories::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("job_categories_category")
                    .table(JobCategories::Table)
                    .col(JobCategories::CategoryId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserProfileCache::Table)
                    .col(uuid(UserProfileCache::Id).primary_key())
                    .col(string_len(UserProfileCache::DisplayName, 201))
                    .col(string_len(UserProfileCache::Role, 20))
                    .col(boolean(UserProfileCache::IsVerified).default(false))
                    .col(boolean(UserProfileCache::IsActive).default(true))
                    .col(timestamp_with_time_zone_null(UserProfileCache::DeletedAt))
                    .col(timestamp_with_time_zone(UserProfileCache::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UserProfileCache::Table.into_iden(),
            JobCategories::Table.into_iden(),
            JobSkills::Table.into_iden(),
            JobLocations::Table.into_iden(),
            Jobs::Table.into_iden(),
            Skills::Table.into_iden(),
            Categories::Table.into_iden(),
            Companies::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
