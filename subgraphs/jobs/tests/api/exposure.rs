//! A subgraph defends itself, whoever reaches it: the router's secret when
//! one is set, no introspection or GraphiQL outside dev, and limits on
//! depth, complexity and entity batches.

use jobgraph_jobs::JobsService;
use jobgraph_shared::server::{Exposure, MAX_REPRESENTATIONS, SECRET_HEADER};
use jobgraph_shared::testing::{GraphqlClient, data, error_code};
use serde_json::json;

use crate::helpers::TestApp;

fn client(app: &TestApp, exposure: Exposure) -> GraphqlClient {
    let verifier = jobgraph_shared::auth::TokenVerifier::new(
        vec![],
        &jobgraph_shared::auth::TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() },
    );
    GraphqlClient::new(jobgraph_jobs::router(JobsService::new(app.db.clone()), verifier, exposure))
}

const LISTING: &str = "{ jobs(first: 1) { totalCount } }";

#[tokio::test]
async fn with_a_secret_only_callers_that_present_it_are_served() {
    let app = TestApp::spawn().await;
    let guarded = client(&app, Exposure { explore: false, secret: Some("router-only-7f3a".into()) });
    for presented in [None, Some("wrong"), Some("router-only-7f3"), Some("router-only-7f3a ")] {
        let headers: Vec<(&str, &str)> = presented.iter().map(|value| (SECRET_HEADER, *value)).collect();
        let refused = guarded.query_with_headers(LISTING, json!({}), &headers).await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{presented:?}: {refused}");
        assert!(refused["data"].is_null(), "{refused}");
    }
    let served = guarded.query_with_headers(LISTING, json!({}), &[(SECRET_HEADER, "router-only-7f3a")]).await;
    assert_eq!(data(&served)["jobs"]["totalCount"], 0);
    // Without a secret configured, no header is needed (dev, tests).
    data(&client(&app, Exposure::default()).query(LISTING, json!({}), None).await);
}

#[tokio::test]
async fn introspection_and_graphiql_are_off_outside_dev_but_federation_works() {
    let app = TestApp::spawn().await;
    let production = client(&app, Exposure::default());
    let introspection = production.query("{ __schema { types { name } } }", json!({}), None).await;
    assert!(data(&introspection)["__schema"].is_null(), "{introspection}");
    let named = production.query("{ __type(name: \"Job\") { name } }", json!({}), None).await;
    assert!(data(&named)["__type"].is_null(), "{named}");
    let (status, _) = production.get("/graphql").await;
    assert_eq!(status.as_u16(), 405, "no GraphiQL");
    let sdl = production.query("{ _service { sdl } }", json!({}), None).await;
    assert!(data(&sdl)["_service"]["sdl"].as_str().unwrap().contains("type Job"), "the router composes from it");

    let dev = client(&app, Exposure::dev());
    assert!(data(&dev.query("{ __schema { queryType { name } } }", json!({}), None).await)["__schema"].is_object());
    assert_eq!(dev.get("/graphql").await.0.as_u16(), 200);
}

#[tokio::test]
async fn too_deep_too_complex_or_too_many_entities_are_refused() {
    let app = TestApp::spawn().await;
    let production = client(&app, Exposure::default());
    let mut deep = String::from("id");
    for _ in 0..6 {
        deep = format!("company {{ jobs(first: 1) {{ edges {{ node {{ {deep} }} }} }} }}");
    }
    let deep = format!("{{ jobs(first: 1) {{ edges {{ node {{ {deep} }} }} }} }}");
    let refused = production.query(&deep, json!({}), None).await;
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("too deep"), "{refused}");

    let wide: String = (0..10_500).map(|n| format!("a{n}: jobs(first: 1) {{ totalCount }} ")).collect();
    let refused = production.query(&format!("{{ {wide} }}"), json!({}), None).await;
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("complex"), "{refused}");

    let entities =
        "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Job { id } } }";
    let one = json!({ "__typename": "Job", "id": uuid::Uuid::now_v7() });
    let too_many = vec![one.clone(); MAX_REPRESENTATIONS + 1];
    let refused = production.query(entities, json!({ "representations": too_many }), None).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    let allowed = production.query(entities, json!({ "representations": vec![one; 10] }), None).await;
    assert_eq!(data(&allowed)["_entities"].as_array().map(Vec::len), Some(10));
}
