//! Router benchmark (a program, not a timed test): `cargo bench --bench router`.
//!
//! Starts `jobgraph dev --demo`, then two more routers over the same
//! subgraphs, and drives each target with a fixed number of keep-alive
//! connections for a fixed time from this process, pinned to another core
//! than the servers (`taskset`). Prints requests per second and p50/p95/p99
//! latency for:
//! - the jobs subgraph directly, and the same query through the router
//!   (the router's overhead);
//! - the router with our plugins (rate limits set far above the load, so
//!   they count but never refuse) and with none (the plain engine);
//! - a federated query (jobs joined with users) through the router;
//! - the same federated query, and a query the subgraph answers cheaply,
//!   through Hive Gateway on the same supergraph (`npm ci` in
//!   benches/hive-gateway first; skipped when it is missing).
//!
//! No response compression on any target (the client sends no
//! Accept-Encoding), and no in-flight deduplication: our routers have
//! subgraph request deduplication turned off (it is on by default and would
//! merge the identical concurrent requests), and Hive Gateway runs with its
//! defaults, which configure none.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jobgraph_router::run::{Jwks, RouterYaml};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CONNECTIONS: usize = 32;
const DURATION: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(2);
const SINGLE: &str = "{ jobs(first: 10) { edges { node { title company { name } } } } }";
/// A query the subgraph answers cheaply (one small table), so the gateways, not the subgraph, set the pace.
const CHEAP: &str = "{ categories { name slug } }";
const FEDERATED: &str = "{ jobs(first: 10) { edges { node { title company { name } postedBy { firstName } } } } }";

struct Process(Child);
impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `jobgraph ARGS` on core 0.
fn jobgraph(args: &[&str]) -> Process {
    let child = Command::new("taskset")
        .args(["-c", "0", env!("CARGO_BIN_EXE_jobgraph")])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("taskset and jobgraph run");
    Process(child)
}

async fn wait_for(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "port {port} never opened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One keep-alive connection sending `request` until `until`; returns latencies.
async fn connection(port: u16, request: Arc<Vec<u8>>, until: Instant, record_from: Instant) -> Vec<Duration> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    stream.set_nodelay(true).unwrap();
    let mut latencies = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    while Instant::now() < until {
        let sent = Instant::now();
        stream.write_all(&request).await.expect("send");
        // Read the head, then exactly Content-Length bytes of body.
        let mut read = 0;
        let (head_end, body_length) = loop {
            let n = stream.read(&mut buffer[read..]).await.expect("read");
            assert!(n > 0, "server closed the connection");
            read += n;
            if let Some(end) = buffer[..read].windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                assert!(head.starts_with("http/1.1 200"), "{head}");
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .expect("a content-length");
                break (end + 4, length);
            }
        };
        while read < head_end + body_length {
            let n = stream.read(&mut buffer[read..]).await.expect("read");
            assert!(n > 0, "server closed the connection");
            read += n;
        }
        if sent >= record_from {
            latencies.push(sent.elapsed());
        }
    }
    latencies
}

struct Figures {
    rps: f64,
    p50: Duration,
    p95: Duration,
    p99: Duration,
}

