//! Our plugins on the hive-router engine, one module each, registered in
//! [`registry`] and enabled in the router YAML's `plugins` section.

pub mod rate_limit;
pub mod reject_invalid_tokens;

/// Every plugin we ship, in the order they run.
pub fn registry() -> hive_router::PluginRegistry {
    hive_router::PluginRegistry::new()
        .register::<rate_limit::RateLimit>()
        .register::<reject_invalid_tokens::RejectInvalidTokens>()
}
