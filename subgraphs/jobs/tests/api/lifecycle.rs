use chrono::{Duration, Utc};
use jobgraph_jobs::entities::{job, user_profile_cache};
use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{data, error_code};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::helpers::{CREATE_JOB, TestApp, job_input};

#[tokio::test]
async fn the_scheduler_expires_published_jobs_past_their_expiry() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let due = app
        .published(&cast.owner, &company, json!({ "expiresAt": (Utc::now() + Duration::hours(1)).to_rfc3339() }))
        .await;
    let later = app
        .published(&cast.owner, &company, json!({ "expiresAt": (Utc::now() + Duration::days(30)).to_rfc3339() }))
        .await;
    let draft =
        app.draft(&cast.owner, &company, json!({ "expiresAt": (Utc::now() + Duration::hours(1)).to_rfc3339() })).await;
    let in_two_hours = Utc::now() + Duration::hours(2);
    let expired = jobgraph_jobs::domain::expiry::expire_due_jobs(&app.db, in_two_hours).await.unwrap();
    assert_eq!(expired, 1);
    assert_eq!(status(&app, &cast.owner.token, &due).await, "EXPIRED");
    assert_eq!(status(&app, &cast.owner.token, &later).await, "PUBLISHED");
    assert_eq!(status(&app, &cast.owner.token, &draft).await, "DRAFT", "only published jobs expire");
    // EXPIRED is final for owners: it is not in the transitions they may make.
    let repost = app
        .gql("mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": due }), Some(&cast.owner.token))
        .await;
    assert_eq!(error_code(&repost), Some("CONFLICT"));
    assert_eq!(jobgraph_jobs::domain::expiry::expire_due_jobs(&app.db, in_two_hours).await.unwrap(), 0);
}

async fn status(app: &TestApp, token: &str, id: &str) -> String {
    let response = app.gql("query($id: ID!) { job(id: $id) { status } }", json!({ "id": id }), Some(token)).await;
    data(&response)["job"]["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn publishing_needs_a_future_expiry() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let id =
        app.draft(&cast.owner, &company, json!({ "expiresAt": (Utc::now() + Duration::hours(1)).to_rfc3339() })).await;
    job::Entity::update_many()
        .col_expr(job::Column::ExpiresAt, Expr::value(Utc::now() - Duration::hours(1)))
        .filter(job::Column::Id.eq(uuid::Uuid::parse_str(&id).unwrap()))
        .exec(&app.db)
        .await
        .unwrap();
    let publish = app
        .gql("mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": id }), Some(&cast.owner.token))
        .await;
    assert_eq!(error_code(&publish), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn the_profile_cache_refuses_known_inactive_or_deleted_users_and_allows_unknown_ones() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let cache = |id, active: bool, deleted: bool| user_profile_cache::ActiveModel {
        id: Set(id),
        display_name: Set("Someone".into()),
        role: Set(Role::Employer),
        is_verified: Set(false),
        is_active: Set(active),
        deleted_at: Set(deleted.then(Utc::now)),
        updated_at: Set(Utc::now()),
    };
    // Known and active: allowed, like an unknown user (the cache may lag).
    cache(cast.owner.id, true, false).insert(&app.db).await.unwrap();
    let input = json!({ "input": job_input(&company, json!({})) });
    assert!(data(&app.gql(CREATE_JOB, input.clone(), Some(&cast.owner.token)).await)["createJob"]["id"].is_string());
    // Deactivated: refused, though the token still says EMPLOYER.
    user_profile_cache::Entity::update_many()
        .col_expr(user_profile_cache::Column::IsActive, Expr::value(false))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(error_code(&app.gql(CREATE_JOB, input.clone(), Some(&cast.owner.token)).await), Some("FORBIDDEN"));
    let deleted = app.actor(Role::Employer);
    cache(deleted.id, true, true).insert(&app.db).await.unwrap();
    let company_input = json!({ "input": { "name": "Ghost Corp" } });
    assert_eq!(
        error_code(&app.gql(crate::helpers::CREATE_COMPANY, company_input, Some(&deleted.token)).await),
        Some("FORBIDDEN")
    );
}
