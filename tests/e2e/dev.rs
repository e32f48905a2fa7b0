use std::process::Command;

use serde_json::json;

use crate::harness::{Dev, graphql};

#[test]
fn dev_serves_demo_data_and_stops_gracefully() {
    let mut dev = Dev::start();
    assert!(dev.output.contains("admin@demo.jobgraph.dev"), "the demo accounts are printed: {}", dev.output);
    // Each subgraph also answers directly, and a token from users works on jobs.
    let login = graphql(
        dev.users,
        "mutation { login(email: \"employer1@demo.jobgraph.dev\", password: \"jobgraph-demo\") { accessToken } }",
        json!({}),
        None,
    );
    let token = login["data"]["login"]["accessToken"].as_str().expect("a token").to_string();
    let listing = graphql(dev.jobs, "{ jobs(first: 100) { totalCount } }", json!({}), None);
    assert!(listing["data"]["jobs"]["totalCount"].as_i64().unwrap() > 500, "most of the 1,000 demo jobs are published");
    let company = graphql(
        dev.jobs,
        "mutation { createCompany(input: { name: \"Smoke Test Ltd\" }) { slug } }",
        json!({}),
        Some(&token),
    );
    assert_eq!(company["data"]["createCompany"]["slug"], "smoke-test-ltd", "{company}");

    // SIGTERM stops it gracefully.
    let status = Command::new("kill").arg(dev.child.id().to_string()).status().unwrap();
    assert!(status.success());
    let exit = dev.child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
}
