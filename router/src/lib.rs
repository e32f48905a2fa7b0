// ntex composes its middleware into deeply nested types; the engine needs this (as hive-router's own binary does).
#![recursion_limit = "256"]

//! jobgraph-router: the federation router. Frontends talk to one endpoint;
//! the hive-router engine plans each operation over the subgraphs.
//!
//! - [`compose`]: supergraph.yaml (rover's format) to a supergraph SDL,
//!   with graphql-composition
//! - [`plugins`]: our plugins on the engine
//! - [`run`]: the engine started through `router_entrypoint`, with the
//!   router configuration `jobgraph dev` writes for itself
//!
//! Entry points: [`compose::compose`], [`run::run_router`], [`run::RouterYaml`].

pub mod compose;
pub mod plugins;
pub mod run;

/// The allocator hive-router's own binary uses (mimalloc); the `jobgraph`
/// binary makes it the global one.
pub use hive_router::RouterGlobalAllocator as GlobalAllocator;
