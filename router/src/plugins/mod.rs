//! Our plugin on the hive-router engine. Its parts live one module each:
//! [`ready_probe`], [`rate_limit`], [`reject_invalid_tokens`] and
//! [`error_codes`]; the `jobgraph` plugin registered here runs them, each
//! turned on or off in its `config` in the router YAML. ([`subgraph_secret`]
//! is a header rule of the router YAML, not a hook.)
//!
//! One plugin, not one per part: the engine calls every hook of every
//! registered plugin on every request (each call boxed): four plugins cost
//! 7.1 % more instructions per federated request than the plain engine, one
//! 3.5 % (`cargo bench --bench router -- instructions`).

pub mod error_codes;
pub mod rate_limit;
pub mod ready_probe;
pub mod reject_invalid_tokens;
pub mod subgraph_secret;

use hive_router::executor::hooks::HookMarker;
use hive_router::executor::hooks::on_execute::{OnExecuteStartHookPayload, OnExecuteStartHookResult};
use hive_router::executor::hooks::on_graphql_error::{OnGraphQLErrorHookPayload, OnGraphQLErrorHookResult};
use hive_router::executor::hooks::on_http_request::{OnHttpRequestHookFuture, OnHttpRequestHookPayload};
use hive_router::executor::hooks::on_plugin_init::{OnPluginInitPayload, OnPluginInitResult};
use hive_router::executor::hooks::on_query_plan::{OnQueryPlanStartHookPayload, OnQueryPlanStartHookResult};
use hive_router::executor::plugin_trait::{RouterPlugin, StartHookPayload as _};
use hive_router::executor::request_context::RequestContextPluginApi;
use hive_router::http::StatusCode;
use hive_router::query_planner::state::supergraph_state::OperationKind;
use serde::Deserialize;

/// The name of our plugin in the router YAML's `plugins` section.
pub const PLUGIN_NAME: &str = "jobgraph";

/// Every plugin we ship.
pub fn registry() -> hive_router::PluginRegistry {
    hive_router::PluginRegistry::new().register::<Jobgraph>()
}

/// The `config` of the `jobgraph` plugin. Everything but rate limiting is on
/// unless turned off; rate limiting is on when configured.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobgraphConfig {
    /// Where the readiness probe answers.
    #[serde(default = "ready_probe::default_path")]
    pub ready_path: String,
    /// Subgraph readiness URLs (`http://users:4001/ready`): the router's
    /// probe says 200 only while each of them does too.
    #[serde(default)]
    pub ready_requires: Vec<String>,
    /// Refuse a presented token the router could not verify.
    #[serde(default = "on")]
    pub reject_invalid_tokens: bool,
    /// Give the router's errors our codes and the request id.
    #[serde(default = "on")]
    pub error_codes: bool,
    /// Token buckets per client IP and per signed-in user.
    #[serde(default)]
    pub rate_limit: Option<rate_limit::RateLimitConfig>,
}

fn on() -> bool {
    true
}

pub struct Jobgraph {
    ready_probe: ready_probe::ReadyProbe,
    rate_limit: Option<rate_limit::RateLimit>,
    reject_invalid_tokens: bool,
    error_codes: bool,
}

#[hive_router::async_trait]
impl RouterPlugin for Jobgraph {
    type Config = JobgraphConfig;

