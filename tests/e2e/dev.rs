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

    // Composition from running subgraphs (`schema.subgraph_url`).
    let out = dev.data_dir.join("composed");
    let config = dev.data_dir.join("remote.yaml");
    let yaml = format!(
        "subgraphs:\n  accounts:\n    routing_url: http://127.0.0.1:{u}/graphql\n    schema:\n      subgraph_url: http://127.0.0.1:{u}/graphql\n  listings:\n    routing_url: http://127.0.0.1:{j}/graphql\n    schema:\n      subgraph_url: http://127.0.0.1:{j}/graphql\n",
        u = dev.users,
        j = dev.jobs
    );
    std::fs::write(&config, yaml).unwrap();
    let composed = Command::new(env!("CARGO_BIN_EXE_jobgraph"))
        .args(["compose", "--config", config.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(composed.status.success(), "{}", String::from_utf8_lossy(&composed.stderr));
    let supergraph = std::fs::read_to_string(out.join("supergraph.graphql")).unwrap();
    assert!(
        supergraph.contains("ACCOUNTS @join__graph") && supergraph.contains("@join__type(graph: LISTINGS)"),
        "{supergraph}"
    );

    // SIGTERM stops it gracefully.
    let status = Command::new("kill").arg(dev.child.id().to_string()).status().unwrap();
    assert!(status.success());
    let exit = dev.child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
}
