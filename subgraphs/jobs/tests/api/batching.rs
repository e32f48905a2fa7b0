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

#[tokio::test]
async fn the_companies_of_a_hundred_users_cost_the_same_statements_as_of_one() {
    let app = TestApp::spawn().await;
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id companies(first: 2) { totalCount pageInfo { hasNextPage } edges { node { name } } } } } }";
    let mut representations = Vec::new();
    let mut costs = Vec::new();
    for n in 0..100 {
        let owner = app.actor(Role::Employer);
        // Every tenth user owns three companies; the others none.
        if n % 10 == 0 {
            for letter in ["C", "A", "B"] {
                app.company(&owner, &format!("{letter} {n} Ltd")).await;
            }
        }
        representations.push(json!({ "__typename": "User", "id": owner.id }));
        if n == 0 || n == 99 {
            app.statements.clear();
            let response = app.gql(query, json!({ "r": representations }), None).await;
            costs.push(app.statements.statements().len());
            for (i, user) in data(&response)["_entities"].as_array().unwrap().iter().enumerate() {
                let companies = &user["companies"];
                let owned = if i % 10 == 0 { 3 } else { 0 };
                assert_eq!(companies["totalCount"], owned, "{user}");
                assert_eq!(companies["pageInfo"]["hasNextPage"], owned > 2, "{user}");
                let names: Vec<&str> = companies["edges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["name"].as_str().unwrap())
                    .collect();
                if owned > 0 {
                    assert_eq!(names, [format!("A {i} Ltd"), format!("B {i} Ltd")], "by name: {user}");
                }
            }
        }
    }
    println!("statements for the companies of 1 and of 100 users: {costs:?}");
    assert_eq!(costs, vec![2, 2]);
}

#[tokio::test]
async fn the_jobs_of_a_hundred_companies_or_posters_cost_the_same_statements_as_of_one() {
    let app = TestApp::spawn().await;
    let by_company = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { jobs(first: 2) { totalCount edges { node { title company { name } } } } } } }";
    let by_poster = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { postedJobs(first: 2) { totalCount edges { node { title status } } } } } }";
    let (mut companies, mut posters, mut costs) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..100 {
        let owner = app.actor(Role::Employer);
        let company = app.company(&owner, &format!("Company {n}")).await;
        // Every tenth company has three published jobs and a draft.
        if n % 10 == 0 {
            for _ in 0..3 {
                app.published(&owner, &company, json!({})).await;
            }
            app.draft(&owner, &company, json!({})).await;
        }
        companies.push(json!({ "__typename": "Company", "id": company }));
        posters.push(json!({ "__typename": "User", "id": owner.id }));
        if n == 0 || n == 99 {
            for (query, representations, field) in
                [(by_company, &companies, "jobs"), (by_poster, &posters, "postedJobs")]
            {
                app.statements.clear();
                let response = app.gql(query, json!({ "r": representations }), None).await;
                costs.push(app.statements.statements().len());
                for (i, parent) in data(&response)["_entities"].as_array().unwrap().iter().enumerate() {
                    let published = if i % 10 == 0 { 3 } else { 0 };
                    assert_eq!(parent[field]["totalCount"], published, "the public sees no drafts: {parent}");
                    assert_eq!(parent[field]["edges"].as_array().unwrap().len(), published.min(2), "{parent}");
                }
            }
        }
    }
    println!(
        "statements for the jobs of 1 and of 100 companies: [{}, {}]; of 1 and of 100 posters: [{}, {}]",
        costs[0], costs[2], costs[1], costs[3]
    );
    assert_eq!((costs[0], costs[1]), (costs[2], costs[3]), "{costs:?}");
}

#[tokio::test]
async fn among_many_companies_their_owner_sees_their_drafts_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let query =
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { jobs(first: 10) { totalCount } } } }";
    let (mine, theirs) = (app.actor(Role::Employer), app.actor(Role::Employer));
    let mut representations = Vec::new();
    for (owner, name) in [(&mine, "Mine Ltd"), (&theirs, "Theirs Ltd")] {
        let company = app.company(owner, name).await;
        app.published(owner, &company, json!({})).await;
        app.draft(owner, &company, json!({})).await;
        representations.push(json!({ "__typename": "Company", "id": company }));
    }
    let totals = |response: serde_json::Value| -> Vec<i64> {
        data(&response)["_entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["jobs"]["totalCount"].as_i64().unwrap())
            .collect()
    };
    let as_owner = app.gql(query, json!({ "r": representations }), Some(&mine.token)).await;
    assert_eq!(totals(as_owner), vec![2, 1], "the owner's draft counts for the owner only");
    let as_admin = app.gql(query, json!({ "r": representations }), Some(&app.actor(Role::Admin).token)).await;
    assert_eq!(totals(as_admin), vec![2, 2]);
}

#[tokio::test]
async fn a_page_of_companies_with_their_jobs_costs_the_same_statements_for_one_as_for_a_hundred() {
    let app = TestApp::spawn().await;
    for n in 0..100 {
        let owner = app.actor(Role::Employer);
        let company = app.company(&owner, &format!("Company {n:03}")).await;
        if n % 10 == 0 {
            for _ in 0..3 {
                app.published(&owner, &company, json!({})).await;
            }
        }
    }
    let query = "query($n: Int!) { companies(first: $n) { edges { node { name jobs(first: 2) { totalCount edges { node { title company { name } } } } } } } }";
    let mut costs = Vec::new();
    for size in [1, 100] {
        app.statements.clear();
        let response = app.gql(query, json!({ "n": size }), None).await;
        costs.push(app.statements.statements().len());
        let edges = data(&response)["companies"]["edges"].as_array().unwrap().clone();
        assert_eq!(edges.len(), size as usize);
        for (i, edge) in edges.iter().enumerate() {
            let published = if i % 10 == 0 { 3 } else { 0 };
            assert_eq!(edge["node"]["jobs"]["totalCount"], published, "{edge}");
            assert_eq!(edge["node"]["jobs"]["edges"].as_array().unwrap().len(), published.min(2), "{edge}");
        }
    }
    println!("statements for a page of 1 and of 100 companies with their jobs: {costs:?}");
    assert_eq!(costs[0], costs[1], "{costs:?}");
}
