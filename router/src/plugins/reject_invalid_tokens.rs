//! Refuses a request that presents a token the router could not verify.
//!
//! The engine's JWT support either requires a token (and refuses anonymous
//! callers, who must still read public data) or treats a bad token as no
//! token at all. We want the middle: anonymous is fine, a presented token
//! must be valid (signed by a key of the JWKS, unexpired, right issuer and
//! audience), else UNAUTHENTICATED at the edge, before any subgraph is called.

use hive_router::GraphQLError;
use hive_router::executor::hooks::on_execute::{OnExecuteStartHookPayload, OnExecuteStartHookResult};
use hive_router::executor::hooks::on_plugin_init::{OnPluginInitPayload, OnPluginInitResult};
use hive_router::executor::plugin_trait::{RouterPlugin, StartHookPayload as _};
use hive_router::http::StatusCode;
use hive_router::http::header::AUTHORIZATION;
use serde::Deserialize;

pub struct RejectInvalidTokens;

/// Nothing to configure: enabling the plugin is the whole decision.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectInvalidTokensConfig {}

#[hive_router::async_trait]
impl RouterPlugin for RejectInvalidTokens {
    type Config = RejectInvalidTokensConfig;

    fn plugin_name() -> &'static str {
        "reject_invalid_tokens"
    }

    fn on_plugin_init(payload: OnPluginInitPayload<Self>) -> OnPluginInitResult<Self> {
        let _config: RejectInvalidTokensConfig = payload.config()?;
        Ok(Some(RejectInvalidTokens))
    }

    async fn on_execute<'exec>(
        &'exec self,
        payload: OnExecuteStartHookPayload<'exec>,
    ) -> OnExecuteStartHookResult<'exec> {
        let presented = payload.router_http_request.headers.contains_key(AUTHORIZATION);
        if presented && !super::token_verified(&payload) {
            let mut error = GraphQLError::from_message_and_code(
                "the access token is invalid or expired; sign in again",
                "UNAUTHENTICATED",
            );
            super::error_codes::normalise(&mut error, super::error_codes::Stage::BeforeExecution);
            return payload.end_with_graphql_error(error, StatusCode::UNAUTHORIZED);
        }
        payload.proceed()
    }
}
