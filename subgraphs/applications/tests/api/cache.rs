//! The job cache fed by events, a deleted applicant's applications, and the
//! cost of `applicationCount` over a page of jobs.

use jobgraph_applications::entities::job_cache;
use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanyDeleted, CompanySnapshot, CompanyUpdated, DeletionMode, UserDeleted,
};
use jobgraph_shared::testing::data;
use sea_orm::EntityTrait;
use serde_json::json;

use crate::helpers::{APPLY, TestApp};

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

#[tokio::test]
async fn my_application_for_a_page_of_jobs_costs_one_statement_as_for_one() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let query =
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id myApplication { id status } } } }";
    let mut representations = Vec::new();
    let mut costs = Vec::new();
    for n in 0..100 {
        let job = app.open_job(&cast.employer).await;
        if n % 10 == 0 {
            app.apply(&cast.applicant, &job).await;
        }
        representations.push(json!({ "__typename": "Job", "id": job.id }));
        if n == 0 || n == 99 {
            app.statements.clear();
            let response = app.gql(query, json!({ "r": representations }), Some(&cast.applicant.token)).await;
            let mine = data(&response)["_entities"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|j| j["myApplication"].is_object())
                .count();
            assert_eq!(mine, n / 10 + 1);
            costs.push(app.statements.statements().len());
        }
    }
    println!("statements for myApplication of 1 and of 100 jobs: {costs:?}");
    assert_eq!(costs, vec![1, 1]);
}

#[tokio::test]
async fn applications_through_entities_cost_the_same_statements_for_a_hundred_as_for_one() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Application { id status } } }";
    let mut representations = Vec::new();
    let mut costs = Vec::new();
    for n in 0..100 {
        let job = app.open_job(&cast.employer).await;
        let seeker = app.actor(jobgraph_shared::auth::Role::JobSeeker);
        representations.push(json!({ "__typename": "Application", "id": app.apply(&seeker, &job).await }));
        if n == 0 || n == 99 {
            app.statements.clear();
            let response = app.gql(query, json!({ "r": representations }), Some(&cast.employer.token)).await;
            let seen =
                data(&response)["_entities"].as_array().unwrap().iter().filter(|a| a["status"] == "APPLIED").count();
            assert_eq!(seen, n + 1, "the employer sees every application to their jobs");
            costs.push(app.statements.statements().len());
        }
    }
    // Another employer sees none of them, at the same cost.
    let response = app.gql(query, json!({ "r": representations }), Some(&cast.other_employer.token)).await;
    assert!(data(&response)["_entities"].as_array().unwrap().iter().all(serde_json::Value::is_null), "{response}");
    println!("statements for 1 and 100 applications through _entities: {costs:?}");
    assert_eq!(costs, vec![2, 2]);
}

#[tokio::test]
async fn the_pipelines_of_a_page_of_jobs_cost_the_same_statements_for_a_hundred_as_for_one() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id applications(first: 2) { totalCount pageInfo { hasNextPage } edges { node { id status } } } } } }";
    let mut representations = Vec::new();
    let mut costs = Vec::new();
    for n in 0..100 {
        let job = app.open_job(&cast.employer).await;
        // Every tenth job has three applications; the others none.
        if n % 10 == 0 {
            for _ in 0..3 {
                app.apply(&app.actor(jobgraph_shared::auth::Role::JobSeeker), &job).await;
            }
        }
        representations.push(json!({ "__typename": "Job", "id": job.id }));
        if n == 0 || n == 99 {
            app.statements.clear();
            let response = app.gql(query, json!({ "r": representations }), Some(&cast.employer.token)).await;
            costs.push(app.statements.statements().len());
            let jobs = data(&response)["_entities"].as_array().unwrap().clone();
            for (i, job) in jobs.iter().enumerate() {
                let pipeline = &job["applications"];
                let applied = if i % 10 == 0 { 3 } else { 0 };
                assert_eq!(pipeline["totalCount"], applied, "{job}");
                assert_eq!(pipeline["edges"].as_array().unwrap().len(), applied.min(2), "{job}");
                assert_eq!(pipeline["pageInfo"]["hasNextPage"], applied > 2, "{job}");
            }
        }
    }
    // The second page of every job, from the cursor of the first: the third application.
    let after = "query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Job { applications(first: 2, after: $after) { edges { node { id } } } } } }";
    let first_page = app.gql(query, json!({ "r": representations[..1] }), Some(&cast.employer.token)).await;
    let cursor = app
        .gql(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { applications(first: 2) { pageInfo { endCursor } } } } }",
            json!({ "r": representations[..1] }),
            Some(&cast.employer.token),
        )
        .await;
    let cursor = data(&cursor)["_entities"][0]["applications"]["pageInfo"]["endCursor"].clone();
    let second = app.gql(after, json!({ "r": representations, "after": cursor }), Some(&cast.employer.token)).await;
    let second_of_first = &data(&second)["_entities"][0]["applications"]["edges"];
    assert_eq!(second_of_first.as_array().unwrap().len(), 1, "{second}");
    let first_ids: Vec<&serde_json::Value> = data(&first_page)["_entities"][0]["applications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| &edge["node"]["id"])
        .collect();
    assert!(!first_ids.contains(&&second_of_first[0]["node"]["id"]), "no repeats across pages");
    // Another employer is refused on every job, at no extra cost.
    let refused = app.gql(query, json!({ "r": representations[..3] }), Some(&cast.other_employer.token)).await;
    assert_eq!(jobgraph_shared::testing::error_code(&refused), Some("FORBIDDEN"), "{refused}");
    println!("statements for the pipelines of 1 and of 100 jobs: {costs:?}");
    assert_eq!(costs, vec![3, 3]);
}

