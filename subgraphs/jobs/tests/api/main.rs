//! Integration tests of the jobs subgraph, over its HTTP routes, on a fresh
//! PostgreSQL database per test (and SQLite where the backend matters).

mod helpers;

mod batching;
mod companies;
mod events;
mod exposure;
mod jobs;
mod lifecycle;
mod listing;
mod permissions;
mod taxonomy;
