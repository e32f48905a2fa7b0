//! Saved searches, and the alerts sent for them: one per saved search and
//! job, whichever replica's index matched the job first.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SavedSearches {
    Table,
    Id,
    UserId,
    Name,
    Query,
    Filter,
    Frequency,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AlertsSent {
    Table,
    SavedSearchId,
    JobId,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SavedSearches::Table)
                    .col(uuid(SavedSearches::Id).primary_key())
                    .col(uuid(SavedSearches::UserId))
                    .col(string(SavedSearches::Name))
                    .col(string(SavedSearches::Query))
                    .col(text_null(SavedSearches::Filter))
                    .col(string(SavedSearches::Frequency))
                    .col(timestamp_with_time_zone(SavedSearches::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("saved_searches_by_user")
                    .table(SavedSearches::Table)
                    .col(SavedSearches::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertsSent::Table)
                    .col(uuid(AlertsSent::SavedSearchId))
                    .col(uuid(AlertsSent::JobId))
                    .col(timestamp_with_time_zone(AlertsSent::SentAt))
                    .primary_key(Index::create().col(AlertsSent::SavedSearchId).col(AlertsSent::JobId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AlertsSent::Table, AlertsSent::SavedSearchId)
                            .to(SavedSearches::Table, SavedSearches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AlertsSent::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SavedSearches::Table).to_owned()).await
    }
}
