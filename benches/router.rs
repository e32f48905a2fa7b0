//! Router benchmark (a program, not a timed test): `cargo bench --bench router`
//! (and `cargo bench --bench router -- instructions` for our plugin's cost
//! in instructions, counted by callgrind: see [`instruction_counts`]).
//!
//! Starts `jobgraph dev --demo`, then more routers over the same subgraphs,
//! and drives each target with a fixed number of keep-alive connections for
//! a fixed time from this process, pinned to another core than the servers
//! (`taskset`). Prints requests per second and p50/p95/p99 latency for:
//! - the jobs subgraph directly, and the same query through the router
//!   (the router's overhead);
//! - a federated query (jobs joined with users) through the router;
//! - gateways measured by themselves: the subgraphs answer through a
//!   caching proxy in this process (each distinct subgraph request is asked
//!   of the real subgraph once, then answered from memory), so the gateway
//!   alone on core 0 sets the pace, not SQLite. Behind it: the router with
//!   our plugin (rate limits set far above the load, so they count but
//!   never refuse) and with it off (the plain engine), and Hive Gateway on
//!   the same supergraph (`npm ci` in benches/hive-gateway first; skipped
//!   when it is missing), with its defaults and with Prometheus metrics on
//!   (our router has them on, as shipped), on the federated query and on a
//!   cheap one.
//!
//! Targets that are compared (direct and routed; plugins and none; router
//! and Hive Gateway) are measured in turn, round after round, and each
//! figure is given by round and as the median of the rounds. Core 0's and
//! core 1's busy shares are printed beside each measurement: a load core
//! near 100 % means the figure is bounded by the load, not the target.
//!
//! No response compression on any target (the client sends no
//! Accept-Encoding), and no in-flight deduplication: our routers have
//! subgraph request deduplication turned off (it is on by default and would
//! merge the identical concurrent requests; inbound deduplication is off by
//! default), and Hive Gateway runs with its defaults, which configure none,
//! in production mode (`NODE_ENV=production`, as its deployment guide asks).

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jobgraph_router::run::{Jwks, RouterYaml};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CONNECTIONS: usize = 32;
const DURATION: Duration = Duration::from_secs(5);
const WARM_UP: Duration = Duration::from_secs(1);
/// Targets compared with each other are measured in turn, this many times
/// over, and compared round by round: this VM's speed drifts over minutes,
/// which would bias one measurement of each taken minutes apart.
const ROUNDS: usize = 5;
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

/// GETs `path` (one request, connection closed); the whole answer, empty
/// when nothing listens.
async fn http_get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await else { return String::new() };
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends `request` on `stream` and reads its whole answer, which must be a 200.
async fn exchange(stream: &mut TcpStream, request: &[u8], buffer: &mut [u8]) {
    stream.write_all(request).await.expect("send");
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
}

async fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    stream.set_nodelay(true).unwrap();
    stream
}

/// One keep-alive connection sending `request` until `until`; returns latencies.
async fn connection(port: u16, request: Arc<Vec<u8>>, until: Instant, record_from: Instant) -> Vec<Duration> {
    let mut stream = connect(port).await;
    let mut latencies = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    while Instant::now() < until {
        let sent = Instant::now();
        exchange(&mut stream, &request, &mut buffer).await;
        if sent >= record_from {
            latencies.push(sent.elapsed());
        }
    }
    latencies
}

/// `count` requests for `query`, one after another on one connection.
async fn send_requests(port: u16, query: &str, count: usize) {
    let request = graphql_request(query);
    let mut stream = connect(port).await;
    let mut buffer = vec![0u8; 64 * 1024];
    for _ in 0..count {
        exchange(&mut stream, &request, &mut buffer).await;
    }
}

