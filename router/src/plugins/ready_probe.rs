//! `/ready`, the readiness probe every Jobgraph service answers (the
//! subgraphs too), on the router: 200 once a supergraph is loaded and
//! served, 503 before. The engine's own probe sits at `/readiness`, a path
//! hive-router 0.2 does not let us change, so we answer `/ready` ourselves,
//! with the same test the engine's probe makes.

use std::sync::Arc;

use hive_router::SchemaState;
use hive_router::config::HiveRouterConfig;
use hive_router::http::{Method, StatusCode};
use hive_router::ntex::http::Response;
use hive_router::ntex::web::{DefaultError, WebRequest};

pub struct ReadyProbe {
    path: String,
}

pub fn default_path() -> String {
    "/ready".to_string()
}

impl ReadyProbe {
    pub fn new(path: String, router: &HiveRouterConfig) -> Result<Self, String> {
        let taken = [router.graphql_path(), "/health", "/readiness"];
        if !path.starts_with('/') || taken.contains(&path.as_str()) {
            return Err(format!("ready_path {path:?} must start with / and not be a path the router serves"));
        }
        Ok(ReadyProbe { path })
    }

    /// The probe's answer, when `request` asks for it.
    pub fn answer(&self, request: &WebRequest<DefaultError>) -> Option<Response> {
        if request.path() != self.path || !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        // We serve only the configured supergraph (nothing picks one per
        // request), so it being loaded is what the engine's probe checks.
        let ready = request.app_state::<Arc<SchemaState>>().is_some_and(|schema| schema.configured_runtime().is_some());
        Some(Response::new(if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }))
    }
}
