//! The job cache fed by events, a deleted applicant's applications, and the
//! cost of `applicationCount` over a page of jobs.

use jobgraph_applications::entities::job_cache;
use jobgraph_shared::events::payloads::{DeletionMode, UserDeleted};
use jobgraph_shared::testing::data;
use sea_orm::EntityTrait;
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn job_events_keep_the_cache_newest_first() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let mut job = app.open_job(&cast.employer).await;
    app.job_becomes(&mut job, "PAUSED").await;
    let cached = job_cache::Entity::find_by_id(job.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((cached.status.as_str(), cached.version, cached.owner_id), ("PAUSED", 2, cast.employer.id));
    // A newer event with the same state changes nothing; an older one does not win.
    app.job_becomes(&mut job.clone(), "PAUSED").await;
    let mut older = job.clone();
    older.status = "PUBLISHED".into();
    older.version = 1;
    app.deliver(&jobgraph_shared::events::payloads::JobUpdated { changed: vec![], job: older }).await;
    assert_eq!(job_cache::Entity::find_by_id(job.id).one(&app.db).await.unwrap().unwrap().status, "PAUSED");
}

#[tokio::test]
async fn a_deleted_applicants_open_applications_are_withdrawn() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(&cast.applicant, &job).await;
    let deleted = UserDeleted {
        user_id: cast.applicant.id,
        mode: DeletionMode::Soft,
        role: "JOB_SEEKER".into(),
        deleted_at: chrono::Utc::now(),
    };
    app.deliver(&deleted).await;
    let seen = app
        .gql(
            "query($id: ID!) { application(id: $id) { status history { to actor { id } reason } } }",
            json!({ "id": id }),
            Some(&cast.employer.token),
        )
        .await;
    let application = &data(&seen)["application"];
    assert_eq!(application["status"], "WITHDRAWN");
    assert_eq!(application["history"][1]["actor"]["id"], cast.applicant.id.to_string());
}

#[tokio::test]
async fn application_counts_for_a_page_of_jobs_cost_one_statement() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let mut representations = Vec::new();
    for n in 0..100 {
        let job = app.open_job(&cast.employer).await;
        if n % 10 == 0 {
            app.apply(&cast.applicant, &job).await;
        }
        representations.push(json!({ "__typename": "Job", "id": job.id }));
    }
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id applicationCount } } }";
    app.statements.clear();
    let response = app.gql(query, json!({ "r": representations }), None).await;
    let statements = app.statements.statements();
    let counts: i64 =
        data(&response)["_entities"].as_array().unwrap().iter().map(|j| j["applicationCount"].as_i64().unwrap()).sum();
    assert_eq!(counts, 10);
    println!("statements for applicationCount of 100 jobs: {}", statements.len());
    assert_eq!(statements.len(), 1, "{statements:#?}");
}
