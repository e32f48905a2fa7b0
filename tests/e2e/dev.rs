use std::process::Command;

use serde_json::json;

use crate::harness::{Dev, free_port, graphql};

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

/// In dev the outboxes feed the in-process bus: an employer deleting their
/// account in users closes their open jobs in jobs, through events alone.
#[test]
fn dev_carries_events_between_services() {
    let dev = Dev::start();
    let employer = dev.login("employer1@demo.jobgraph.dev");
    let mine = graphql(
        dev.router,
        "{ me { id postedJobs(first: 100) { edges { node { id status } } } } }",
        json!({}),
        Some(&employer),
    );
    let me = mine["data"]["me"]["id"].as_str().unwrap_or_else(|| panic!("{mine}")).to_string();
    let open: Vec<String> = mine["data"]["me"]["postedJobs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|edge| edge["node"]["status"] == "PUBLISHED")
        .map(|edge| edge["node"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!open.is_empty(), "the demo employer has published jobs: {mine}");
    let deleted =
        graphql(dev.router, "mutation($id: ID!) { deleteUser(id: $id) { id } }", json!({ "id": me }), Some(&employer));
    assert!(deleted.get("errors").is_none(), "{deleted}");
    let admin = dev.login("admin@demo.jobgraph.dev");
    let started = std::time::Instant::now();
    loop {
        let job =
            graphql(dev.router, "query($id: ID!) { job(id: $id) { status } }", json!({ "id": open[0] }), Some(&admin));
        if job["data"]["job"]["status"] == "CLOSED" {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the job was not closed: {job}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A script that waits for the endpoint and then uses it is never answered
/// with a subgraph's absence: the first answer the router gives after start
/// is a whole one, across all three subgraphs.
#[test]
fn the_first_answer_after_start_is_whole() {
    let data_dir = std::env::temp_dir().join(format!("jobgraph-first-{}-{}", std::process::id(), free_port()));
    let router = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobgraph"))
        .args([
            "dev",
            "--demo",
            "--first-port",
            "0",
            "--router-port",
            &router.to_string(),
            "--web-port",
            "0",
            "--data-dir",
        ])
        .arg(&data_dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("jobgraph dev starts");
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", router)).is_err() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the router never listened");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let query = "{ jobs(first: 1) { totalCount edges { node { title postedBy { firstName } applicationCount } } } }";
    let first_answer = graphql(router, query, json!({}), None);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&data_dir);
    assert!(first_answer.get("errors").is_none(), "the first answer is whole: {first_answer}");
    let node = &first_answer["data"]["jobs"]["edges"][0]["node"];
    assert!(node["postedBy"]["firstName"].is_string() && node["applicationCount"].is_number(), "{first_answer}");
}
