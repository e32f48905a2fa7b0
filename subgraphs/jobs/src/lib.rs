//! jobgraph-jobs: the jobs subgraph. It owns companies, jobs, the category
//! tree and skills, and caches user profiles from events.
//!
//! - `entities/`: sea-orm models of its tables and their enumerations
//! - `domain/`: the rules (companies, the job status machine, listing,
//!   taxonomy, the expiry scheduler), free of GraphQL
//! - `schema/`: the GraphQL objects, inputs, queries and mutations
//! - `loaders.rs`: DataLoaders for batched reads
//! - `seed.rs`: demo companies and jobs
//!
//! Entry points: [`schema`], [`router`], [`JobsService`], [`domain::expiry::run`].

pub mod domain;
pub mod entities;
pub mod loaders;
pub mod schema;
pub mod seed;

use async_graphql::{EmptySubscription, Schema};
use jobgraph_shared::auth::TokenVerifier;
use jobgraph_shared::server::{Exposure, limited};

pub use domain::JobsService;

pub type JobsSchema = Schema<schema::Query, schema::Mutation, EmptySubscription>;

/// The subgraph's schema, with its service and loaders in the schema data.
pub fn schema(service: JobsService) -> JobsSchema {
    let builder =
        limited(Schema::build(schema::Query, schema::Mutation::default(), EmptySubscription).enable_federation());
    loaders::register(builder, &service.db).data(service).finish()
}

/// The subgraph's SDL, federation directives included.
pub fn sdl() -> String {
    Schema::build(schema::Query, schema::Mutation::default(), EmptySubscription)
        .enable_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}

/// The HTTP routes: GraphQL and probes.
pub fn router(service: JobsService, verifier: TokenVerifier, exposure: Exposure) -> axum::Router {
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
}
