//! jobgraph-shared: what every Jobgraph service shares.
//!
//! - [`config`]: settings read from flags and the environment
//! - [`error`]: the one error type, with the stable codes of DOMAIN.md
//! - [`events`]: the event backbone: payloads, outbox, relay, consumers, Kafka and the in-process bus
//! - [`auth`]: Ed25519 keys, access tokens, JWKS, the caller
//! - [`loader`]: batched DataLoaders over entities
//! - [`pagination`]: Relay connections with opaque cursors
//! - [`db`]: connections and migrations (PostgreSQL or SQLite)
//! - [`scalars`]: the shared scalars (`Date`)
//! - [`server`]: the HTTP routes every subgraph serves, shutdown
//! - [`telemetry`]: tracing set-up
//! - [`testing`]: fresh databases and a GraphQL client for tests
//! - [`text`]: validated input strings
//! - [`vocabulary`]: enumerations several services share

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod loader;
pub mod pagination;
pub mod revocations;
pub mod scalars;
pub mod server;
pub mod telemetry;
pub mod testing;
pub mod text;
pub mod vocabulary;

pub use error::{Error, ErrorCode, Result};
