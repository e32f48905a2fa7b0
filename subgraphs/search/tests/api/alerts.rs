//! Saved searches and their alerts: a newly published job that matches a
//! saved search is published once as `search.alert_matched`; others are not.

use chrono::Utc;
use jobgraph_shared::auth::Role;
use jobgraph_shared::events::payloads::{JobCreated, JobStatusChanged};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;

const SAVE: &str =
    "mutation ($input: SaveSearchInput!) { saveSearch(input: $input) { id name query filter frequency } }";

#[tokio::test]
async fn a_saved_search_hears_of_matching_new_jobs_once_and_of_nothing_else() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let seeker = Uuid::now_v7();
    let token = app.token_for(seeker, Role::JobSeeker);
    // Published before the search was saved: never alerted.
    let older = job(&acme, "Rust Engineer", 2);
    app.feed(&[event(&JobCreated { job: older.clone() })]).await;

    let input = json!({ "name": "Remote Rust", "query": "rust", "filter": { "remotePolicies": ["REMOTE"] }, "frequency": "INSTANT" });
    let saved = app.gql_as(Some(&token), SAVE, json!({ "input": input })).await;
    assert_eq!(saved["data"]["saveSearch"]["filter"], "{\"remotePolicies\":[\"REMOTE\"]}", "{saved}");

    let mut matching = job(&acme, "Senior Rust Engineer", 0);
    matching.published_at = Some(Utc::now() + chrono::Duration::seconds(1));
    let mut on_site = job(&acme, "Rust Engineer", 0);
    on_site.published_at = matching.published_at;
    on_site.remote_policy = "ON_SITE".into();
    let mut other_words = job(&acme, "Gardener", 0);
    other_words.published_at = matching.published_at;
    // Published before the search was saved, though the index finds it only now
    // (its event late, or a replica rebuilding): not news.
    let late = job(&acme, "Rust Engineer", 2);
    app.feed(&[
        event(&JobCreated { job: matching.clone() }),
        event(&JobCreated { job: on_site }),
        event(&JobCreated { job: other_words }),
        event(&JobCreated { job: late }),
    ])
    .await;
    assert_eq!(app.alerts().await, vec![(seeker, matching.id)]);

    // Redelivered, or closed and published again: still one alert.
    app.feed(&[event(&JobCreated { job: matching.clone() })]).await;
    let mut closed = matching.clone();
    closed.status = "CLOSED".into();
    app.feed(&[event(&JobStatusChanged { from: "PUBLISHED".into(), to: "CLOSED".into(), job: closed })]).await;
    app.feed(&[event(&JobStatusChanged { from: "CLOSED".into(), to: "PUBLISHED".into(), job: matching.clone() })])
        .await;
    assert_eq!(app.alerts().await, vec![(seeker, matching.id)]);
}

#[tokio::test]
async fn saved_searches_belong_to_their_seeker() {
    let app = TestApp::spawn().await;
    let seeker = app.token(Role::JobSeeker);
    let other = app.token(Role::JobSeeker);
    let input = json!({ "name": "Rust", "query": "rust" });
    for (who, token, expected) in [
        ("anonymous", None, Some("UNAUTHENTICATED")),
        ("employer", Some(app.token(Role::Employer)), Some("FORBIDDEN")),
        ("seeker", Some(seeker.clone()), None),
    ] {
        let response = app.gql_as(token.as_deref(), SAVE, json!({ "input": input })).await;
        assert_eq!(error_code(&response), expected, "{who}: {response}");
    }
    let mine = "{ mySavedSearches { id name frequency } }";
    let listed = app.gql_as(Some(&seeker), mine, json!({})).await;
    assert_eq!(listed["data"]["mySavedSearches"][0]["frequency"], "DAILY", "{listed}");
    let id = listed["data"]["mySavedSearches"][0]["id"].clone();
    assert_eq!(app.gql_as(Some(&other), mine, json!({})).await["data"]["mySavedSearches"], json!([]));
    assert_eq!(error_code(&app.gql_as(None, mine, json!({})).await), Some("UNAUTHENTICATED"));
    let delete = "mutation ($id: ID!) { deleteSavedSearch(id: $id) }";
    assert_eq!(error_code(&app.gql_as(Some(&other), delete, json!({ "id": id })).await), Some("NOT_FOUND"));
    assert_eq!(app.gql_as(Some(&seeker), delete, json!({ "id": id })).await["data"]["deleteSavedSearch"], true);
    assert_eq!(app.gql_as(Some(&seeker), mine, json!({})).await["data"]["mySavedSearches"], json!([]));

    // Bad input is refused and nothing is saved.
    for (what, input) in [
        ("an empty name", json!({ "name": " ", "query": "rust" })),
        ("an unclosed quote", json!({ "name": "x", "query": "\"rust" })),
        ("a radius of -1", json!({ "name": "x", "filter": { "near": { "lat": 1, "lng": 1, "km": -1 } } })),
    ] {
        let response = app.gql_as(Some(&seeker), SAVE, json!({ "input": input })).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{what}: {response}");
    }
    assert_eq!(jobgraph_shared::testing::count_rows(&app.db, "saved_searches").await, 0);
}
