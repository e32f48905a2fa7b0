use jobgraph_shared::testing::{Backend, data, error_code};
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn titles(app: &TestApp, filter: Value, sort: &str) -> Vec<String> {
    let query = format!(
        "query($f: JobFilterInput) {{ jobs(filter: $f, sort: {sort}, first: 50) {{ edges {{ node {{ title }} }} }} }}"
    );
    let response = app.gql(&query, json!({ "f": filter }), None).await;
    data(&response)["jobs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_string())
        .collect()
}

async fn listing_filters_and_sorts(backend: Backend) {
    let app = TestApp::spawn_on(backend).await;
    let cast = app.cast();
    let acme = app.company(&cast.owner, "Acme").await;
    let globex = app.company(&cast.other_employer, "Globex").await;
    let rust = app.skill(&cast.admin, "Rust").await;
    let go = app.skill(&cast.admin, "Go").await;
    let backend_category = app.category(&cast.admin, "Backend").await;
    app.published(
        &cast.owner,
        &acme,
        json!({ "title": "Rust Engineer", "skills": [{ "skillId": rust }], "categoryIds": [backend_category],
        "salary": { "min": 90000, "max": 120000, "currency": "EUR" } }),
    )
    .await;
    app.published(
        &cast.owner,
        &acme,
        json!({ "title": "Go Engineer", "skills": [{ "skillId": go }], "remotePolicy": "REMOTE", "locations": [],
        "salary": { "min": 40, "max": 60, "currency": "EUR", "period": "HOUR" }, "employmentType": "CONTRACT" }),
    )
    .await;
    app.published(
        &cast.other_employer,
        &globex,
        json!({ "title": "Designer", "experienceLevel": "JUNIOR", "salary": null,
        "locations": [{ "city": "London", "countryCode": "GB" }] }),
    )
    .await;
    app.draft(&cast.owner, &acme, json!({ "title": "Secret Draft" })).await;

    assert_eq!(
        titles(&app, json!({}), "TITLE").await,
        ["Designer", "Go Engineer", "Rust Engineer"],
        "drafts are not listed"
    );
    assert_eq!(titles(&app, json!({ "remotePolicies": ["REMOTE"] }), "TITLE").await, ["Go Engineer"]);
    assert_eq!(titles(&app, json!({ "employmentTypes": ["CONTRACT"] }), "TITLE").await, ["Go Engineer"]);
    assert_eq!(titles(&app, json!({ "experienceLevels": ["JUNIOR"] }), "TITLE").await, ["Designer"]);
    assert_eq!(titles(&app, json!({ "countryCode": "gb" }), "TITLE").await, ["Designer"]);
    assert_eq!(titles(&app, json!({ "city": "berlin" }), "TITLE").await, ["Rust Engineer"]);
    assert_eq!(titles(&app, json!({ "skillIds": [rust] }), "TITLE").await, ["Rust Engineer"]);
    assert_eq!(titles(&app, json!({ "categoryIds": [backend_category] }), "TITLE").await, ["Rust Engineer"]);
    assert_eq!(titles(&app, json!({ "companyId": globex }), "TITLE").await, ["Designer"]);
    assert_eq!(titles(&app, json!({ "query": "ENGINEER rust" }), "TITLE").await, ["Rust Engineer"]);
    // 60 EUR an hour is 124,800 a year: salaries compare per year.
    assert_eq!(titles(&app, json!({ "salaryAtLeast": 121000 }), "TITLE").await, ["Go Engineer"]);
    assert_eq!(titles(&app, json!({}), "SALARY_HIGH").await, ["Go Engineer", "Rust Engineer", "Designer"]);
    assert_eq!(titles(&app, json!({}), "SALARY_LOW").await, ["Go Engineer", "Rust Engineer", "Designer"]);
    assert_eq!(titles(&app, json!({}), "NEWEST").await, ["Designer", "Go Engineer", "Rust Engineer"]);
    assert_eq!(titles(&app, json!({}), "OLDEST").await, ["Rust Engineer", "Go Engineer", "Designer"]);

    // Other statuses: only for the company's owner and admins.
    let drafts = json!({ "f": { "companyId": acme, "statuses": ["DRAFT"] } });
    let query = "query($f: JobFilterInput) { jobs(filter: $f) { totalCount } }";
    assert_eq!(error_code(&app.gql(query, drafts.clone(), None).await), Some("FORBIDDEN"));
    assert_eq!(error_code(&app.gql(query, drafts.clone(), Some(&cast.other_employer.token)).await), Some("FORBIDDEN"));
    assert_eq!(data(&app.gql(query, drafts.clone(), Some(&cast.owner.token)).await)["jobs"]["totalCount"], 1);
    assert_eq!(data(&app.gql(query, drafts, Some(&cast.admin.token)).await)["jobs"]["totalCount"], 1);
    let posted = app
        .gql(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { postedJobs { totalCount } } } }",
            json!({ "r": [{ "__typename": "User", "id": cast.owner.id }] }),
            Some(&cast.owner.token),
        )
        .await;
    assert_eq!(data(&posted)["_entities"][0]["postedJobs"]["totalCount"], 3, "the poster sees their draft too");
}

#[tokio::test]
async fn listing_filters_and_sorts_on_postgres() {
    listing_filters_and_sorts(Backend::Postgres).await;
}

#[tokio::test]
async fn listing_filters_and_sorts_on_sqlite() {
    listing_filters_and_sorts(Backend::Sqlite).await;
}

#[tokio::test]
async fn pages_follow_their_cursors_and_stay_bounded() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    for n in 0..5 {
        app.published(&cast.owner, &company, json!({ "title": format!("Job {n}") })).await;
    }
    let page = "query($after: String) { jobs(first: 2, after: $after, sort: TITLE) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let response = app.gql(page, json!({ "after": after }), None).await;
        let jobs = &data(&response)["jobs"];
        assert_eq!(jobs["totalCount"], 5);
        seen.extend(jobs["edges"].as_array().unwrap().iter().map(|e| e["node"]["title"].as_str().unwrap().to_string()));
        if !jobs["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = jobs["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ["Job 0", "Job 1", "Job 2", "Job 3", "Job 4"]);
    let last = app
        .gql(
            "{ jobs(last: 2, sort: TITLE) { edges { node { title } } pageInfo { hasPreviousPage } } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(data(&last)["jobs"]["edges"][0]["node"]["title"], "Job 3");
    let huge = app.gql("{ jobs(first: 101) { totalCount } }", json!({}), None).await;
    assert_eq!(error_code(&huge), Some("BAD_USER_INPUT"));
    let forged = app.gql("{ jobs(first: 1, after: \"bm9wZQ\") { totalCount } }", json!({}), None).await;
    assert_eq!(error_code(&forged), Some("BAD_USER_INPUT"));
}
