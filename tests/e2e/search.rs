//! Search end to end in `jobgraph dev`: a job an employer publishes is
//! found through the router within a second, by a misspelled word, with
//! its company resolved by jobs; it leaves search when closed.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Dev, graphql};

const SEARCH: &str = r#"query ($query: String, $filter: JobSearchFilter) {
  searchJobs(query: $query, filter: $filter, first: 5) {
    totalCount
    facets { city { value count } }
    edges { node { id title status company { name } } highlights { field snippet } }
  }
}"#;

fn search(dev: &Dev, query: &str, filter: Value) -> Value {
    let response = graphql(dev.router, SEARCH, json!({ "query": query, "filter": filter }), None);
    assert!(response.get("errors").is_none(), "{response}");
    response["data"]["searchJobs"].clone()
}

/// Searches until `done` holds for the answer, at most `within`; returns how long it took.
fn until(dev: &Dev, query: &str, within: Duration, done: impl Fn(&Value) -> bool) -> Duration {
    let began = Instant::now();
    loop {
        let found = search(dev, query, json!({}));
        if done(&found) {
            return began.elapsed();
        }
        assert!(began.elapsed() < within, "not within {within:?}: {found}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_published_job_is_found_by_a_misspelled_word_and_leaves_when_closed() {
    let dev = Dev::start();
    // The demo data's events come first: the second counts from a quiet index.
    until(&dev, "", Duration::from_secs(30), |found| found["totalCount"].as_i64().unwrap_or(0) > 0);
    let employer = dev.login("employer1@demo.jobgraph.dev");
    let company = graphql(
        dev.router,
        "mutation { createCompany(input: { name: \"Lantern Works\" }) { id } }",
        json!({}),
        Some(&employer),
    );
    let company = company["data"]["createCompany"]["id"].clone();
    let created = graphql(
        dev.router,
        r#"mutation($c: ID!) { createJob(input: { companyId: $c, title: "Lighthouse Keeper", description: "Keep the light burning through stormy nights.",
            employmentType: FULL_TIME, experienceLevel: MID, remotePolicy: ON_SITE,
            locations: [{ city: "Kiel", countryCode: "DE", lat: 54.32, lon: 10.13 }] }) { id } }"#,
        json!({ "c": company }),
        Some(&employer),
    );
    let job = created["data"]["createJob"]["id"].as_str().unwrap_or_else(|| panic!("{created}")).to_string();
    let is_found = |found: &Value| {
        found["edges"].as_array().is_some_and(|edges| edges.iter().any(|e| e["node"]["id"] == job.as_str()))
    };
    assert!(!is_found(&search(&dev, "lighthouse", json!({}))), "a draft is not searchable");

    graphql(dev.router, "mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": job }), Some(&employer));
    let took = until(&dev, "lighthuose keper", Duration::from_secs(1), is_found);
    println!("searchable {} ms after publishJob answered", took.as_millis());

    let found = search(&dev, "lighthuose keper", json!({}));
    let edge = &found["edges"][0];
    assert_eq!(edge["node"]["company"]["name"], "Lantern Works", "resolved by jobs: {found}");
    assert_eq!(edge["node"]["status"], "PUBLISHED");
    assert_eq!(
        edge["highlights"][0],
        json!({ "field": "title", "snippet": "<mark>Lighthouse</mark> <mark>Keeper</mark>" })
    );
    assert_eq!(found["facets"]["city"], json!([{ "value": "Kiel", "count": 1 }]));
    // Narrowing by the facet keeps it; another city does not.
    assert_eq!(search(&dev, "lighthouse", json!({ "cities": ["Kiel"] }))["totalCount"], 1);
    assert_eq!(search(&dev, "lighthouse", json!({ "cities": ["Paris"] }))["totalCount"], 0);
    let near = json!({ "near": { "lat": 54.0, "lng": 10.0, "km": 50 } });
    assert_eq!(search(&dev, "lighthouse", near)["totalCount"], 1);

    graphql(dev.router, "mutation($id: ID!) { closeJob(id: $id) { status } }", json!({ "id": job }), Some(&employer));
    until(&dev, "lighthouse", Duration::from_secs(1), |found| !is_found(found));
}

