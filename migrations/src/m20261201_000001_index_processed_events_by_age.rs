//! Consumers prune `processed_events` by age (older than the topics keep
//! events, a redelivery cannot come): an index keeps that from scanning.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000001_index_processed_events_by_age"
    }
}

#[derive(DeriveIden)]
enum ProcessedEvents {
    Table,
    Consumer,
    ProcessedAt,
}

const INDEX: &str = "processed_events_by_age";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(ProcessedEvents::Table)
                    .col(ProcessedEvents::Consumer)
                    .col(ProcessedEvents::ProcessedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(ProcessedEvents::Table).to_owned()).await
    }
}
