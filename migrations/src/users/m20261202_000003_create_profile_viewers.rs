//! Who may read a job seeker's profile besides them and admins: the
//! employers of the jobs they applied to, kept from `application.submitted`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000003_create_profile_viewers"
    }
}

#[derive(DeriveIden)]
enum ProfileViewers {
    Table,
    ApplicantId,
    EmployerId,
    GrantedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProfileViewers::Table)
                    .col(uuid(ProfileViewers::ApplicantId))
                    .col(uuid(ProfileViewers::EmployerId))
                    .col(timestamp_with_time_zone(ProfileViewers::GrantedAt))
                    .primary_key(Index::create().col(ProfileViewers::ApplicantId).col(ProfileViewers::EmployerId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProfileViewers::Table).to_owned()).await
    }
}
