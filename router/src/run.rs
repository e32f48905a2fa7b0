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

/// The router configuration `jobgraph dev` writes for itself.
pub struct DevRouter {
    pub listen: SocketAddr,
    /// Supergraph SDL file, relative to the configuration file.
    pub supergraph: PathBuf,
    /// JWKS file of the users service's key, relative to the configuration file.
    pub jwks: PathBuf,
    pub issuer: String,
    pub audience: String,
}

impl DevRouter {
    pub fn to_yaml(&self) -> String {
        format!(
            r#"# Written by `jobgraph dev` at every start; edit router.yaml for other shapes.
http:
  host: "{host}"
  port: {port}
  graphql_endpoint: /graphql
supergraph:
  source: file
  path: {supergraph}
  poll_interval: 1s
introspection: true
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
laboratory:
  enabled: true
headers:
  all:
    request:
      - propagate:
          named: authorization
      - propagate:
          named: x-request-id
error_masking:
  # Subgraphs already show clients only safe messages, with a code.
  enabled: false
plugins:
  reject_invalid_tokens:
    enabled: true
jwt:
  enabled: true
  jwks_providers:
    - source: file
      path: {jwks}
  issuers: ["{issuer}"]
  audiences: ["{audience}"]
  allowed_algorithms: [EdDSA]
  require_authentication: false
log:
  level: info
"#,
            host = self.listen.ip(),
            port = self.listen.port(),
            supergraph = self.supergraph.display(),
            jwks = self.jwks.display(),
            issuer = self.issuer,
            audience = self.audience,
        )
    }
}