#[tokio::test]
async fn the_applications_of_a_page_of_users_cost_the_same_statements_for_a_hundred_as_for_one() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id applications(first: 2) { totalCount edges { node { id status } } } } } }";
    let job = app.open_job(&cast.employer).await;
    let mut representations = Vec::new();
    let mut costs = Vec::new();
    for n in 0..100 {
        let seeker = app.actor(jobgraph_shared::auth::Role::JobSeeker);
        // Every tenth seeker has applied; the others have not.
        if n % 10 == 0 {
            app.apply(&seeker, &job).await;
        }
        representations.push(json!({ "__typename": "User", "id": seeker.id }));
        if n == 0 || n == 99 {
            app.statements.clear();
            let response = app.gql(query, json!({ "r": representations }), Some(&cast.admin.token)).await;
            costs.push(app.statements.statements().len());
            for (i, user) in data(&response)["_entities"].as_array().unwrap().iter().enumerate() {
                let applied = if i % 10 == 0 { 1 } else { 0 };
                assert_eq!(user["applications"]["totalCount"], applied, "{user}");
                assert_eq!(user["applications"]["edges"].as_array().unwrap().len(), applied, "{user}");
            }
        }
    }
    // Another seeker is refused.
    let own = app.gql(query, json!({ "r": representations[..1] }), Some(&cast.applicant.token)).await;
    assert_eq!(jobgraph_shared::testing::error_code(&own), Some("FORBIDDEN"), "{own}");
    println!("statements for the applications of 1 and of 100 users: {costs:?}");
    assert_eq!(costs, vec![2, 2]);
}

fn company(id: uuid::Uuid, owner: uuid::Uuid, suspended: bool, at: chrono::DateTime<chrono::Utc>) -> CompanySnapshot {
    CompanySnapshot {
        id,
        name: "Acme".into(),
        slug: "acme".into(),
        description: None,
        website: None,
        logo_url: None,
        industry: None,
        size: None,
        founded_year: None,
        headquarters: None,
        is_verified: false,
        is_suspended: suspended,
        owner_id: owner,
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

#[tokio::test]
async fn a_suspended_or_deleted_companys_jobs_take_no_applications_until_it_is_restored() {
    use chrono::{Duration, Utc};
    use jobgraph_shared::testing::error_code;

    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let apply = json!({ "input": { "jobId": job.id } });
    let t0 = Utc::now();
    let listed = company(job.company_id, cast.employer.id, false, t0);
    app.deliver(&CompanyCreated { company: listed.clone() }).await;

    let suspended = CompanySnapshot { is_suspended: true, updated_at: t0 + Duration::seconds(1), ..listed.clone() };
    app.deliver(&CompanyUpdated { changed: vec!["isSuspended".into()], company: suspended }).await;
    let before = app.snapshot().await;
    let refused = app.gql(APPLY, apply.clone(), Some(&cast.applicant.token)).await;
    assert_eq!(error_code(&refused), Some("CONFLICT"), "suspended: {refused}");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("suspended"), "{refused}");
    assert_eq!(app.snapshot().await, before, "a refusal writes nothing");
    // An older state arriving late does not lift the suspension.
    app.deliver(&CompanyUpdated { changed: vec![], company: listed.clone() }).await;
    let still = app.gql(APPLY, apply.clone(), Some(&cast.applicant.token)).await;
    assert_eq!(error_code(&still), Some("CONFLICT"), "{still}");

    let lifted = CompanySnapshot { updated_at: t0 + Duration::seconds(2), ..listed.clone() };
    app.deliver(&CompanyUpdated { changed: vec!["isSuspended".into()], company: lifted }).await;
    app.apply(&cast.applicant, &job).await;

    app.deliver(&CompanyDeleted { company_id: job.company_id, deleted_at: t0 + Duration::seconds(3) }).await;
    let gone = app.gql(APPLY, apply.clone(), Some(&cast.other_seeker.token)).await;
    assert_eq!(error_code(&gone), Some("CONFLICT"), "deleted: {gone}");
    let restored = CompanySnapshot { updated_at: t0 + Duration::seconds(4), ..listed };
    app.deliver(&CompanyUpdated { changed: vec!["deletedAt".into()], company: restored }).await;
    app.apply(&cast.other_seeker, &job).await;
}
