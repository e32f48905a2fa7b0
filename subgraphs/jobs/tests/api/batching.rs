use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::data;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::TestApp;

const PAGE: &str = "query($n: Int!) { jobs(first: $n) { totalCount edges { node { id title company { name isVerified } skills { skill { name } required } categories { name } locations { city } postedBy { id } } } } }";

/// Seeds 120 published jobs over 10 companies with skills and categories.
async fn seeded() -> TestApp {
    let app = TestApp::spawn().await;
    let employers: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
    jobgraph_jobs::seed::seed_demo(&app.db, &employers, 10, 160, || {}).await.unwrap();
    app
}

#[tokio::test]
async fn a_page_of_jobs_costs_the_same_statements_whatever_its_size() {
    let app = seeded().await;
    let mut counts = Vec::new();
    for size in [10, 100] {
        app.statements.clear();
        let response = app.gql(PAGE, json!({ "n": size }), None).await;
        let edges = data(&response)["jobs"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), size as usize);
        assert!(
            edges.iter().all(
                |e| e["node"]["company"]["name"].is_string() && !e["node"]["skills"].as_array().unwrap().is_empty()
            )
        );
        counts.push(app.statements.statements().len());
    }
    println!("statements for a page of 10 jobs: {}, of 100 jobs: {}", counts[0], counts[1]);
    assert_eq!(counts[0], counts[1], "constant whatever the page size");
    // count, page, then one each for companies, locations, skills and categories
    assert_eq!(counts[1], 6, "{:#?}", app.statements.statements());
}

#[tokio::test]
async fn a_hundred_job_references_cost_one_statement() {
    let app = seeded().await;
    let page = app.gql("{ jobs(first: 100) { edges { node { id } } } }", json!({}), None).await;
    let representations: Vec<_> = data(&page)["jobs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({ "__typename": "Job", "id": e["node"]["id"] }))
        .collect();
    assert_eq!(representations.len(), 100);
    app.statements.clear();
    let anonymous = app
        .gql(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { id title } } }",
            json!({ "r": representations }),
            None,
        )
        .await;
    assert!(data(&anonymous)["_entities"].as_array().unwrap().iter().all(|job| job["title"].is_string()));
    let statements = app.statements.statements();
    assert_eq!(statements.len(), 1, "{statements:#?}");
    let admin = app.actor(Role::Admin);
    app.statements.clear();
    let companies = app
        .gql(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { company { name } } } }",
            json!({ "r": representations }),
            Some(&admin.token),
        )
        .await;
    assert!(data(&companies)["_entities"][0]["company"]["name"].is_string());
    assert_eq!(app.statements.statements().len(), 2, "jobs, then their companies");
}
