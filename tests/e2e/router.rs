use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings};
use serde_json::json;
use uuid::Uuid;

use crate::harness::{Dev, get_status, graphql, graphql_full, post};

#[test]
fn the_router_joins_users_and_jobs() {
    let dev = Dev::start();
    // A page of 100 jobs fans out to users for every poster, in one entity call.
    let page = graphql(
        dev.router,
        "{ jobs(first: 100) { totalCount edges { node { id title company { name } postedBy { id firstName } } } } }",
        json!({}),
        None,
    );
    let edges = page["data"]["jobs"]["edges"].as_array().unwrap_or_else(|| panic!("{page}"));
    assert_eq!(edges.len(), 100);
    assert!(
        edges
            .iter()
            .all(|e| e["node"]["postedBy"]["firstName"].is_string() && e["node"]["company"]["name"].is_string()),
        "{page}"
    );
    let id = edges[0]["node"]["id"].clone();
    let one = graphql(
        dev.router,
        "query($id: ID!) { job(id: $id) { title company { name isVerified } postedBy { firstName } } }",
        json!({ "id": id }),
        None,
    );
    assert!(one["data"]["job"]["postedBy"]["firstName"].is_string(), "{one}");

    let token = dev.login("employer1@demo.jobgraph.dev");
    let me = graphql(
        dev.router,
        "{ me { email postedJobs(first: 5) { totalCount edges { node { title company { name } } } } } }",
        json!({}),
        Some(&token),
    );
    assert_eq!(me["data"]["me"]["email"], "employer1@demo.jobgraph.dev", "{me}");
    assert!(me["data"]["me"]["postedJobs"]["totalCount"].as_i64().unwrap() > 0, "{me}");

    // Operations: probes and Prometheus metrics.
    for path in ["/health", "/readiness", "/metrics"] {
        assert_eq!(get_status(dev.router, path), 200, "{path}");
    }
}

#[test]
fn the_router_refuses_tokens_it_cannot_verify_and_serves_anonymous_callers() {
    let dev = Dev::start();
    let key = dev.signing_key();
    let good = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let user = Uuid::now_v7();
    let hour = Duration::from_secs(3600);
    let sign =
        |key: &SigningKey, settings: &TokenSettings, at| key.sign(settings, user, Role::Admin, at, hour).unwrap().0;
    let expired = sign(&key, &good, Utc::now() - chrono::Duration::hours(3));
    let foreign = sign(&SigningKey::generate().unwrap(), &good, Utc::now());
    let misissued = sign(&key, &TokenSettings { issuer: "evil".into(), audience: "jobgraph-api".into() }, Utc::now());
    let misaddressed = sign(&key, &TokenSettings { issuer: "jobgraph".into(), audience: "other".into() }, Utc::now());
    let valid = sign(&key, &good, Utc::now());
    let payload = valid.split('.').nth(1).unwrap();
    let unsigned = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#));
    let query = "{ jobs(first: 1) { totalCount } }";
    for (name, token) in [
        ("expired", &expired),
        ("foreign", &foreign),
        ("wrong issuer", &misissued),
        ("wrong audience", &misaddressed),
        ("alg none", &unsigned),
    ] {
        let response = graphql_full(dev.router, query, json!({}), Some(token));
        assert_eq!(response.status, 401, "{name}: {}", response.body);
        assert!(response.head.contains("content-type: application/json"), "{name}: {}", response.head);
        assert_eq!(response.body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{name}: {}", response.body);
        assert!(response.body["data"].is_null(), "{name}: nothing is served");
    }
    let anonymous = graphql_full(dev.router, query, json!({}), None);
    assert_eq!(anonymous.status, 200);
    assert!(anonymous.body["data"]["jobs"]["totalCount"].as_i64().unwrap() > 0);
    let signed_in = graphql_full(dev.router, query, json!({}), Some(&valid));
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
}

#[test]
fn the_router_enforces_its_limits() {
    let dev = Dev::start();
    let refused = |query: &str| {
        let response = graphql_full(dev.router, query, json!({}), None);
        assert!(response.body["errors"].is_array() && response.body["data"].is_null(), "{query}: {}", response.body);
        response
    };
    // Depth: 13 levels of categories.
    let deep =
        format!("{{ categories {} }}", (0..12).fold("name".to_string(), |inner, _| format!("{{ children {inner} }}")));
    refused(&deep);
    let aliases: String = (0..31).map(|i| format!("a{i}: jobs(first: 1) {{ totalCount }} ")).collect();
    refused(&format!("{{ {aliases} }}"));
    let directives: String = (0..26).map(|_| "@include(if: true) ").collect();
    refused(&format!("{{ jobs(first: 1) {directives} {{ totalCount }} }}"));
    let huge = json!({ "query": "{ jobs(first: 1) { totalCount } }", "variables": { "pad": "x".repeat(1_200_000) } })
        .to_string();
    let response = post(dev.router, "/graphql", &huge, &[]);
    assert!(response.status >= 400, "a body over 1 MB is refused: {}", response.status);
    // Within the limits all is well.
    let fine = graphql(
        dev.router,
        "{ a: jobs(first: 1) { totalCount } b: companies(first: 1) { totalCount } }",
        json!({}),
        None,
    );
    assert!(fine["data"]["a"]["totalCount"].is_number(), "{fine}");
}
