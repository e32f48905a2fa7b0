//! The event backbone's tables, the same in every service's database: the
//! transactional `outbox` and the consumers' `processed_events`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261127_000002_event_tables"
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    EventId,
    Topic,
    AggregateId,
    EventType,
    Payload,
    Traceparent,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum ProcessedEvents {
    Table,
    Consumer,
    EventId,
    ProcessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(big_integer(Outbox::Id).auto_increment().primary_key())
                    .col(uuid_uniq(Outbox::EventId))
                    .col(string_len(Outbox::Topic, 100))
                    .col(uuid(Outbox::AggregateId))
                    .col(string_len(Outbox::EventType, 100))
                    .col(text(Outbox::Payload))
                    .col(string_len_null(Outbox::Traceparent, 64))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .to_owned(),
            )
            .await?;
        // The relay's query: the oldest unsent rows. Stays small as rows are sent.
        manager
            .get_connection()
            .execute_unprepared("CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL")
            .await?;
        manager
            .create_index(Index::create().name("outbox_sent_at").table(Outbox::Table).col(Outbox::SentAt).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProcessedEvents::Table)
                    .col(string_len(ProcessedEvents::Consumer, 100))
                    .col(uuid(ProcessedEvents::EventId))
                    .col(timestamp_with_time_zone(ProcessedEvents::ProcessedAt))
                    .primary_key(Index::create().col(ProcessedEvents::Consumer).col(ProcessedEvents::EventId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProcessedEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await
    }
}
