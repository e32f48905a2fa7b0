//! Subscriptions benchmark (a program, not a timed test):
//!
//!     cargo bench --bench subscriptions [-- SUBSCRIBERS RATE SECONDS]   (defaults 10000 500 20)
//!
//! The production shape on this machine: notifications on PostgreSQL and
//! Tansu (a Kafka-protocol broker), the router in front (release builds,
//! both on core 0), and this process on core 1 as the load: SUBSCRIBERS
//! WebSocket clients (graphql-transport-ws), each a different signed-in
//! user, subscribed to `notificationAdded` through the router. It then
//! publishes `application.status_changed` events to Kafka at RATE per
//! second for random subscribers, each of which notifications turns into an
//! in-app notification (no email: the users are unknown to it), and
//! measures from each event's publication (its commit to the log) to its
//! receipt by the subscriber: p50/p95/p99. It prints the router's and
//! notifications' resident memory before and after the subscribers
//! connected (memory per idle subscriber) and the connections held.
//!
//! Goals: 10,000 subscribers held; p99 <= 100 ms at 500 notifications/s;
//! <= 30 KiB per idle subscriber (router + notifications together).
//!
//! `SUBSCRIPTIONS_BENCH_REPLICAS=2` runs a second notifications replica (its
//! consumer shares the partitions with the first; the router and so every
//! subscriber is on the first): about half the notifications are then made
//! on the other replica and reach their subscriber through the relay,
//! `notification-events` and the first replica's fan-out.
//! `SUBSCRIPTIONS_BENCH_CONNECT_ONLY=1` connects the clients without
//! subscribing (what a connection alone costs the router).

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use jobgraph_router::compose::{SubgraphSdl, compose};
use jobgraph_router::run::{Jwks, RouterYaml};
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::payloads::ApplicationStatusChanged;
use jobgraph_shared::events::{Envelope, Message, Topic};
use jobgraph_shared::testing::broker::Broker;
use jobgraph_shared::testing::{Backend, TestDatabase, latency_summary};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

/// What the web client's bell asks for, and the split of the latency (`createdAt`).
const SUBSCRIPTION: &str = "subscription { notificationAdded { id createdAt unreadCount application { id } } }";
/// Subscribers connecting at once.
const CONNECT_BATCH: usize = 100;

struct Process(Child);
impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `jobgraph ARGS` on core 0 with `env`.
fn jobgraph(args: &[&str], env: &[(&str, &str)]) -> Process {
    let mut command = Command::new("taskset");
    command.args(["-c", "0", env!("CARGO_BIN_EXE_jobgraph")]).args(args).stdout(Stdio::null()).stderr(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    Process(command.spawn().expect("taskset and jobgraph run"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_ready(port: u16, path: &str) {
    let started = Instant::now();
    loop {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let mut answer = String::new();
            if stream.write_all(request.as_bytes()).await.is_ok()
                && stream.read_to_string(&mut answer).await.is_ok()
                && answer.starts_with("HTTP/1.1 200")
            {
                return;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(60), "port {port} never got ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

/// Open file descriptors of a process (its sockets among them).
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|entries| entries.count()).unwrap_or(0)
}

/// `SUBSCRIPTIONS_BENCH_CONNECT_ONLY=1`: clients connect and are acknowledged
/// but do not subscribe, to tell a connection's memory from a subscription's.
fn connect_only() -> bool {
    std::env::var("SUBSCRIPTIONS_BENCH_CONNECT_ONLY").is_ok_and(|value| value == "1")
}

/// When each event was published: the monotonic clock for the latency, the
/// wall clock to split it at the notification's creation (its `createdAt`).
type Sent = Arc<Mutex<HashMap<Uuid, (Instant, chrono::DateTime<chrono::Utc>)>>>;

/// Per notification received: (publication → receipt, publication → created), ms.
type Latencies = Arc<Mutex<Vec<(f64, f64)>>>;

/// One subscriber: connects, subscribes, then records the latency of every
/// notification it receives (from its event's publication in `sent`).
async fn subscriber(
    port: u16,
    token: String,
    sent: Sent,
    latencies: Latencies,
    subscribed: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
) {
    let mut request = format!("ws://127.0.0.1:{port}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let Ok((mut socket, _)) = tokio_tungstenite::connect_async(request).await else {
        subscribed.fetch_add(1, Ordering::SeqCst); // counted, so the run goes on; `open` tells
        return;
    };
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIPTION } });
    let _ = socket.send(Frame::text(init.to_string())).await;
    let mut acked = false;
    open.fetch_add(1, Ordering::SeqCst);
    while let Some(Ok(frame)) = socket.next().await {
        let Frame::Text(text) = frame else { continue };
        let Ok(message) = serde_json::from_str::<Value>(&text) else { continue };
        match message["type"].as_str() {
            Some("connection_ack") if !acked => {
                acked = true;
                if !connect_only() {
                    let _ = socket.send(Frame::text(subscribe.to_string())).await;
                }
                subscribed.fetch_add(1, Ordering::SeqCst);
            }
            Some("ping") => {
                let _ = socket.send(Frame::text(json!({ "type": "pong" }).to_string())).await;
            }
            Some("next") => {
                let received = Instant::now();
                let added = &message["payload"]["data"]["notificationAdded"];
                let at = added["application"]["id"]
                    .as_str()
                    .and_then(|id| Uuid::parse_str(id).ok())
                    .and_then(|id| sent.lock().unwrap().get(&id).copied());
                let created = added["createdAt"].as_str().and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok());
                if let (Some((at, wall)), Some(created)) = (at, created) {
                    let to_created = (created.with_timezone(&chrono::Utc) - wall).as_seconds_f64() * 1000.0;
                    latencies.lock().unwrap().push(((received - at).as_secs_f64() * 1000.0, to_created));
                }
            }
            _ => {}
        }
    }
    open.fetch_sub(1, Ordering::SeqCst);
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|arg| arg.parse().ok()).collect();
    let subscribers = args.first().copied().unwrap_or(10_000);
    let rate = args.get(1).copied().unwrap_or(500);
    let seconds = args.get(2).copied().unwrap_or(20) as u64;
    // This process (the load) on core 1; the servers on core 0.
    let _ =
        Command::new("taskset").args(["-c", "-p", "1", &std::process::id().to_string()]).stdout(Stdio::null()).status();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    runtime.block_on(run(subscribers, rate, seconds));
}

