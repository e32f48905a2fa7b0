//! The migrators on real engines: replicas racing to migrate, and every
//! migration's `down`.

use jobgraph_migrations::{MigratorTrait, jobs, users};
use jobgraph_shared::db::migrate;
use jobgraph_shared::testing::{Backend, TestDatabase};

#[tokio::test]
async fn replicas_migrating_at_once_do_not_race() {
    let database = TestDatabase::new(Backend::Postgres).await;
    let replicas: Vec<_> = (0..4)
        .map(|_| {
            let url = database.url.clone();
            tokio::spawn(async move { migrate::<jobs::Migrator>(&url, "jobs").await })
        })
        .collect();
    for replica in replicas {
        replica.await.expect("task").expect("every replica starts");
    }
    let db = database.connect().await;
    assert_eq!(jobs::Migrator::get_pending_migrations(&db).await.unwrap().len(), 0);
}

/// Each service has a database of its own, so each migrator gets one here.
#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let database = TestDatabase::new(backend).await;
        let db = database.connect().await;
        users::Migrator::up(&db, None).await.unwrap();
        users::Migrator::down(&db, None).await.unwrap();
        users::Migrator::up(&db, None).await.unwrap();

        let database = TestDatabase::new(backend).await;
        let db = database.connect().await;
        jobs::Migrator::up(&db, None).await.unwrap();
        jobs::Migrator::down(&db, None).await.unwrap();
        jobs::Migrator::up(&db, None).await.unwrap();
    }
}