    fn plugin_name() -> &'static str {
        PLUGIN_NAME
    }

    fn on_plugin_init(payload: OnPluginInitPayload<Self>) -> OnPluginInitResult<Self> {
        let config: JobgraphConfig = payload.config()?;
        let router = payload.router_config();
        Ok(Some(Jobgraph {
            ready_probe: ready_probe::ReadyProbe::new(config.ready_path, config.ready_requires, router)?,
            rate_limit: config.rate_limit.map(|limits| rate_limit::RateLimit::new(limits, router)).transpose()?,
            reject_invalid_tokens: config.reject_invalid_tokens,
            error_codes: config.error_codes,
        }))
    }

    fn on_http_request<'req>(&'req self, payload: OnHttpRequestHookPayload<'req>) -> OnHttpRequestHookFuture<'req> {
        Box::pin(async move {
            if let Some(answer) = self.ready_probe.answer(&payload.router_http_request) {
                return payload.end_with_response(answer);
            }
            ready_probe::until_first_supergraph(&self.ready_probe, &payload.router_http_request).await;
            if let Some(limits) = &self.rate_limit
                && let Some(refusal) = limits.limit_client_ip(&payload.router_http_request).await
            {
                return payload.end_with_response(refusal);
            }
            if self.error_codes { error_codes::request_id_on_response(payload) } else { payload.proceed() }
        })
    }

    async fn on_execute<'exec>(
        &'exec self,
        payload: OnExecuteStartHookPayload<'exec>,
    ) -> OnExecuteStartHookResult<'exec> {
        let verified = token_verified(&payload.request_context);
        if self.reject_invalid_tokens
            && let Some(error) = reject_invalid_tokens::refusal(payload.router_http_request, verified)
        {
            return payload.end_with_graphql_error(error, StatusCode::UNAUTHORIZED);
        }
        if let Some(limits) = &self.rate_limit
            && let Some(retry_after) = limits.limit_user(payload.router_http_request, verified).await
        {
            return payload.end_with_response(rate_limit::RateLimit::user_refusal(retry_after));
        }
        if self.error_codes { error_codes::normalise_execution_errors(payload) } else { payload.proceed() }
    }

    /// The engine runs no `on_execute` for subscriptions: their token and
    /// rate checks run here, once the operation is known to be one.
    async fn on_query_plan<'exec>(
        &'exec self,
        payload: OnQueryPlanStartHookPayload<'exec>,
    ) -> OnQueryPlanStartHookResult<'exec> {
        let subscription =
            matches!(payload.filtered_operation_for_plan.operation_kind, Some(OperationKind::Subscription));
        if !subscription {
            return payload.proceed();
        }
        let verified = token_verified(&payload.request_context);
        // A refusal here is one JSON answer, which the engine cannot give a
        // client that takes only a stream (it would answer 415): such a
        // client's bad token goes on to the subgraph, which verifies it too
        // and refuses in the stream, UNAUTHENTICATED.
        if self.reject_invalid_tokens
            && takes_a_single_answer(payload.router_http_request)
            && let Some(error) = reject_invalid_tokens::refusal(payload.router_http_request, verified)
        {
            return payload.end_with_graphql_error(error, StatusCode::UNAUTHORIZED);
        }
        if let Some(limits) = &self.rate_limit
            && let Some(retry_after) = limits.limit_user(payload.router_http_request, verified).await
        {
            return payload.end_with_response(rate_limit::RateLimit::user_refusal_output(retry_after));
        }
        payload.proceed()
    }

    fn on_graphql_error<'req>(
        &'req self,
        mut payload: OnGraphQLErrorHookPayload<'req>,
    ) -> OnGraphQLErrorHookResult<'req> {
        if self.error_codes {
            error_codes::normalise(&mut payload.error, error_codes::Stage::BeforeExecution);
        }
        payload.proceed()
    }
}

/// The id of the request being served: the client's `x-request-id`, or one
/// the router made; it is on every log line of the request.
fn request_id() -> Option<String> {
    hive_router::telemetry::logging::request_id::REQUEST_IDENTIFIERS.try_with(|ids| ids.req_id().to_string()).ok()
}

/// Does the client take a single JSON answer (a WebSocket subscription, or
/// an HTTP one whose `Accept` allows JSON), not only a stream?
fn takes_a_single_answer(request: &hive_router::executor::plugin_context::RouterHttpRequest<'_>) -> bool {
    let accept: Vec<&str> = request
        .headers
        .get_all(hive_router::http::header::ACCEPT)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|part| part.split(';').next().unwrap_or_default().trim())
        .collect();
    accept.is_empty()
        || accept.iter().any(|media| {
            matches!(*media, "application/json" | "application/graphql-response+json" | "*/*" | "application/*")
        })
}

/// Did the router verify the token this request presented? (It runs JWT
/// validation before planning.)
fn token_verified<Hook: HookMarker>(context: &RequestContextPluginApi<Hook>) -> bool {
    context.read().ok().and_then(|context| context.authentication().jwt_status().copied()).unwrap_or(false)
}
