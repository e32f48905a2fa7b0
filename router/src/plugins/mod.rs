//! Our plugins on the hive-router engine, one module each, registered in
//! [`registry`] and enabled in the router YAML's `plugins` section.

pub mod error_codes;
pub mod rate_limit;
pub mod ready_probe;
pub mod reject_invalid_tokens;

/// Every plugin we ship, in the order they run.
pub fn registry() -> hive_router::PluginRegistry {
    hive_router::PluginRegistry::new()
        .register::<ready_probe::ReadyProbe>()
        .register::<rate_limit::RateLimit>()
        .register::<reject_invalid_tokens::RejectInvalidTokens>()
        .register::<error_codes::ErrorCodes>()
}

/// The id of the request being served: the client's `x-request-id`, or one
/// the router made; it is on every log line of the request.
fn request_id() -> Option<String> {
    hive_router::telemetry::logging::request_id::REQUEST_IDENTIFIERS.try_with(|ids| ids.req_id().to_string()).ok()
}

/// Did the router verify the token this request presented? (It runs JWT
/// validation before `on_execute`.)
fn token_verified(payload: &hive_router::executor::hooks::on_execute::OnExecuteStartHookPayload<'_>) -> bool {
    payload
        .request_context
        .read()
        .ok()
        .and_then(|context| context.authentication().jwt_status().copied())
        .unwrap_or(false)
}
