//! The subgraph secret: when `JOBGRAPH_SUBGRAPH_SECRET` is set, every
//! request the router sends a subgraph carries it, and the subgraphs
//! (started with the same variable) refuse requests without it, so a
//! subgraph reachable on the network serves nobody who bypasses the router.

use hive_router::http::HeaderValue;
use jobgraph_shared::server::SECRET_HEADER;

/// The environment variable both the router and the subgraphs read.
pub const VARIABLE: &str = "JOBGRAPH_SUBGRAPH_SECRET";

/// The secret's header value, when one is configured.
pub fn from_env() -> Result<Option<HeaderValue>, String> {
    match std::env::var(VARIABLE) {
        Ok(secret) if !secret.is_empty() => {
            let mut value =
                HeaderValue::from_str(&secret).map_err(|_| format!("{VARIABLE} must be printable ASCII"))?;
            value.set_sensitive(true);
            Ok(Some(value))
        }
        _ => Ok(None),
    }
}

/// Adds the secret to a subgraph request's headers.
pub fn attach(headers: &mut hive_router::http::HeaderMap, secret: &HeaderValue) {
    headers.insert(SECRET_HEADER, secret.clone());
}
