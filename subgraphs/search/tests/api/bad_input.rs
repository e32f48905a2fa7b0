//! Bad input gets BAD_USER_INPUT with a reason, at once.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn every_kind_of_bad_input_is_refused_quickly_with_a_code() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    app.publish(&job(&acme, "Engineer", 1));
    let foreign_cursor = base64_of(r#"{"sort":"Date","key":1.0,"tiebreak":1,"now":1}"#);
    for (what, variables, field) in [
        ("a query of 10,000 characters", json!({ "query": "a".repeat(10_000) }), "query"),
        ("an unclosed quote", json!({ "query": "\"senior engineer" }), "query"),
        ("only exclusions", json!({ "query": "-java" }), "query"),
        ("a radius of -1", json!({ "filter": { "near": { "lat": 52.5, "lng": 13.4, "km": -1 } } }), "filter.near.km"),
        ("a latitude off the globe", json!({ "filter": { "near": { "lat": 91, "lng": 0, "km": 5 } } }), "filter.near"),
        ("distance without a point", json!({ "sort": "DISTANCE" }), "sort"),
        ("a page of 0", json!({ "first": 0 }), "first"),
        ("a page of 101", json!({ "first": 101 }), "first"),
        ("a garbage cursor", json!({ "after": "not-a-cursor" }), "after"),
        ("another sort's cursor", json!({ "after": foreign_cursor }), "after"),
        (
            "an unknown currency",
            json!({ "filter": { "salaryAtLeast": 10, "salaryCurrency": "XYZ" } }),
            "filter.salaryCurrency",
        ),
        ("a negative salary", json!({ "filter": { "salaryAtLeast": -5 } }), "filter.salaryAtLeast"),
        (
            "a salary range upside down",
            json!({ "filter": { "salaryAtLeast": 9, "salaryAtMost": 1 } }),
            "filter.salaryAtMost",
        ),
        ("a bad company id", json!({ "filter": { "companyIds": ["nope"] } }), "filter.companyIds"),
    ] {
        let began = Instant::now();
        let response = app.gql(SEARCH, variables).await;
        assert!(began.elapsed() < Duration::from_secs(1), "{what} took {:?}", began.elapsed());
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{what}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{what}: {response}");
    }
    // An unknown facet or sort is not in the schema: refused before it runs.
    let response = app.gql("{ searchJobs { facets { salaryBands { count } } } }", json!({})).await;
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("salaryBands"), "{response}");
    let response = app.gql("{ suggest(prefix: \"x\", first: 500) { text } }", json!({})).await;
    assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response}");
}

fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
