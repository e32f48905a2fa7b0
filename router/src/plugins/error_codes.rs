//! Every error the router answers with speaks the subgraphs' vocabulary
//! (DOMAIN.md: `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`,
//! `CONFLICT`, `RATE_LIMITED`, `INTERNAL`) and names its request. The
//! engine's own code (`MAX_DEPTH_EXCEEDED`, `COST_ESTIMATED_TOO_EXPENSIVE`,
//! `SUBREQUEST_HTTP_ERROR`, ...) moves to `extensions.reason`, and
//! `extensions.requestId` is the id on the router's log lines and in its
//! `x-request-id` response header. Errors a subgraph sent keep their own.

use hive_router::GraphQLError;
use hive_router::executor::hooks::on_execute::{OnExecuteStartHookPayload, OnExecuteStartHookResult};
use hive_router::executor::hooks::on_http_request::{OnHttpRequestHookPayload, OnHttpRequestHookResult};
use hive_router::executor::plugin_trait::{EndHookPayload as _, StartHookPayload as _};
use hive_router::ntex::http::header::{HeaderName, HeaderValue};
use hive_router::sonic_rs;
use jobgraph_shared::error::ErrorCode;

const REQUEST_ID_HEADER: &str = "x-request-id";

/// Engine codes for failures of the router's own making (as opposed to the
/// client's), when they happen before execution.
const ENGINE_FAULTS: &[&str] = &[
    "QUERY_PLAN_BUILD_FAILED",
    "GRAPHQL_PARSE_MINIFY_FAILED",
    "NO_SUPERGRAPH_AVAILABLE",
    "PLAN_EXECUTION_FAILED",
    "OVERRIDE_LABEL_EVALUATION_FAILED",
    "JWT_FORWARDING_ERROR",
    "PERSISTED_DOCUMENT_RESOLUTION_FAILED",
    "PERSISTED_DOCUMENT_ID_EXPRESSION_EVALUATION_ERROR",
    "INTROSPECTION_PERMISSION_EVALUATION_ERROR",
    "HEADER_PROPAGATION_FAILURE",
    "QUERY_PLAN_SERIALIZATION_FAILED",
    "SUPERGRAPH_RUNTIME_ERROR",
    "RESPONSE_COMPRESSION_FAILED",
    "GATEWAY_TIMEOUT",
];

/// Where an error arose: refusing a request before execution (the client's
/// doing unless the engine names a fault of its own), or while executing
/// it (a subgraph that failed or is away: ours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    BeforeExecution,
    Execution,
}

/// Our code for an engine's code.
pub fn our_code(engine_code: Option<&str>, stage: Stage) -> ErrorCode {
    if let Some(ours) = engine_code.and_then(ErrorCode::parse) {
        return ours;
    }
    match (engine_code.unwrap_or_default(), stage) {
        ("JWT_ERROR", _) => ErrorCode::Unauthenticated,
        ("UNAUTHORIZED_OPERATION" | "CSRF_PREVENTION_FAILED" | "INTROSPECTION_DISABLED", _) => ErrorCode::Forbidden,
        (code, Stage::BeforeExecution) if !ENGINE_FAULTS.contains(&code) => ErrorCode::BadUserInput,
        _ => ErrorCode::Internal,
    }
}

/// Gives `error` one of our codes (the engine's moves to `reason`) and the
/// request id, unless it has its own (a subgraph's, matching its log line).
pub fn normalise(error: &mut GraphQLError, stage: Stage) {
    let extensions = &mut error.extensions;
    let engine_code = extensions.code.take();
    let ours = our_code(engine_code.as_deref(), stage).as_str();
    if let Some(engine_code) = engine_code.filter(|code| code != ours) {
        extensions.set("reason".to_string(), sonic_rs::Value::from(engine_code.as_str()));
    }
    extensions.code = Some(ours.to_string());
    if extensions.get("requestId").is_none()
        && let Some(id) = super::request_id()
    {
        extensions.set("requestId".to_string(), sonic_rs::Value::from(id.as_str()));
    }
}

/// Puts the request id on the response as `x-request-id` (unless there is one).
pub fn request_id_on_response(payload: OnHttpRequestHookPayload<'_>) -> OnHttpRequestHookResult<'_> {
    let id = super::request_id().and_then(|id| HeaderValue::from_str(&id).ok());
    payload.on_end(move |end| {
        end.map_response(|mut response| {
            let headers = response.headers_mut();
            if let Some(id) = id
                && !headers.contains_key(REQUEST_ID_HEADER)
            {
                headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), id);
            }
            response
        })
        .proceed()
    })
}

/// Gives the errors of the execution (a subgraph's failure, say) our codes.
pub fn normalise_execution_errors(payload: OnExecuteStartHookPayload<'_>) -> OnExecuteStartHookResult<'_> {
    payload.on_end(|mut end| {
        for error in &mut end.errors {
            normalise(error, Stage::Execution);
        }
        end.proceed()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use hive_router::sonic_rs::JsonValueTrait as _;

    #[test]
    fn engine_codes_become_ours() {
        use ErrorCode::*;
        use Stage::*;
        for (engine, stage, ours) in [
            (Some("MAX_DEPTH_EXCEEDED"), BeforeExecution, BadUserInput),
            (Some("COST_ESTIMATED_TOO_EXPENSIVE"), BeforeExecution, BadUserInput),
            (Some("GRAPHQL_VALIDATION_FAILED"), BeforeExecution, BadUserInput),
            (None, BeforeExecution, BadUserInput),
            (Some("JWT_ERROR"), BeforeExecution, Unauthenticated),
            (Some("INTROSPECTION_DISABLED"), BeforeExecution, Forbidden),
            (Some("QUERY_PLAN_BUILD_FAILED"), BeforeExecution, Internal),
            (Some("SUBREQUEST_HTTP_ERROR"), Execution, Internal),
            (None, Execution, Internal),
            (Some("NOT_FOUND"), Execution, NotFound),
            (Some("RATE_LIMITED"), BeforeExecution, RateLimited),
        ] {
            assert_eq!(our_code(engine, stage), ours, "{engine:?} {stage:?}");
        }
    }

    #[test]
    fn the_engines_code_becomes_the_reason() {
        let mut error = GraphQLError::from_message_and_code("too deep", "MAX_DEPTH_EXCEEDED");
        normalise(&mut error, Stage::BeforeExecution);
        assert_eq!(error.extensions.code.as_deref(), Some("BAD_USER_INPUT"));
        assert_eq!(error.extensions.get("reason").and_then(|v| v.as_str()), Some("MAX_DEPTH_EXCEEDED"));
        let mut ours = GraphQLError::from_message_and_code("no", "FORBIDDEN");
        normalise(&mut ours, Stage::Execution);
        assert_eq!(ours.extensions.code.as_deref(), Some("FORBIDDEN"));
        assert!(ours.extensions.get("reason").is_none(), "nothing to explain");
    }
}
