//! Refuses a request that presents a token the router could not verify.
//!
//! The engine's JWT support either requires a token (and refuses anonymous
//! callers, who must still read public data) or treats a bad token as no
//! token at all. We want the middle: anonymous is fine, a presented token
//! must be valid (signed by a key of the JWKS, unexpired, right issuer and
//! audience), else UNAUTHENTICATED at the edge, before any subgraph is called.

use hive_router::GraphQLError;
use hive_router::executor::plugin_context::RouterHttpRequest;
use hive_router::http::header::AUTHORIZATION;

/// The error to refuse the request with, when it presents a token the
/// router did not verify.
pub fn refusal(request: &RouterHttpRequest<'_>, token_verified: bool) -> Option<GraphQLError> {
    let presented = request.headers.contains_key(AUTHORIZATION);
    if !presented || token_verified {
        return None;
    }
    let mut error =
        GraphQLError::from_message_and_code("the access token is invalid or expired; sign in again", "UNAUTHENTICATED");
    super::error_codes::normalise(&mut error, super::error_codes::Stage::BeforeExecution);
    Some(error)
}