#[test]
fn the_demo_jobs_are_searchable_with_facets() {
    let dev = Dev::start();
    let began = Instant::now();
    let everything = loop {
        let found = search(&dev, "", json!({}));
        if found["totalCount"].as_i64().unwrap_or(0) > 0 {
            break found;
        }
        assert!(began.elapsed() < Duration::from_secs(30), "the demo jobs never reached search");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        everything["edges"].as_array().unwrap().iter().all(|edge| edge["node"]["title"].is_string()),
        "{everything}"
    );
}

#[test]
fn a_saved_search_tells_its_seeker_of_a_new_matching_job() {
    let dev = Dev::start();
    let seeker = dev.register("ada@example.com", "JOB_SEEKER");
    let employer = dev.login("employer1@demo.jobgraph.dev");
    let saved = graphql(
        dev.router,
        r#"mutation { saveSearch(input: { name: "Lighthouses", query: "lighthouse", frequency: INSTANT }) { id } }"#,
        json!({}),
        Some(&seeker),
    );
    assert!(saved["data"]["saveSearch"]["id"].is_string(), "{saved}");
    let company = graphql(
        dev.router,
        "mutation { createCompany(input: { name: \"Beacon Ltd\" }) { id } }",
        json!({}),
        Some(&employer),
    );
    let job = graphql(
        dev.router,
        r#"mutation($c: ID!) { createJob(input: { companyId: $c, title: "Lighthouse Keeper", description: "Keep the light.",
            employmentType: FULL_TIME, experienceLevel: MID, remotePolicy: REMOTE }) { id } }"#,
        json!({ "c": company["data"]["createCompany"]["id"] }),
        Some(&employer),
    );
    let job = job["data"]["createJob"]["id"].as_str().unwrap_or_else(|| panic!("{job}")).to_string();
    graphql(dev.router, "mutation($id: ID!) { publishJob(id: $id) { status } }", json!({ "id": job }), Some(&employer));

    let feed = "{ notifications(first: 20) { edges { node { category title job { id title company { name } } } } } }";
    let began = Instant::now();
    let alert = loop {
        let response = graphql(dev.router, feed, json!({}), Some(&seeker));
        let edges = response["data"]["notifications"]["edges"].as_array().cloned().unwrap_or_default();
        if let Some(edge) = edges.into_iter().find(|edge| edge["node"]["category"] == "JOB_ALERTS") {
            break edge["node"].clone();
        }
        assert!(began.elapsed() < Duration::from_secs(10), "no alert: {response}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(alert["title"], "New job for \"Lighthouses\": Lighthouse Keeper", "{alert}");
    assert_eq!(alert["job"], json!({ "id": job, "title": "Lighthouse Keeper", "company": { "name": "Beacon Ltd" } }));
}

#[test]
fn a_revoked_token_stops_reading_search_history_within_seconds() {
    let dev = Dev::start();
    let old = dev.register("grace@example.com", "JOB_SEEKER");
    let history = "{ mySearchHistory { totalCount } }";
    assert!(graphql(dev.router, history, json!({}), Some(&old)).get("errors").is_none());
    let change = "mutation { changePassword(currentPassword: \"correct horse battery\", newPassword: \"a brand new passphrase\") { accessToken } }";
    let changed = graphql(dev.router, change, json!({}), Some(&old));
    let new =
        changed["data"]["changePassword"]["accessToken"].as_str().unwrap_or_else(|| panic!("{changed}")).to_string();
    let began = Instant::now();
    loop {
        let response = graphql(dev.router, history, json!({}), Some(&old));
        if response["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" {
            break;
        }
        assert!(began.elapsed() < Duration::from_secs(10), "search still takes the old token: {response}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let fresh = graphql(dev.router, history, json!({}), Some(&new));
    assert!(fresh.get("errors").is_none(), "{fresh}");
}
