//! Integration tests of the applications subgraph, over its HTTP routes, on
//! a fresh PostgreSQL database per test; its job cache is fed the way it is
//! in production, by `job.*` events through the consumer.

mod helpers;

mod cache;
mod interviews;
mod permissions;
mod pipeline;
