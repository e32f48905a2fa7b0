//! Integration tests of the search subgraph, over its HTTP routes: its
//! index (in memory) is fed job and company events the way the feed feeds
//! it, and its database is a fresh PostgreSQL one per test.

mod helpers;

mod alerts;
mod bad_input;
mod feed;
mod history;
mod lifecycle;
mod ranking;
mod rebuild;
mod refine;
