//! End-to-end tests: the `jobgraph` binary as users run it, driven over
//! real HTTP through the router.

mod harness;

mod analytics;
mod applications;
mod dev;
mod events;
mod microservices;
mod notifications;
mod router;
mod search;
mod web;
