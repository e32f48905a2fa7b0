//! Integration tests of the users subgraph, over its HTTP routes, on a fresh
//! PostgreSQL database per test (and SQLite where the backend matters).

mod helpers;

mod admin;
mod entities;
mod events;
mod permissions;
mod profile;
mod profile_viewers;
mod sessions;
