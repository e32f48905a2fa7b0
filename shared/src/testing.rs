//! Test support: a fresh database per test (the real migrations, dropped
//! afterwards) and a GraphQL client that drives a service's axum router.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};
use tower::ServiceExt as _;
use uuid::Uuid;

/// A job seeker as a `user.*` event shows them, created and last updated
/// `at`: what tests and benchmarks feed consumers.
pub fn user_snapshot(id: Uuid, at: chrono::DateTime<chrono::Utc>) -> crate::events::payloads::UserSnapshot {
    crate::events::payloads::UserSnapshot {
        id,
        email: format!("{id}@example.com"),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        role: "JOB_SEEKER".into(),
        is_verified: false,
        is_active: true,
        created_at: at,
        updated_at: at,
        deleted_at: None,
        locale: None,
    }
}

/// A published job of `owner`'s new company, as `job.*` events show it,
/// published and last updated `at`.
pub fn job_snapshot(owner: Uuid, at: chrono::DateTime<chrono::Utc>) -> crate::events::payloads::JobSnapshot {
    crate::events::payloads::JobSnapshot {
        id: Uuid::now_v7(),
        company_id: Uuid::now_v7(),
        owner_id: owner,
        posted_by_id: owner,
        title: "Rust Engineer".into(),
        description: "Build things".into(),
        requirements: None,
        responsibilities: None,
        employment_type: "FULL_TIME".into(),
        experience_level: "SENIOR".into(),
        remote_policy: "REMOTE".into(),
        locations: vec![],
        salary: None,
        categories: vec![],
        category_ancestors: vec![],
        skills: vec![],
        status: "PUBLISHED".into(),
        published_at: Some(at),
        expires_at: None,
        application_deadline: None,
        max_applications: None,
        is_featured: false,
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

/// A listed, unverified company of `owner`, as `company.*` events show it.
pub fn company_snapshot(
    id: Uuid,
    owner: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> crate::events::payloads::CompanySnapshot {
    crate::events::payloads::CompanySnapshot {
        id,
        name: "Acme".into(),
        slug: format!("acme-{}", id.simple()),
        description: None,
        website: None,
        logo_url: None,
        industry: None,
        size: None,
        founded_year: None,
        headquarters: None,
        is_verified: false,
        is_suspended: false,
        owner_id: owner,
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

/// Which engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A database that exists for one test and is dropped with this value.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    cleanup: Cleanup,
}

enum Cleanup {
    Postgres { admin_url: String, name: String },
    Sqlite { path: std::path::PathBuf },
}

/// Server URL of the PostgreSQL the tests use (`TEST_DATABASE_URL`).
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> Self {
        crate::telemetry::init_for_tests();
        let name = format!("jobgraph_test_{}", Uuid::new_v4().simple());
        match backend {
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = crate::db::connect(&admin_url, 1).await.expect("PostgreSQL for tests is reachable");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                TestDatabase { url, backend, cleanup: Cleanup::Postgres { admin_url, name } }
            }
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                TestDatabase { url, backend, cleanup: Cleanup::Sqlite { path } }
            }
        }
    }

    /// A fresh database with `M`'s migrations applied.
    pub async fn migrated<M: MigratorTrait>(backend: Backend, service: &str) -> Self {
        let db = Self::new(backend).await;
        crate::db::migrate::<M>(&db.url, service).await.expect("migrations apply");
        db
    }

    pub async fn connect(&self) -> DatabaseConnection {
        crate::db::connect(&self.url, 5).await.expect("connect to test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, database) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; a thread of its own may block.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    runtime.block_on(async {
                        let admin = crate::db::connect(&admin_url, 1).await?;
                        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).await?;
                        admin.close().await?;
                        anyhow::Ok(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    eprintln!("could not drop test database {name}");
                }
            }
            Cleanup::Sqlite { path } => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
        }
    }
}

/// Rows in `table`, to show that a refused mutation wrote nothing.
pub async fn count_rows(db: &DatabaseConnection, table: &str) -> i64 {
    let backend = db.get_database_backend();
    let row = db
        .query_one(Statement::from_string(backend, format!("SELECT COUNT(*) AS n FROM {table}")))
        .await
        .expect("count rows")
        .expect("one row");
    row.try_get::<i64>("", "n").expect("a count")
}

/// Sends GraphQL requests to a service's router, as a client would over HTTP.
#[derive(Clone)]
pub struct GraphqlClient {
    router: Router,
}

impl GraphqlClient {
    pub fn new(router: Router) -> Self {
        GraphqlClient { router }
    }

