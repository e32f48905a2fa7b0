//! jobgraph-migrations: one sea-orm migrator per service, each over its own
//! database. The same migrations run on PostgreSQL and SQLite, in tests too.
//!
//! `jobgraph migrate --service NAME --database-url URL` applies them; see
//! `jobgraph_shared::db::migrate` for the advisory lock that keeps replicas
//! from racing.

pub mod analytics;
pub mod applications;
pub mod jobs;
mod m20261127_000002_event_tables;
mod m20261201_000001_index_processed_events_by_age;
mod m20261202_000002_token_revocations;
pub mod notifications;
pub mod search;
pub mod users;

pub use sea_orm_migration::MigratorTrait;

/// Unique index over live rows only: soft-deleted rows do not hold a value.
/// Partial indexes read the same in PostgreSQL and SQLite.
pub(crate) fn unique_live_index(name: &str, table: &str, column: &str) -> String {
    format!("CREATE UNIQUE INDEX {name} ON {table} ({column}) WHERE deleted_at IS NULL")
}