async fn run(subscribers: usize, rate: usize, seconds: u64) {
    let broker = Broker::start();
    let kafka =
        Kafka::connect(&EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() }).unwrap();
    kafka.ensure_topics(&Topic::ALL).await.unwrap();
    let database = TestDatabase::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("jobgraph-bench-subscriptions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = SigningKey::generate().unwrap();
    std::fs::write(dir.join("jwt.pub"), key.public_key().to_pem()).unwrap();
    std::fs::write(dir.join("jwks.json"), jobgraph_shared::auth::jwks(&[key.public_key().clone()]).to_string())
        .unwrap();
    let (notifications_port, router_port) = (free_port(), free_port());
    let public = dir.join("jwt.pub");
    let mail = dir.join("mail");
    let address = broker.address();
    let replica = |port: u16| {
        jobgraph(
            &[
                "subgraph",
                "notifications",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &database.url,
                "--log",
                "warn",
            ],
            &[
                ("KAFKA_BROKERS", &address),
                ("JOBGRAPH_JWT_PUBLIC_KEY_FILE", public.to_str().unwrap()),
                ("JOBGRAPH_MAIL_DIR", mail.to_str().unwrap()),
                ("JOBGRAPH_DATABASE_MAX_CONNECTIONS", "20"),
            ],
        )
    };
    let notifications = replica(notifications_port);
    wait_ready(notifications_port, "/ready").await;
    let replicas: usize = std::env::var("SUBSCRIPTIONS_BENCH_REPLICAS").ok().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut others = Vec::new();
    for _ in 1..replicas {
        let port = free_port();
        others.push(replica(port));
        wait_ready(port, "/ready").await;
    }
    if replicas > 1 {
        println!("{replicas} notifications replicas; the router and every subscriber on the first");
        // Let the consumer group settle on its members before the clock runs.
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    let supergraph = compose(&[SubgraphSdl {
        name: "notifications".into(),
        url: format!("http://127.0.0.1:{notifications_port}/graphql"),
        sdl: jobgraph_notifications::sdl(),
    }])
    .unwrap();
    std::fs::write(dir.join("supergraph.graphql"), supergraph).unwrap();
    let config = RouterYaml {
        listen: ([127, 0, 0, 1], router_port).into(),
        supergraph: "supergraph.graphql".into(),
        jwks: Jwks::File("jwks.json".into()),
        issuer: "jobgraph".into(),
        audience: "jobgraph-api".into(),
        explore: false,
        rate_limit: None,
        log_format: None,
        persisted_documents: None,
    };
    std::fs::write(dir.join("router.yaml"), config.to_yaml()).unwrap();
    let router =
        jobgraph(&["router", "--config", dir.join("router.yaml").to_str().unwrap()], &[("JOBGRAPH_LOG", "warn")]);
    wait_ready(router_port, "/health").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (router_pid, notifications_pid) = (router.0.id(), notifications.0.id());
    let before = (rss_kib(router_pid), rss_kib(notifications_pid));

    // Subscribers, each a different user.
    let settings = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let users: Vec<Uuid> = (0..subscribers).map(|_| Uuid::now_v7()).collect();
    let sent: Sent = Arc::default();
    let latencies: Latencies = Arc::default();
    let (subscribed, open) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let connecting = Instant::now();
    for (n, user) in users.iter().enumerate() {
        let (token, _) =
            key.sign(&settings, *user, Role::JobSeeker, chrono::Utc::now(), Duration::from_secs(3600)).unwrap();
        tokio::spawn(subscriber(router_port, token, sent.clone(), latencies.clone(), subscribed.clone(), open.clone()));
        if (n + 1) % CONNECT_BATCH == 0 {
            while subscribed.load(Ordering::SeqCst) < n + 1 - CONNECT_BATCH / 2 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
    while subscribed.load(Ordering::SeqCst) < subscribers && connecting.elapsed() < Duration::from_secs(300) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let the last subscriptions reach notifications, and memory settle.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let held = open.load(Ordering::SeqCst);
    let after = (rss_kib(router_pid), rss_kib(notifications_pid));
    println!(
        "{held} of {subscribers} subscribers connected and subscribed in {:.1} s; open files: router {}, notifications {}",
        connecting.elapsed().as_secs_f64(),
        open_files(router_pid),
        open_files(notifications_pid),
    );
    let per_subscriber = ((after.0 + after.1) as f64 - (before.0 + before.1) as f64) / held.max(1) as f64;
    println!(
        "resident memory: router {} -> {} KiB, notifications {} -> {} KiB; {per_subscriber:.1} KiB per idle subscriber (both together)",
        before.0, after.0, before.1, after.1
    );

    // Notifications at a fixed rate, for random subscribers.
    let topic = kafka.topic_name(Topic::Applications.name());
    let tick = Duration::from_millis(20);
    let per_tick = (rate as f64 * tick.as_secs_f64()).round().max(1.0) as usize;
    let total = per_tick * (seconds * 1000 / tick.as_millis() as u64) as usize;
    let started = Instant::now();
    let mut ticker = tokio::time::interval(tick);
    let mut published = 0;
    while published < total {
        ticker.tick().await;
        let mut batch = Vec::with_capacity(per_tick);
        for _ in 0..per_tick {
            let applicant = users[fastrand::usize(..users.len())];
            let application = Uuid::now_v7();
            let changed = ApplicationStatusChanged {
                application_id: application,
                job_id: Uuid::now_v7(),
                applicant_id: applicant,
                from: "APPLIED".into(),
                to: "SCREENING".into(),
                reason: None,
                at: chrono::Utc::now(),
            };
            let envelope = Envelope::new("applications", None, &changed).unwrap();
            batch.push((
                application,
                Message {
                    topic: topic.clone(),
                    key: application.to_string(),
                    payload: serde_json::to_vec(&envelope).unwrap(),
                    headers: vec![],
                },
            ));
        }
        let messages: Vec<Message> = batch.iter().map(|(_, message)| message.clone()).collect();
        kafka.publish(&messages).await.unwrap();
        // Published (acknowledged by the broker): the clock starts for each.
        let now = (Instant::now(), chrono::Utc::now());
        let mut sent = sent.lock().unwrap();
        for (application, _) in &batch {
            sent.insert(*application, now);
        }
        published += batch.len();
    }
    let publishing = started.elapsed();
    let drain = Instant::now();
    while latencies.lock().unwrap().len() < published && drain.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let measured = latencies.lock().unwrap().clone();
    let mut received: Vec<f64> = measured.iter().map(|(total, _)| *total).collect();
    received.sort_by(f64::total_cmp);
    let mut to_created: Vec<f64> = measured.iter().map(|(_, created)| *created).collect();
    to_created.sort_by(f64::total_cmp);
    let mut after_created: Vec<f64> = measured.iter().map(|(total, created)| total - created).collect();
    after_created.sort_by(f64::total_cmp);
    println!(
        "{published} notifications published at {:.0}/s over {:.1} s; {} received ({} still held open)",
        published as f64 / publishing.as_secs_f64(),
        publishing.as_secs_f64(),
        received.len(),
        open.load(Ordering::SeqCst)
    );
    println!("latency from the event's publication to the subscriber's receipt: {}", latency_summary(&received));
    println!("  of which publication -> notification made by the consumer: {}", latency_summary(&to_created));
    println!(
        "  and notification made -> receipt (commit, relay, notification-events, fan-out, router): {}",
        latency_summary(&after_created)
    );
    println!(
        "resident memory after: router {} KiB, notifications {} KiB",
        rss_kib(router_pid),
        rss_kib(notifications_pid)
    );
    drop(router);
    drop(notifications);
    drop(others);
    let _ = std::fs::remove_dir_all(&dir);
}