    /// POSTs a GraphQL request, optionally with a bearer token, and returns the JSON body.
    pub async fn query(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let authorization = token.map(|token| format!("Bearer {token}"));
        let headers: Vec<(&str, &str)> = authorization.iter().map(|value| ("authorization", value.as_str())).collect();
        self.query_with_headers(query, variables, &headers).await
    }

    /// POSTs a GraphQL request with `headers`, and returns the JSON body.
    pub async fn query_with_headers(&self, query: &str, variables: Value, headers: &[(&str, &str)]) -> Value {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let response =
            self.router.clone().oneshot(request.body(Body::from(body)).expect("request")).await.expect("response");
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("JSON body, got {}", String::from_utf8_lossy(&bytes)))
    }

    /// GETs `path`, returning the status and the body as text.
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).expect("request");
        let response = self.router.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The `extensions.code` of the first error of a response, if any.
pub fn error_code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}

/// Panics unless the response has no errors; returns its `data`.
pub fn data(response: &Value) -> &Value {
    assert!(response.get("errors").is_none(), "unexpected errors: {response:#}");
    &response["data"]
}

/// The names of the fields of the `Mutation` type of a subgraph's SDL:
/// permission matrices check that every mutation has a row.
pub fn mutation_names(sdl: &str) -> Vec<String> {
    let start = sdl.find("type Mutation {").expect("a Mutation type");
    let body = &sdl[start..start + sdl[start..].find("\n}").expect("the end of the Mutation type")];
    let mut names = Vec::new();
    let mut in_description = false;
    for line in body.lines().skip(1).map(str::trim) {
        if line.starts_with("\"\"\"") {
            let one_line = line.len() > 3 && line.ends_with("\"\"\"");
            if !one_line {
                in_description = !in_description;
            }
            continue;
        }
        if in_description || line.is_empty() {
            continue;
        }
        if let Some(name) = line.split(['(', ':']).next().filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            names.push(name.to_string());
        }
    }
    names
}

/// Fails unless every mutation of `sdl` has a row in a permission matrix
/// (`rows`: the mutations' names), and every row a mutation.
pub fn assert_every_mutation_has_a_row(sdl: &str, rows: &[&str]) {
    let names = mutation_names(sdl);
    for name in &names {
        assert!(rows.contains(&name.as_str()), "mutation {name} has no row in the permission matrix");
    }
    assert_eq!(names.len(), rows.len(), "{names:?}");
}

/// What a permission matrix expects of a caller: `ok` when allowed,
/// UNAUTHENTICATED when anonymous, FORBIDDEN otherwise.
pub fn expected_outcome(who: &str, allowed: &[&str]) -> &'static str {
    if allowed.contains(&who) {
        "ok"
    } else if who == "anonymous" {
        "UNAUTHENTICATED"
    } else {
        "FORBIDDEN"
    }
}

/// Records every SQL statement a connection runs, to prove batching.
#[derive(Clone, Default)]
pub struct StatementLog(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl StatementLog {
    /// Starts recording the statements `db` (and its clones made afterwards) runs.
    pub fn attach(db: &mut DatabaseConnection) -> StatementLog {
        let log = StatementLog::default();
        let sink = log.clone();
        db.set_metric_callback(move |info| {
            // The session revocations are read at most once a second per
            // process, whatever the requests: not a statement of any one request.
            if !info.statement.sql.contains(crate::revocations::TABLE) {
                sink.0.lock().expect("statement log").push(info.statement.sql.clone());
            }
        });
        log
    }

    pub fn clear(&self) {
        self.0.lock().expect("statement log").clear();
    }

    pub fn statements(&self) -> Vec<String> {
        self.0.lock().expect("statement log").clone()
    }
}

/// Figures for benchmarks: the nearest-rank percentile `p` (0 to 1) of
/// `sorted` (NaN when empty).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// "p50 …, p95 …, p99 …, max … ms" of `sorted` milliseconds.
pub fn latency_summary(sorted: &[f64]) -> String {
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.last().copied().unwrap_or(f64::NAN)
    )
}

/// Waits for `wanted` events a consumer reports applied (at most a minute of quiet).
pub async fn wait_applied(
    applied: &mut tokio::sync::mpsc::UnboundedReceiver<crate::events::consumer::Applied>,
    wanted: usize,
) -> Vec<crate::events::consumer::Applied> {
    let mut seen = Vec::with_capacity(wanted);
    while seen.len() < wanted {
        match tokio::time::timeout(std::time::Duration::from_secs(60), applied.recv()).await {
            Ok(Some(event)) => seen.push(event),
            _ => panic!("only {} of {wanted} events applied within a minute of quiet", seen.len()),
        }
    }
    seen
}

