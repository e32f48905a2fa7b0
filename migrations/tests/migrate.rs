//! The migrators on real engines: replicas racing to migrate, and every
//! migration's `down`, for every service.

use jobgraph_migrations::{MigratorTrait, applications, jobs, notifications, search, users};
use jobgraph_shared::db::migrate;
use jobgraph_shared::testing::{Backend, TestDatabase};

async fn race<M: MigratorTrait>(service: &'static str) {
    let database = TestDatabase::new(Backend::Postgres).await;
    let replicas: Vec<_> = (0..4)
        .map(|_| {
            let url = database.url.clone();
            tokio::spawn(async move { migrate::<M>(&url, service).await })
        })
        .collect();
    for replica in replicas {
        replica.await.expect("task").unwrap_or_else(|e| panic!("{service}: every replica starts: {e:#}"));
    }
    let db = database.connect().await;
    assert_eq!(M::get_pending_migrations(&db).await.unwrap().len(), 0, "{service}");
}

#[tokio::test]
async fn replicas_migrating_at_once_do_not_race() {
    race::<users::Migrator>("users").await;
    race::<jobs::Migrator>("jobs").await;
    race::<applications::Migrator>("applications").await;
    race::<notifications::Migrator>("notifications").await;
    race::<search::Migrator>("search").await;
}

/// Each service has a database of its own, so each migrator gets one here.
async fn down_and_up<M: MigratorTrait>(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let db = database.connect().await;
    M::up(&db, None).await.unwrap();
    M::down(&db, None).await.unwrap();
    M::up(&db, None).await.unwrap();
}

#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        down_and_up::<users::Migrator>(backend).await;
        down_and_up::<jobs::Migrator>(backend).await;
        down_and_up::<applications::Migrator>(backend).await;
        down_and_up::<notifications::Migrator>(backend).await;
        down_and_up::<search::Migrator>(backend).await;
    }
}
