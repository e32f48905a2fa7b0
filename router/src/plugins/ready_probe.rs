//! `/ready`, the readiness probe every Jobgraph service answers (the
//! subgraphs too), on the router: 200 once a supergraph is loaded and
//! served, 503 before. The engine's own probe sits at `/readiness`, a path
//! hive-router 0.2 does not let us change, so this plugin answers `/ready`
//! itself, with the same test the engine's probe makes.

use std::sync::Arc;

use hive_router::SchemaState;
use hive_router::executor::hooks::on_http_request::{OnHttpRequestHookFuture, OnHttpRequestHookPayload};
use hive_router::executor::hooks::on_plugin_init::{OnPluginInitPayload, OnPluginInitResult};
use hive_router::executor::plugin_trait::{RouterPlugin, StartHookPayload as _};
use hive_router::http::{Method, StatusCode};
use serde::Deserialize;

pub struct ReadyProbe {
    path: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadyProbeConfig {
    /// Where the probe answers; `/ready` unless set.
    #[serde(default = "default_path")]
    pub path: String,
}

fn default_path() -> String {
    "/ready".to_string()
}

#[hive_router::async_trait]
impl RouterPlugin for ReadyProbe {
    type Config = ReadyProbeConfig;

    fn plugin_name() -> &'static str {
        "ready_probe"
    }

    fn on_plugin_init(payload: OnPluginInitPayload<Self>) -> OnPluginInitResult<Self> {
        let config: ReadyProbeConfig = payload.config()?;
        let taken = [payload.router_config().graphql_path(), "/health", "/readiness"];
        if !config.path.starts_with('/') || taken.contains(&config.path.as_str()) {
            return Err(format!(
                "ready_probe: path {:?} must start with / and not be one the router serves",
                config.path
            )
            .into());
        }
        Ok(Some(ReadyProbe { path: config.path }))
    }

    fn on_http_request<'req>(&'req self, payload: OnHttpRequestHookPayload<'req>) -> OnHttpRequestHookFuture<'req> {
        Box::pin(async move {
            let request = &payload.router_http_request;
            if request.path() != self.path || !matches!(*request.method(), Method::GET | Method::HEAD) {
                return payload.proceed();
            }
            // We serve only the configured supergraph (no plugin picks one per
            // request), so it being loaded is what the engine's probe checks.
            let ready =
                request.app_state::<Arc<SchemaState>>().is_some_and(|schema| schema.configured_runtime().is_some());
            let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
            payload.end_with_response(hive_router::ntex::http::Response::new(status))
        })
    }
}
