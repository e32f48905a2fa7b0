//! The search service's own records: every first page searched (the
//! signed-in user's history, and the statistics admins read) and the
//! results clicked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchQueries {
    Table,
    Id,
    UserId,
    Query,
    Filter,
    ResultCount,
    Day,
    SearchedAt,
}

#[derive(DeriveIden)]
enum SearchClicks {
    Table,
    Id,
    SearchId,
    JobId,
    Position,
    Day,
    ClickedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchQueries::Table)
                    .col(uuid(SearchQueries::Id).primary_key())
                    // Cleared when the user clears their history: the statistics keep the query.
                    .col(uuid_null(SearchQueries::UserId))
                    .col(string(SearchQueries::Query))
                    .col(text_null(SearchQueries::Filter))
                    .col(big_integer(SearchQueries::ResultCount))
                    // The UTC day (YYYY-MM-DD), for statistics by day on any engine.
                    .col(string(SearchQueries::Day))
                    .col(timestamp_with_time_zone(SearchQueries::SearchedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("search_queries_by_user")
                    .table(SearchQueries::Table)
                    .col(SearchQueries::UserId)
                    .col(SearchQueries::SearchedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("search_queries_by_day")
                    .table(SearchQueries::Table)
                    .col(SearchQueries::Day)
                    .col(SearchQueries::Query)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchClicks::Table)
                    .col(uuid(SearchClicks::Id).primary_key())
                    .col(uuid(SearchClicks::SearchId))
                    .col(uuid(SearchClicks::JobId))
                    .col(integer(SearchClicks::Position))
                    .col(string(SearchClicks::Day))
                    .col(timestamp_with_time_zone(SearchClicks::ClickedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SearchClicks::Table, SearchClicks::SearchId)
                            .to(SearchQueries::Table, SearchQueries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One click per result of a search: a double click counts once.
        manager
            .create_index(
                Index::create()
                    .name("search_clicks_once")
                    .table(SearchClicks::Table)
                    .col(SearchClicks::SearchId)
                    .col(SearchClicks::JobId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("search_clicks_by_day")
                    .table(SearchClicks::Table)
                    .col(SearchClicks::Day)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SearchClicks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SearchQueries::Table).to_owned()).await
    }
}
