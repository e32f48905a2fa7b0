//! Database connections and migrations, the same for PostgreSQL and SQLite.

use std::time::Duration;

use anyhow::Context as _;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use sea_orm_migration::MigratorTrait;

/// Connects to `url`. SQLite files are created when missing, with foreign
/// keys on and write-ahead logging so readers do not block the writer.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await.with_context(|| format!("connecting to {}", redact(url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 5000"] {
            db.execute_unprepared(pragma).await?;
        }
    }
    Ok(db)
}

/// `url` without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &credentials[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Applies every pending migration of `M`. On PostgreSQL it first takes an
/// advisory lock named after the service, so replicas that start together
/// never race: one migrates, the others wait and then find nothing to do.
pub async fn migrate<M: MigratorTrait>(url: &str, service: &str) -> anyhow::Result<()> {
    // One connection, so the session-level lock and the migration share it.
    let db = connect(url, 1).await?;
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let key = advisory_lock_key(&format!("jobgraph-migrate-{service}"));
    if postgres {
        db.execute(Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_advisory_lock($1)", [key.into()]))
            .await?;
    }
    let result = M::up(&db, None).await.with_context(|| format!("migrating {service}"));
    if postgres {
        db.execute(Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_advisory_unlock($1)", [key.into()]))
            .await?;
    }
    db.close().await?;
    result
}

/// A stable 64-bit PostgreSQL advisory lock key for `name` (FNV-1a), the same on every replica.
pub(crate) fn advisory_lock_key(name: &str) -> i64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash as i64
}

/// Begins a transaction that will write. On SQLite it takes the write lock
/// at once (waiting for it under `busy_timeout`): a transaction that reads
/// first and writes later cannot wait for the lock, and fails with "database
/// is locked" when another writer went first. PostgreSQL needs nothing.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::TransactionTrait as _;
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        // A write that changes nothing: every service's database has an outbox.
        txn.execute_unprepared("UPDATE outbox SET sent_at = sent_at WHERE 0").await?;
    }
    Ok(txn)
}

/// Serialises, within `txn`, every transaction that takes the lock named
/// `name` (a PostgreSQL transaction-level advisory lock, released at commit
/// or rollback). It guards rules that span rows no single row lock covers,
/// such as "an applicant's interviews never overlap". On SQLite a write
/// transaction from [`begin_write`] already excludes every other writer.
pub async fn lock_for_transaction(txn: &sea_orm::DatabaseTransaction, name: &str) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        let key = advisory_lock_key(name);
        txn.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Inserts `rows`, or, where a row with the same `key` exists, updates its
/// `columns` unless the stored row's `guard` (a version or a time) is newer
/// than the incoming one's: the event-fed caches keep each aggregate's
/// newest state even when an older event arrives late (a redelivery, a
/// replay beside the live consumer).
pub async fn upsert_unless_newer<E>(
    db: &impl ConnectionTrait,
    rows: Vec<E::ActiveModel>,
    key: E::Column,
    guard: E::Column,
    columns: &[E::Column],
) -> Result<(), sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    E::Model: sea_orm::IntoActiveModel<E::ActiveModel>,
{
    use sea_orm::IdenStatic as _;
    use sea_orm::sea_query::{Expr, OnConflict};
    if rows.is_empty() {
        return Ok(());
    }
    let newer = Expr::col((E::default(), guard)).lte(Expr::cust(format!("excluded.{}", guard.as_str())));
    E::insert_many(rows)
        .on_conflict(OnConflict::column(key).update_columns(columns.iter().copied()).action_and_where(newer).to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_hides_passwords_only() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
