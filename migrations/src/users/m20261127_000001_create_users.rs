use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    FirstName,
    LastName,
    Role,
    Phone,
    DateOfBirth,
    AvatarUrl,
    Bio,
    IsVerified,
    IsActive,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum SeekerProfiles {
    Table,
    UserId,
    Headline,
    Summary,
    Location,
    YearsExperience,
    Skills,
    LinkedinUrl,
    GithubUrl,
    OpenToWork,
    DesiredSalaryAmount,
    DesiredSalaryCurrency,
    DesiredRemotePolicy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    CreatedAt,
    UsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    .col(string_len(Users::Email, 254))
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::FirstName, 100))
                    .col(string_len(Users::LastName, 100))
                    .col(string_len(Users::Role, 20))
                    .col(string_len_null(Users::Phone, 32))
                    .col(date_null(Users::DateOfBirth))
                    .col(string_len_null(Users::AvatarUrl, 2048))
                    .col(text_null(Users::Bio))
                    .col(boolean(Users::IsVerified).default(false))
                    .col(boolean(Users::IsActive).default(true))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Users::DeletedAt))
                    .col(uuid_null(Users::DeletedBy))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&crate::unique_live_index("users_email_live", "users", "email")).await?;
        manager
            .create_index(Index::create().name("users_created_at").table(Users::Table).col(Users::CreatedAt).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SeekerProfiles::Table)
                    .col(uuid(SeekerProfiles::UserId).primary_key())
                    .col(string_len_null(SeekerProfiles::Headline, 200))
                    .col(text_null(SeekerProfiles::Summary))
                    .col(string_len_null(SeekerProfiles::Location, 200))
                    .col(integer_null(SeekerProfiles::YearsExperience))
                    .col(json_binary(SeekerProfiles::Skills))
                    .col(string_len_null(SeekerProfiles::LinkedinUrl, 2048))
                    .col(string_len_null(SeekerProfiles::GithubUrl, 2048))
                    .col(boolean(SeekerProfiles::OpenToWork).default(false))
                    .col(big_integer_null(SeekerProfiles::DesiredSalaryAmount))
                    .col(string_len_null(SeekerProfiles::DesiredSalaryCurrency, 3))
                    .col(string_len_null(SeekerProfiles::DesiredRemotePolicy, 20))
                    .col(timestamp_with_time_zone(SeekerProfiles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SeekerProfiles::Table, SeekerProfiles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid(RefreshTokens::Id).primary_key())
                    .col(uuid(RefreshTokens::UserId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len(RefreshTokens::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in
            [("refresh_tokens_family", RefreshTokens::FamilyId), ("refresh_tokens_user", RefreshTokens::UserId)]
        {
            manager.create_index(Index::create().name(name).table(RefreshTokens::Table).col(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RefreshTokens::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SeekerProfiles::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
