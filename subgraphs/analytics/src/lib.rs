//! jobgraph-analytics: the analytics subgraph. Clients report what only
//! they see (a job viewed, an apply started) with `trackEvent(s)`; those
//! events and every other service's go through the topics into daily
//! rollups, which employers read as `Job.stats` / `Company.stats` and
//! admins as `platformStats`.
//!
//! - [`track`]: checking and recording tracked events (the visitor hash)
//! - [`rollups`]: the consumer that turns events into daily counts
//! - [`stats`]: ranges, timezones, granularity and the series read from the
//!   rollups; time to first application and to hire
//! - [`retention`]: pruning raw rows after their retention
//! - [`entities`]: sea-orm models of its tables
//! - `schema`: the GraphQL objects, queries and mutations
//!
//! Entry points: [`schema`], [`router`], [`AnalyticsService`], [`rollups::AnalyticsEvents`].

pub mod entities;
pub mod retention;
pub mod rollups;
mod schema;
pub mod seed;
pub mod stats;
pub mod track;

use async_graphql::{EmptySubscription, Schema};
use jobgraph_shared::auth::TokenVerifier;
use jobgraph_shared::events::Outbox;
use jobgraph_shared::server::{Exposure, limited};
use sea_orm::DatabaseConnection;

pub const OUTBOX: Outbox = Outbox::new("analytics");

/// The service: its database.
#[derive(Clone)]
pub struct AnalyticsService {
    pub db: DatabaseConnection,
}

pub type AnalyticsSchema = Schema<schema::Query, schema::Mutation, EmptySubscription>;

/// The subgraph's schema, with its service in the schema data.
pub fn schema(service: AnalyticsService) -> AnalyticsSchema {
    limited(Schema::build(schema::Query, schema::Mutation, EmptySubscription).enable_federation())
        .data(service)
        .finish()
}

/// The subgraph's SDL, federation directives included.
pub fn sdl() -> String {
    Schema::build(schema::Query, schema::Mutation, EmptySubscription)
        .enable_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}

/// The HTTP routes: GraphQL and probes.
pub fn router(service: AnalyticsService, verifier: TokenVerifier, exposure: Exposure) -> axum::Router {
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
}