async fn measure(port: u16, query: &str, connections: usize) -> Figures {
    let body = serde_json::json!({ "query": query }).to_string();
    let request = Arc::new(
        format!(
            "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    );
    let start = Instant::now();
    let (record_from, until) = (start + WARM_UP, start + WARM_UP + DURATION);
    let tasks: Vec<_> =
        (0..connections).map(|_| tokio::spawn(connection(port, request.clone(), until, record_from))).collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("a connection"));
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures { rps: latencies.len() as f64 / DURATION.as_secs_f64(), p50: at(0.50), p95: at(0.95), p99: at(0.99) }
}

fn report(name: &str, figures: &Figures) {
    println!(
        "{name:<44} {:>9.0} req/s   p50 {:>7.2} ms   p95 {:>7.2} ms   p99 {:>7.2} ms",
        figures.rps,
        figures.p50.as_secs_f64() * 1e3,
        figures.p95.as_secs_f64() * 1e3,
        figures.p99.as_secs_f64() * 1e3
    );
}

fn router_config(dir: &std::path::Path, port: u16, plugins: bool) -> std::path::PathBuf {
    let mut yaml = RouterYaml {
        listen: ([127, 0, 0, 1], port).into(),
        supergraph: "supergraph.graphql".into(),
        jwks: Jwks::File("jwks.json".into()),
        issuer: "jobgraph".into(),
        audience: "jobgraph-api".into(),
        explore: false,
        rate_limit: plugins.then(|| {
            "{ per_ip: { capacity: 100000000, refill_per_second: 100000000 }, per_user: { capacity: 100000000, refill_per_second: 100000000 } }".into()
        }),
    }
    .to_yaml()
    // Every request reaches the subgraph, as it does when measured directly.
    .replace("    request_timeout: 10s\n", "    request_timeout: 10s\n    dedupe_enabled: false\n");
    if !plugins {
        yaml = yaml
            .replace("  reject_invalid_tokens:\n    enabled: true\n", "  reject_invalid_tokens:\n    enabled: false\n");
    }
    let path = dir.join(format!("router-{port}.yaml"));
    std::fs::write(&path, yaml).unwrap();
    path
}

fn main() {
    // This process (the load) on core 1; the servers on core 0.
    let _ =
        Command::new("taskset").args(["-c", "-p", "1", &std::process::id().to_string()]).stdout(Stdio::null()).status();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("jobgraph-bench-{}", std::process::id()));
        let data = dir.join("data");
        let (router, users, plugins_router, plain_router) = (4700, 4701, 4710, 4711);
        let jobs = users + 1;
        let _dev = jobgraph(&[
            "dev",
            "--demo",
            "--log",
            "warn",
            "--data-dir",
            data.to_str().unwrap(),
            "--first-port",
            &users.to_string(),
            "--router-port",
            &router.to_string(),
        ]);
        wait_for(router).await;
        wait_for(jobs).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let _with_plugins =
            jobgraph(&["router", "--config", router_config(&data, plugins_router, true).to_str().unwrap()]);
        let _plain = jobgraph(&["router", "--config", router_config(&data, plain_router, false).to_str().unwrap()]);
        wait_for(plugins_router).await;
        wait_for(plain_router).await;

        println!(
            "{CONNECTIONS} connections, {} s per target after {} s of warm-up; servers on core 0, load on core 1",
            DURATION.as_secs(),
            WARM_UP.as_secs()
        );
        // One connection: latency without queueing, for the router's overhead.
        let direct_1 = measure(jobs, SINGLE, 1).await;
        report("1 connection: jobs subgraph directly", &direct_1);
        let routed_1 = measure(plugins_router, SINGLE, 1).await;
        report("1 connection: same query through the router", &routed_1);
        let direct = measure(jobs, SINGLE, CONNECTIONS).await;
        report("jobs subgraph directly", &direct);
        let routed = measure(plugins_router, SINGLE, CONNECTIONS).await;
        report("same query through the router (plugins on)", &routed);
        let plain = measure(plain_router, SINGLE, CONNECTIONS).await;
        report("same query, plain engine (no plugins)", &plain);
        let federated = measure(plugins_router, FEDERATED, CONNECTIONS).await;
        report("federated query (jobs + users), plugins on", &federated);
        println!(
            "router overhead at p50: {:.2} ms with 1 connection, {:.2} ms with {CONNECTIONS}; our plugins cost {:.1}% of throughput",
            (routed_1.p50.as_secs_f64() - direct_1.p50.as_secs_f64()) * 1e3,
            (routed.p50.as_secs_f64() - direct.p50.as_secs_f64()) * 1e3,
            (1.0 - routed.rps / plain.rps) * 100.0
        );
        let gateway_bin = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/hive-gateway/node_modules/.bin/hive-gateway");
        if std::path::Path::new(gateway_bin).exists() {
            let gateway_port = 4720;
            let supergraph = data.join("supergraph.graphql");
            let child = Command::new("taskset")
                .args(["-c", "0", gateway_bin, "supergraph", supergraph.to_str().unwrap()])
                .args(["--host", "127.0.0.1", "--port", &gateway_port.to_string(), "--disable-websockets"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("hive-gateway runs");
            let _gateway = Process(child);
            wait_for(gateway_port).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
            let gateway = measure(gateway_port, FEDERATED, CONNECTIONS).await;
            report("federated query through Hive Gateway", &gateway);
            println!("router / Hive Gateway throughput on the federated query: {:.1}x", federated.rps / gateway.rps);
            let router_cheap = measure(plugins_router, CHEAP, CONNECTIONS).await;
            report("cheap query through the router, plugins on", &router_cheap);
            let gateway_cheap = measure(gateway_port, CHEAP, CONNECTIONS).await;
            report("cheap query through Hive Gateway", &gateway_cheap);
            println!("router / Hive Gateway throughput on the cheap query: {:.1}x", router_cheap.rps / gateway_cheap.rps);
        } else {
            println!("Hive Gateway comparison skipped: run `npm ci` in benches/hive-gateway");
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