/// A real Kafka-protocol broker for tests and benchmarks: Tansu, in memory,
/// on a free loopback port (`scripts/test` installs it). Each user gets its own.
pub mod broker {
    use std::net::{TcpListener, TcpStream};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use tokio::sync::watch;

    fn free_loopback_port() -> u16 {
        TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    /// `TANSU_BIN`, else cargo's bin directory, else the PATH.
    fn tansu() -> PathBuf {
        if let Some(path) = std::env::var_os("TANSU_BIN") {
            return path.into();
        }
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
            .map(|home| home.join("bin/tansu"));
        cargo_bin.filter(|path| path.exists()).unwrap_or_else(|| "tansu".into())
    }

    pub struct Broker {
        /// Where clients connect: the broker itself, or the outage proxy in front of it.
        pub port: u16,
        child: Child,
        proxy: Option<Proxy>,
    }

    impl Broker {
        /// Tansu on a free port.
        pub fn start() -> Broker {
            let port = free_loopback_port();
            Broker { port, child: spawn_tansu(port, port), proxy: None }
        }

        /// Tansu behind a TCP proxy that [`Broker::cut`] takes away and
        /// [`Broker::restore`] brings back: to the services, a broker that
        /// stops and restarts, keeping (as a real one does) its topics,
        /// messages and consumer groups.
        pub fn start_behind_proxy() -> Broker {
            let (port, upstream) = (free_loopback_port(), free_loopback_port());
            let child = spawn_tansu(upstream, port);
            Broker { port, child, proxy: Some(Proxy::start(port, upstream)) }
        }

        pub fn address(&self) -> String {
            format!("127.0.0.1:{}", self.port)
        }

        /// The broker is away: open connections drop, new ones are refused.
        pub fn cut(&self) {
            self.proxy.as_ref().expect("a broker behind a proxy").set_up(false);
        }

        pub fn restore(&self) {
            self.proxy.as_ref().expect("a broker behind a proxy").set_up(true);
        }
    }

    fn spawn_tansu(listen: u16, advertise: u16) -> Child {
        let (listener, advertised) = (format!("tcp://127.0.0.1:{listen}"), format!("tcp://127.0.0.1:{advertise}"));
        // E2E_LOG_DIR=dir keeps the broker's log too, for a failing test's story.
        let log = || match std::env::var_os("E2E_LOG_DIR") {
            Some(dir) => std::fs::File::create(std::path::Path::new(&dir).join(format!("tansu-{listen}.log")))
                .map_or_else(|_| Stdio::null(), Stdio::from),
            None => Stdio::null(),
        };
        let child = Command::new(tansu())
            .args(["broker", "--listener-url", &listener, "--advertised-listener-url", &advertised])
            .args(["--storage-engine", "memory://tansu/"])
            .stdout(log())
            .stderr(Stdio::null())
            .spawn()
            .expect("tansu runs (cargo install tansu@0.6.0 --locked --features dynostore; scripts/test does)");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", listen)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "tansu did not listen on {listen}");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    impl Drop for Broker {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Forwards connections on its own thread while up.
    struct Proxy {
        up: Arc<AtomicBool>,
        /// Bumped on every cut: forwarding tasks end when it changes.
        cuts: watch::Sender<u64>,
    }

    impl Proxy {
        fn start(port: u16, upstream: u16) -> Proxy {
            let listener = TcpListener::bind(("127.0.0.1", port)).expect("the proxy's port is free");
            listener.set_nonblocking(true).unwrap();
            let up = Arc::new(AtomicBool::new(true));
            let (cuts, _) = watch::channel(0u64);
            let (accepting, cut_signal) = (up.clone(), cuts.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    while let Ok((mut inbound, _)) = listener.accept().await {
                        if !accepting.load(Ordering::SeqCst) {
                            continue; // dropped: the client sees the connection closed
                        }
                        let mut cut = cut_signal.subscribe();
                        tokio::spawn(async move {
                            let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", upstream)).await else {
                                return;
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                _ = cut.changed() => {}
                            }
                        });
                    }
                });
            });
            Proxy { up, cuts }
        }

        fn set_up(&self, up: bool) {
            self.up.store(up, Ordering::SeqCst);
            if !up {
                self.cuts.send_modify(|cuts| *cuts += 1);
            }
        }
    }
}
