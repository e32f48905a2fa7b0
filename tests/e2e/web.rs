//! The web client as `jobgraph dev` serves it, and trusted documents: dev's
//! router takes the client's ids and any document; a production router
//! (`require_id`) takes only the ids in the client's manifest.

use jobgraph_router::run::{Jwks, PersistedDocuments, RouterYaml};
use serde_json::{Value, json};

use crate::harness::{Dev, free_port, get, post, wait_until_ready};
use crate::microservices::jobgraph;

#[test]
fn dev_serves_the_client_pointed_at_its_router() {
    let dev = Dev::start();
    let (status, index) = get(dev.web, "/");
    assert_eq!(status, 200, "{index}");
    assert!(
        index.contains(&format!(
            r#"<meta name="jobgraph-graphql-url" content="http://127.0.0.1:{}/graphql" />"#,
            dev.router
        )),
        "the page names the router: {index}"
    );
    // Every page path is the client's (it routes in the browser), so deep links work.
    let (status, deep) = get(dev.web, "/jobs/0190b3a4-0000-7000-8000-000000000000");
    assert_eq!((status, deep.contains("jobgraph-graphql-url")), (200, true), "{deep}");
    let script = index.split(r#"src="/assets/"#).nth(1).and_then(|rest| rest.split('"').next()).expect("a script");
    let (status, body) = get(dev.web, &format!("/assets/{script}"));
    assert_eq!(status, 200);
    assert!(body.contains("jobgraph-graphql-url"), "the script is the client's");
    assert_eq!(get(dev.web, "/assets/missing.js").0, 404, "a missing file is not the page");
}

/// The manifest's id of the client's operation whose text starts with `start`.
fn document_id(start: &str) -> String {
    let manifest: serde_json::Map<String, Value> =
        serde_json::from_str(jobgraph_web::PERSISTED_DOCUMENTS).expect("the manifest is JSON");
    manifest
        .iter()
        .find(|(_, text)| text.as_str().is_some_and(|text| text.starts_with(start)))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no `{start}` in the manifest"))
}

fn by_id(port: u16, id: &str, variables: Value) -> Value {
    post(port, "/graphql", &json!({ "documentId": id, "variables": variables }).to_string(), &[]).body
}

fn by_text(port: u16, query: &str) -> Value {
    post(port, "/graphql", &json!({ "query": query }).to_string(), &[]).body
}

#[test]
fn trusted_documents_in_dev_and_in_the_production_profile() {
    let dev = Dev::start();
    let suggest = document_id("query Suggest");
    let answer = by_id(dev.router, &suggest, json!({ "prefix": "ru" }));
    assert!(answer["data"]["suggest"].is_array(), "dev resolves the client's ids: {answer}");
    let answer = by_text(dev.router, "{ __typename }");
    assert_eq!(answer["data"]["__typename"], "Query", "dev takes any document: {answer}");

    // A production router over dev's subgraphs, accepting only the manifest's ids.
    let port = free_port();
    let config = RouterYaml {
        listen: ([127, 0, 0, 1], port).into(),
        supergraph: "supergraph.graphql".into(),
        jwks: Jwks::File("jwks.json".into()),
        issuer: "jobgraph".into(),
        audience: "jobgraph-api".into(),
        explore: false,
        rate_limit: None,
        log_format: None,
        persisted_documents: Some(PersistedDocuments { manifest: "persisted-documents.json".into(), require_id: true }),
    };
    let path = dev.data_dir.join("production.yaml");
    std::fs::write(&path, config.to_yaml()).unwrap();
    let _router = jobgraph(&["router", "--config", path.to_str().unwrap()], &[]);
    wait_until_ready(port, "/ready", "the production router");

    let answer = by_id(port, &suggest, json!({ "prefix": "ru" }));
    assert!(answer["data"]["suggest"].is_array(), "the client's operation is served: {answer}");
    for refused in [by_text(port, "{ __typename }"), by_id(port, "sha256:0000", json!({}))] {
        assert!(refused["data"].is_null(), "refused: {refused}");
        let code = refused["errors"][0]["extensions"]["code"].as_str().unwrap_or_default().to_string();
        assert!(!code.is_empty(), "a refusal with a code: {refused}");
    }
}

#[test]
fn jobgraph_web_serves_the_client_for_a_router_elsewhere() {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let _web = jobgraph(&["web", "--listen", &listen, "--router-url", "https://api.example.com/graphql"], &[]);
    wait_until_ready(port, "/", "jobgraph web");
    let (_, index) = get(port, "/employer/jobs/new");
    assert!(
        index.contains(r#"<meta name="jobgraph-graphql-url" content="https://api.example.com/graphql" />"#),
        "the page names the router it was given: {index}"
    );
}
