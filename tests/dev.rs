//! End to end: `jobgraph dev --demo` as a newcomer runs it, over real HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// POSTs a GraphQL request over plain HTTP/1.1.
fn graphql(port: u16, query: &str, variables: Value, token: Option<&str>) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let body = response.split_once("\r\n\r\n").expect("an HTTP response").1;
    serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON, got {response}"))
}

/// Two consecutive free ports.
fn free_ports() -> u16 {
    for _ in 0..50 {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if port < 65000 && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no free ports");
}

struct Dev(Child);

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[test]
fn dev_serves_demo_data_and_tokens_from_users_work_on_jobs() {
    let data_dir = std::env::temp_dir().join(format!("jobgraph-dev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let port = free_ports();
    let child = Command::new(env!("CARGO_BIN_EXE_jobgraph"))
        .args(["dev", "--demo", "--first-port", &port.to_string(), "--data-dir"])
        .arg(&data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("jobgraph dev starts");
    let mut dev = Dev(child);
    let started = Instant::now();
    let mut lines = BufReader::new(dev.0.stdout.take().unwrap()).lines();
    let mut output = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        output.push_str(&line);
        output.push('\n');
        if line.contains("seeker") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "dev did not get ready: {output}");
    }
    assert!(output.contains("is ready in"), "{output}");
    assert!(output.contains("admin@demo.jobgraph.dev"), "the demo accounts are printed: {output}");
    let (users, jobs) = (port, port + 1);

    let login = graphql(
        users,
        "mutation { login(email: \"employer1@demo.jobgraph.dev\", password: \"jobgraph-demo\") { accessToken } }",
        json!({}),
        None,
    );
    let token = login["data"]["login"]["accessToken"].as_str().expect("a token").to_string();
    let listing =
        graphql(jobs, "{ jobs(first: 100) { totalCount edges { node { company { name } } } } }", json!({}), None);
    let total = listing["data"]["jobs"]["totalCount"].as_i64().unwrap();
    assert!(total > 500, "most of the 1,000 demo jobs are published: {total}");
    assert_eq!(listing["data"]["jobs"]["edges"].as_array().unwrap().len(), 100);
    let company = graphql(
        jobs,
        "mutation { createCompany(input: { name: \"Smoke Test Ltd\" }) { slug owner { id } } }",
        json!({}),
        Some(&token),
    );
    assert_eq!(company["data"]["createCompany"]["slug"], "smoke-test-ltd", "{company}");
    let forged = graphql(
        jobs,
        "mutation { createCompany(input: { name: \"Forged\" }) { slug } }",
        json!({}),
        Some("not.a.token"),
    );
    assert_eq!(forged["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    // SIGTERM stops it gracefully.
    let status = Command::new("kill").arg(dev.0.id().to_string()).status().unwrap();
    assert!(status.success());
    let exit = dev.0.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
    let _ = std::fs::remove_dir_all(&data_dir);
}