fn graphql_request(query: &str) -> Vec<u8> {
    let body = serde_json::json!({ "query": query }).to_string();
    format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reads one HTTP/1.1 message (head and body, by Content-Length or
/// chunked) from `stream`; `None` when the peer closed before one began.
async fn read_message(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut raw = Vec::with_capacity(4096);
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_lowercase();
    let header = |name: &str| head.lines().find_map(|line| line.strip_prefix(name)).map(str::trim);
    if header("transfer-encoding:") == Some("chunked") {
        let mut body = Vec::new();
        let mut at = head_end;
        loop {
            while !raw[at..].windows(2).any(|w| w == b"\r\n") {
                let n = stream.read(&mut chunk).await.ok()?;
                raw.extend_from_slice(&chunk[..n]);
            }
            let line_end = at + raw[at..].windows(2).position(|w| w == b"\r\n")?;
            let size = usize::from_str_radix(String::from_utf8_lossy(&raw[at..line_end]).trim(), 16).ok()?;
            while raw.len() < line_end + 2 + size + 2 {
                let n = stream.read(&mut chunk).await.ok()?;
                raw.extend_from_slice(&chunk[..n]);
            }
            if size == 0 {
                return Some((head, body));
            }
            body.extend_from_slice(&raw[line_end + 2..line_end + 2 + size]);
            at = line_end + 2 + size + 2;
        }
    }
    let length: usize = header("content-length:").and_then(|v| v.parse().ok()).unwrap_or(0);
    while raw.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&chunk[..n]);
    }
    Some((head, raw[head_end..head_end + length].to_vec()))
}

/// Subgraph answers (whole HTTP responses) by request body.
type Answers = HashMap<Vec<u8>, Arc<Vec<u8>>>;

