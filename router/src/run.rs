//! Running the hive-router engine through its `router_entrypoint`, with our
//! plugins registered.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where hive-router looks for its configuration file.
pub const CONFIG_PATH_VARIABLE: &str = "ROUTER_CONFIG_FILE_PATH";

/// Points hive-router at its configuration file.
///
/// # Safety
/// The environment is process-global and not thread-safe to write: call this
/// before any other thread (a tokio runtime's, say) exists.
pub unsafe fn set_config_path(path: &Path) {
    // SAFETY: the caller guarantees no other thread is running.
    unsafe { std::env::set_var(CONFIG_PATH_VARIABLE, path) };
}

/// Runs the router on this thread, on the engine's own (ntex) runtime, until
/// SIGINT or SIGTERM. It installs the process's tracing subscriber itself.
pub fn run_router() -> anyhow::Result<()> {
    hive_router::init_rustls_crypto_provider();
    hive_router::ntex::rt::System::build()
        .name("jobgraph-router")
        .build(hive_router::ntex::rt::DefaultRuntime)
        .block_on(async { hive_router::router_entrypoint(crate::plugins::registry()).await })
        .map_err(|error| anyhow::anyhow!("router: {error}"))
}

/// Where the router finds the public keys of the users service.
pub enum Jwks {
    /// A JWKS file, relative to the configuration file (dev writes one).
    File(PathBuf),
    /// The users service's `/.well-known/jwks.json`.
    Remote(String),
}

/// A router configuration written by the program: `jobgraph dev` writes one
/// for itself at every start, and tests write theirs. The checked-in
/// router.yaml is the same shape, for people to edit.
pub struct RouterYaml {
    pub listen: SocketAddr,
    /// Supergraph SDL file, relative to the configuration file.
    pub supergraph: PathBuf,
    pub jwks: Jwks,
    pub issuer: String,
    pub audience: String,
    /// Offer GraphiQL and introspection (dev).
    pub explore: bool,
    /// The `rate_limit` of our plugin's config, as a YAML flow mapping; `None` turns rate limiting off.
    pub rate_limit: Option<String>,
    /// `text` (one readable line per event) or `json`; `None` leaves the
    /// engine's default (JSON in release builds).
    pub log_format: Option<&'static str>,
    /// Trusted documents: operations sent by id, resolved from a manifest.
    pub persisted_documents: Option<PersistedDocuments>,
}

/// hive-router's `persisted_documents` with a file manifest (`{"id": "document"}`).
pub struct PersistedDocuments {
    /// The manifest, relative to the configuration file.
    pub manifest: PathBuf,
    /// Only ids (production); `false` also takes whole documents (dev).
    pub require_id: bool,
}

impl RouterYaml {
    pub fn to_yaml(&self) -> String {
        let jwks = match &self.jwks {
            Jwks::File(path) => format!("    - source: file\n      path: {}", path.display()),
            Jwks::Remote(url) => format!("    - source: remote\n      url: {url}\n      prefetch: true"),
        };
        let rate_limit = match &self.rate_limit {
            Some(config) => format!("      rate_limit: {config}\n"),
            None => String::new(),
        };
        let persisted_documents = match &self.persisted_documents {
            Some(documents) => format!(
                "persisted_documents:\n  enabled: true\n  require_id: {}\n  storage:\n    type: file\n    path: {}\n",
                documents.require_id,
                documents.manifest.display()
            ),
            None => String::new(),
        };
        let log = match self.log_format {
            Some(format) => format!("log:\n  format: {format}\n"),
            None => String::new(),
        };
        format!(
            r#"# Written by jobgraph; edit router.yaml for a configuration of your own.
{log}http:
  host: "{host}"
  port: {port}
  graphql_endpoint: /graphql
supergraph:
  source: file
  path: {supergraph}
  poll_interval: 1s
introspection: {explore}
{persisted_documents}cors:
  enabled: true
  allow_any_origin: {explore}
  policies: []
laboratory:
  enabled: {explore}
limits:
  max_depth:
    n: 12
  max_directives:
    n: 25
  max_aliases:
    n: 30
  max_tokens:
    n: 4000
  max_request_body_size: 1MB
demand_control:
  enabled: true
  operation_cost:
    max: 10000
    mode: enforce
  default_list_size:
    all: 10
  subgraphs_budget:
    mode: measure
traffic_shaping:
  all:
    request_timeout: 10s
    allow_only_http2: true
  router:
    max_long_lived_clients: 20000
subscriptions:
  enabled: true
websocket:
  enabled: true
telemetry:
  metrics:
    exporters:
      - kind: prometheus
        enabled: true
        path: /metrics
  tracing:
    # W3C traceparent, continued from clients and passed on to subgraphs.
    propagation:
      trace_context: true
headers:
  all:
    request:
      - propagate:
          named: authorization
      - propagate:
          named: x-request-id
      - propagate:
          named: traceparent
      - propagate:
          named: tracestate
      # For analytics' daily visitor hash (never stored as such).
      - propagate:
          named: user-agent
      - propagate:
          named: x-forwarded-for
      - insert:
          name: x-jobgraph-subgraph-secret
          value: {{ from_env: JOBGRAPH_SUBGRAPH_SECRET, default: "" }}
error_masking:
  enabled: false
plugins:
  jobgraph:
    enabled: true
    config:
      ready_path: /ready
      reject_invalid_tokens: true
      error_codes: true
{rate_limit}jwt:
  enabled: true
  jwks_providers:
{jwks}
  issuers: ["{issuer}"]
  audiences: ["{audience}"]
  allowed_algorithms: [EdDSA]
  require_authentication: false
"#,
            host = self.listen.ip(),
            port = self.listen.port(),
            supergraph = self.supergraph.display(),
            explore = self.explore,
            issuer = self.issuer,
            audience = self.audience,
        )
    }
}
