//! `/ready`, the readiness probe every Jobgraph service answers (the
//! subgraphs too), on the router: 200 once a supergraph is loaded and
//! served, 503 before. The engine's own probe sits at `/readiness`, a path
//! hive-router 0.2 does not let us change, so we answer `/ready` ourselves,
//! with the same test the engine's probe makes. With `ready_requires`, the
//! router is also ready only while each of those subgraph probes says 200
//! (polled every second), so an orchestrator sends it no traffic its
//! subgraphs cannot serve yet.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use hive_router::SchemaState;
use hive_router::config::HiveRouterConfig;
use hive_router::http::{Method, StatusCode};
use hive_router::ntex::http::Response;
use hive_router::ntex::web::{DefaultError, WebRequest};

pub struct ReadyProbe {
    path: String,
    /// The GraphQL endpoint, whose requests wait for the first supergraph.
    graphql_path: String,
    /// Whether every required subgraph probe said 200 last time, when some are required.
    subgraphs_ready: Option<Arc<AtomicBool>>,
}

/// How often the required subgraph probes are asked.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// How long a request that arrives before the first supergraph is served
/// waits for it, rather than being refused (the router listens before it
/// has planned its supergraph).
const STARTUP_WAIT: Duration = Duration::from_secs(5);

pub fn default_path() -> String {
    "/ready".to_string()
}

impl ReadyProbe {
    /// `requires`: subgraph readiness URLs (`http://users:4001/ready`) that must say 200 too.
    pub fn new(path: String, requires: Vec<String>, router: &HiveRouterConfig) -> Result<Self, String> {
        let taken = [router.graphql_path(), "/health", "/readiness"];
        if !path.starts_with('/') || taken.contains(&path.as_str()) {
            return Err(format!("ready_path {path:?} must start with / and not be a path the router serves"));
        }
        if let Some(bad) = requires.iter().find(|url| reqwest::Url::parse(url).is_err()) {
            return Err(format!("ready_requires: {bad:?} is not a URL"));
        }
        let subgraphs_ready = (!requires.is_empty()).then(|| watch(requires)).transpose()?;
        Ok(ReadyProbe { path, graphql_path: router.graphql_path().to_string(), subgraphs_ready })
    }

    /// The probe's answer, when `request` asks for it.
    pub fn answer(&self, request: &WebRequest<DefaultError>) -> Option<Response> {
        if request.path() != self.path || !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        // We serve only the configured supergraph (nothing picks one per
        // request), so it being loaded is what the engine's probe checks.
        let ready = request.app_state::<Arc<SchemaState>>().is_some_and(|schema| schema.configured_runtime().is_some())
            && self.subgraphs_ready.as_ref().is_none_or(|ready| ready.load(Ordering::Relaxed));
        Some(Response::new(if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }))
    }
}

/// Waits, up to [`STARTUP_WAIT`], for the router's first supergraph: a
/// client that calls the moment the router listens is served, not told
/// NO_SUPERGRAPH_AVAILABLE. Once one is served this costs one check.
pub async fn until_first_supergraph(probe: &ReadyProbe, request: &WebRequest<DefaultError>) {
    if request.path() != probe.graphql_path {
        return;
    }
    let Some(schema) = request.app_state::<Arc<SchemaState>>() else { return };
    let deadline = std::time::Instant::now() + STARTUP_WAIT;
    while schema.configured_runtime().is_none() && std::time::Instant::now() < deadline {
        hive_router::ntex::time::sleep(hive_router::ntex::time::Millis(10)).await;
    }
}

/// Polls `urls` on a thread of its own (the engine's runtime is not tokio's)
/// until the probe is dropped; the flag says whether all answered 200.
fn watch(urls: Vec<String>) -> Result<Arc<AtomicBool>, String> {
    let ready = Arc::new(AtomicBool::new(false));
    let flag: Weak<AtomicBool> = Arc::downgrade(&ready);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let client = reqwest::Client::builder().timeout(POLL_EVERY).build().map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("ready-probe".into())
        .spawn(move || {
            runtime.block_on(async move {
                // Ends with the probe: once the flag has no owner, nobody reads it.
                while let Some(flag) = flag.upgrade() {
                    let mut all = true;
                    for url in &urls {
                        let ok = client.get(url).send().await.is_ok_and(|answer| answer.status().is_success());
                        if !ok {
                            tracing::debug!(%url, "a required subgraph is not ready");
                        }
                        all &= ok;
                    }
                    flag.store(all, Ordering::Relaxed);
                    drop(flag);
                    tokio::time::sleep(POLL_EVERY).await;
                }
            })
        })
        .map_err(|e| e.to_string())?;
    Ok(ready)
}