/// A caching proxy in front of the subgraph on `upstream`: the first request
/// with a given body is asked of the subgraph, every later one is answered
/// from memory. Returns the port it listens on.
async fn caching_proxy(upstream: u16) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let cache: Arc<Mutex<Answers>> = Arc::default();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else { continue };
            let _ = client.set_nodelay(true);
            let cache = cache.clone();
            tokio::spawn(async move {
                while let Some((head, body)) = read_message(&mut client).await {
                    let known = cache.lock().unwrap().get(&body).cloned();
                    let response = match known {
                        Some(response) => response,
                        None => {
                            let response = Arc::new(ask(upstream, &head, &body).await);
                            cache.lock().unwrap().insert(body, response.clone());
                            response
                        }
                    };
                    if client.write_all(&response).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    port
}

/// Sends one request to the subgraph and returns its answer as a complete
/// keep-alive response.
async fn ask(upstream: u16, head: &str, body: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", upstream)).await.expect("the subgraph answers");
    let authorization = head
        .lines()
        .find(|line| line.starts_with("authorization:"))
        .map(|line| format!("{line}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n{authorization}Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let (_, answer) = read_message(&mut stream).await.expect("an answer");
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", answer.len())
            .into_bytes();
    response.extend_from_slice(&answer);
    response
}

struct Figures {
    rps: f64,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    /// How busy core 0 (the servers) and core 1 (the load) were while recording.
    busy: [f64; 2],
}

/// Busy and total jiffies of cores 0 and 1, from /proc/stat.
fn core_times() -> [(u64, u64); 2] {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let mut times = [(0, 0); 2];
    for (core, slot) in times.iter_mut().enumerate() {
        let prefix = format!("cpu{core} ");
        if let Some(line) = stat.lines().find(|line| line.starts_with(&prefix)) {
            let fields: Vec<u64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
            let total: u64 = fields.iter().take(8).sum();
            let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
            *slot = (total - idle, total);
        }
    }
    times
}

fn busy_between(before: [(u64, u64); 2], after: [(u64, u64); 2]) -> [f64; 2] {
    [0, 1].map(|core| {
        let (busy, total) = (after[core].0 - before[core].0, after[core].1 - before[core].1);
        if total == 0 { 0.0 } else { busy as f64 / total as f64 }
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Measures every target once per round, in turn, forwards in odd rounds
/// and backwards in even ones (so no target is always first after a
/// switch); `result[target][round]`.
async fn interleaved(targets: &[(u16, &str, usize)]) -> Vec<Vec<Figures>> {
    let mut results: Vec<Option<Figures>> = (0..targets.len() * ROUNDS).map(|_| None).collect();
    for round in 0..ROUNDS {
        let order: Vec<usize> =
            if round % 2 == 0 { (0..targets.len()).collect() } else { (0..targets.len()).rev().collect() };
        for target in order {
            let (port, query, connections) = targets[target];
            results[target * ROUNDS + round] = Some(measure(port, query, connections).await);
        }
    }
    let mut results = results.into_iter().map(|figures| figures.expect("measured"));
    (0..targets.len()).map(|_| results.by_ref().take(ROUNDS).collect()).collect()
}

async fn measure(port: u16, query: &str, connections: usize) -> Figures {
    let request = Arc::new(graphql_request(query));
    let start = Instant::now();
    let (record_from, until) = (start + WARM_UP, start + WARM_UP + DURATION);
    let tasks: Vec<_> =
        (0..connections).map(|_| tokio::spawn(connection(port, request.clone(), until, record_from))).collect();
    tokio::time::sleep_until(record_from.into()).await;
    let before = core_times();
    tokio::time::sleep_until(until.into()).await;
    let busy = busy_between(before, core_times());
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("a connection"));
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Figures { rps: latencies.len() as f64 / DURATION.as_secs_f64(), p50: at(0.50), p95: at(0.95), p99: at(0.99), busy }
}

fn report(name: &str, figures: &Figures) {
    println!(
        "{name:<44} {:>9.0} req/s   p50 {:>7.2} ms   p95 {:>7.2} ms   p99 {:>7.2} ms   cores busy {:>3.0}% / {:>3.0}%",
        figures.rps,
        figures.p50.as_secs_f64() * 1e3,
        figures.p95.as_secs_f64() * 1e3,
        figures.p99.as_secs_f64() * 1e3,
        figures.busy[0] * 100.0,
        figures.busy[1] * 100.0,
    );
}

/// Prints each round's figures of every target, named by `names`.
fn report_rounds(names: &[&str], results: &[Vec<Figures>]) {
    for round in 0..ROUNDS {
        for (name, result) in names.iter().zip(results) {
            report(&format!("round {}: {name}", round + 1), &result[round]);
        }
    }
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// `dedupe`: the engine's deduplication of identical in-flight subgraph
/// requests (on by default, as Hive Gateway's is); off, every request
/// reaches the subgraph, as it does when measured directly.
fn router_config(
    dir: &std::path::Path,
    port: u16,
    supergraph: &str,
    plugins: bool,
    dedupe: bool,
) -> std::path::PathBuf {
    let mut yaml = RouterYaml {
        listen: ([127, 0, 0, 1], port).into(),
        supergraph: supergraph.into(),
        jwks: Jwks::File("jwks.json".into()),
        issuer: "jobgraph".into(),
        audience: "jobgraph-api".into(),
        explore: false,
        rate_limit: plugins.then(|| {
            "{ per_ip: { capacity: 100000000, refill_per_second: 100000000 }, per_user: { capacity: 100000000, refill_per_second: 100000000 } }".into()
        }),
        log_format: None,
        persisted_documents: None,
    }
    .to_yaml()
    .replace("    request_timeout: 10s\n", &format!("    request_timeout: 10s\n    dedupe_enabled: {dedupe}\n"))
    // The caching proxy speaks HTTP/1.1 only, as Hive Gateway does to it.
    .replace("    allow_only_http2: true\n", "    allow_only_http2: false\n");
    if !plugins {
        yaml = yaml.replace("  jobgraph:\n    enabled: true\n", "  jobgraph:\n    enabled: false\n");
        assert!(yaml.contains("  jobgraph:\n    enabled: false\n"), "{yaml}");
    }
    let path = dir.join(format!("router-{port}.yaml"));
    std::fs::write(&path, yaml).unwrap();
    path
}

/// `cargo bench --bench router -- instructions`: the instructions one
/// federated request costs the router with our plugin on and off, counted
/// by callgrind over the same requests. Throughput on a shared VM moves by
/// several percent from run to run; instruction counts repeat.
async fn instruction_counts(data: &std::path::Path) {
    const WARM_UP_REQUESTS: usize = 200;
    const REQUESTS: usize = 2_000;
    let mut per_request = Vec::new();
    for (port, plugin) in [(4730, true), (4731, false)] {
        let config = router_config(data, port, "supergraph-cached.graphql", plugin, false);
        let out = data.join(format!("callgrind-{port}.out"));
        let child = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .args([env!("CARGO_BIN_EXE_jobgraph"), "router", "--config", config.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("valgrind runs (apt-get install valgrind)");
        let pid = child.id().to_string();
        let router = Process(child);
        let started = Instant::now();
        while !http_get(port, "/readiness").await.starts_with("HTTP/1.1 200") {
            assert!(started.elapsed() < Duration::from_secs(300), "the router under callgrind never got ready");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Plans and caches warm first; then only the measured requests count.
        send_requests(port, FEDERATED, WARM_UP_REQUESTS).await;
        let control = |command: &str| {
            let status = Command::new("callgrind_control")
                .args([command, &pid])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            assert!(status.is_ok_and(|s| s.success()), "callgrind_control {command}");
        };
        control("--zero");
        send_requests(port, FEDERATED, REQUESTS).await;
        control("--dump");
        drop(router);
        let dump = std::fs::read_to_string(format!("{}.1", out.display())).expect("callgrind's dump");
        let total: f64 = dump.lines().find_map(|line| line.strip_prefix("summary: ")).unwrap().trim().parse().unwrap();
        per_request.push(total / REQUESTS as f64);
    }
    let (ours, plain) = (per_request[0], per_request[1]);
    println!(
        "instructions per federated request (callgrind, {REQUESTS} requests after {WARM_UP_REQUESTS}, cached subgraphs): \
         router with our plugin {ours:.0}, plain engine {plain:.0}; our plugin costs {:.1} %",
        (ours / plain - 1.0) * 100.0
    );
}

fn main() {
    // This process (the load) on core 1; the servers on core 0.
    let _ =
        Command::new("taskset").args(["-c", "-p", "1", &std::process::id().to_string()]).stdout(Stdio::null()).status();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("jobgraph-bench-{}", std::process::id()));
        let data = dir.join("data");
        let (router, users, plugins_router, cached_router, plain_cached_router) = (4700, 4701, 4710, 4711, 4712);
        // The router with deduplication on, to compare with Hive Gateway's defaults (which have it on).
        let deduping_router = 4713;
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
            "--web-port",
            "0",
        ]);
        wait_for(router).await;
        wait_for(jobs).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        // The same supergraph with every subgraph behind a caching proxy.
        let mut cached = std::fs::read_to_string(data.join("supergraph.graphql")).unwrap();
        for subgraph in [users, jobs, users + 2] {
            let proxy = caching_proxy(subgraph).await;
            cached = cached.replace(&format!("127.0.0.1:{subgraph}/"), &format!("127.0.0.1:{proxy}/"));
        }
        std::fs::write(data.join("supergraph-cached.graphql"), cached).unwrap();
        if std::env::args().any(|arg| arg == "instructions") {
            instruction_counts(&data).await;
            let _ = std::fs::remove_dir_all(&dir);
            return;
        }
        let routers: Vec<Process> = [
            (plugins_router, "supergraph.graphql", true, false),
            (cached_router, "supergraph-cached.graphql", true, false),
            (plain_cached_router, "supergraph-cached.graphql", false, false),
            (deduping_router, "supergraph-cached.graphql", true, true),
        ]
        .into_iter()
        .map(|(port, supergraph, plugins, dedupe)| {
            jobgraph(&["router", "--config", router_config(&data, port, supergraph, plugins, dedupe).to_str().unwrap()])
        })
        .collect();
        for port in [plugins_router, cached_router, plain_cached_router, deduping_router] {
            wait_for(port).await;
        }

        println!(
            "{CONNECTIONS} connections (or 1 where it says), {} s per measurement after {} s of warm-up, targets compared \
             in {ROUNDS} interleaved rounds; servers on core 0, load (and the caching proxy) on core 1; \
             `cores busy` is core 0 / core 1 while recording",
            DURATION.as_secs(),
            WARM_UP.as_secs()
        );
        // One connection: latency without queueing, for the router's overhead.
        let overhead = interleaved(&[(jobs, SINGLE, 1), (plugins_router, SINGLE, 1)]).await;
        report_rounds(&["1 connection: jobs subgraph directly", "1 connection: same query through the router"], &overhead);
        let overheads: Vec<f64> =
            overhead[0].iter().zip(&overhead[1]).map(|(d, r)| milliseconds(r.p50) - milliseconds(d.p50)).collect();
        println!(
            "router overhead at p50, 1 connection: {} ms by round; median {:.2} ms",
            overheads.iter().map(|o| format!("{o:.2}")).collect::<Vec<_>>().join(" / "),
            median(overheads.clone())
        );
        let direct = measure(jobs, SINGLE, CONNECTIONS).await;
        report("jobs subgraph directly", &direct);
        let routed = measure(plugins_router, SINGLE, CONNECTIONS).await;
        report("same query through the router", &routed);
        let federated = measure(plugins_router, FEDERATED, CONNECTIONS).await;
        report("federated query (jobs + users)", &federated);
        println!(
            "with {CONNECTIONS} connections the router adds {:.2} ms at p50 (router and subgraph share core 0: queueing)",
            milliseconds(routed.p50) - milliseconds(direct.p50),
        );

        println!("gateways alone on core 0, subgraphs answered by the caching proxy:");
        let plugins = interleaved(&[(cached_router, FEDERATED, CONNECTIONS), (plain_cached_router, FEDERATED, CONNECTIONS)]).await;
        report_rounds(&["federated, router with our plugin", "federated, plain engine (our plugin off)"], &plugins);
        let costs: Vec<f64> = plugins[0].iter().zip(&plugins[1]).map(|(ours, plain)| (1.0 - ours.rps / plain.rps) * 100.0).collect();
        println!(
            "our plugin costs {} % of throughput by round; median {:.1} %",
            costs.iter().map(|c| format!("{c:.1}")).collect::<Vec<_>>().join(" / "),
            median(costs.clone())
        );
        let gateway_bin = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/hive-gateway/node_modules/.bin/hive-gateway");
        if std::path::Path::new(gateway_bin).exists() {
            let supergraph = data.join("supergraph-cached.graphql");
            // Production mode, as Hive Gateway's deployment guide asks; one
            // process (its default: no forks) on the one core it is given.
            // Once with its defaults, once with Prometheus metrics on, as
            // our router has them.
            let gateway = |port: u16, config: Option<&str>| {
                let mut command = Command::new("taskset");
                command.args(["-c", "0", gateway_bin]);
                if let Some(config) = config {
                    command.args(["--config-path", config]);
                }
                let child = command
                    .args(["supergraph", supergraph.to_str().unwrap()])
                    .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--disable-websockets"])
                    .env("NODE_ENV", "production")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("hive-gateway runs");
                Process(child)
            };
            let (plain_gateway, metered_gateway, undeduped_gateway) = (4720, 4721, 4722);
            let _gateways = [
                gateway(plain_gateway, None),
                gateway(
                    metered_gateway,
                    Some(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/hive-gateway/prometheus.config.mjs")),
                ),
                gateway(
                    undeduped_gateway,
                    Some(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/hive-gateway/no-dedupe.config.mjs")),
                ),
            ];
            for port in [plain_gateway, metered_gateway, undeduped_gateway] {
                wait_for(port).await;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
            let metrics = http_get(metered_gateway, "/metrics").await;
            assert!(metrics.contains("# TYPE graphql_envelop_request_duration"), "Hive Gateway's metrics: {metrics:.300}");
            // Like with like: deduplication of identical in-flight subgraph
            // requests off on both, then on on both (Hive Gateway's default).
            let compared = interleaved(&[
                (cached_router, FEDERATED, CONNECTIONS),
                (undeduped_gateway, FEDERATED, CONNECTIONS),
                (metered_gateway, FEDERATED, CONNECTIONS),
                (cached_router, CHEAP, CONNECTIONS),
                (undeduped_gateway, CHEAP, CONNECTIONS),
                (deduping_router, FEDERATED, CONNECTIONS),
                (plain_gateway, FEDERATED, CONNECTIONS),
            ])
            .await;
            report_rounds(
                &[
                    "federated, router with our plugin, no dedupe",
                    "federated, Hive Gateway, no dedupe",
                    "federated, Hive Gateway with Prometheus (dedupe on)",
                    "cheap query, router with our plugin, no dedupe",
                    "cheap query, Hive Gateway, no dedupe",
                    "federated, router with our plugin, dedupe on",
                    "federated, Hive Gateway, dedupe on (its defaults)",
                ],
                &compared,
            );
            let ratios = |router: &[Figures], gateway: &[Figures]| -> Vec<f64> {
                router.iter().zip(gateway).map(|(r, g)| r.rps / g.rps).collect()
            };
            for (name, ratios) in [
                ("federated query, no dedupe on either", ratios(&compared[0], &compared[1])),
                ("federated query, dedupe on both", ratios(&compared[5], &compared[6])),
                ("federated query, dedupe on both, both with Prometheus metrics", ratios(&compared[5], &compared[2])),
                ("cheap query, no dedupe on either", ratios(&compared[3], &compared[4])),
            ] {
                println!(
                    "router / Hive Gateway throughput, {name}: {} by round; median {:.1}x",
                    ratios.iter().map(|r| format!("{r:.1}x")).collect::<Vec<_>>().join(" / "),
                    median(ratios.clone())
                );
            }
        } else {
            println!("Hive Gateway comparison skipped: run `npm ci` in benches/hive-gateway");
        }
        drop(routers);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
