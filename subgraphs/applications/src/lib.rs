//! jobgraph-applications: the applications subgraph, the hiring pipeline.
//! It owns applications, their history, recruiter notes and interviews, and
//! caches jobs from events so applying needs no call to jobs.
//!
//! - `entities/`: sea-orm models of its tables and their enumerations
//! - `domain/`: the rules (applying, the pipeline, interviews, the job cache)
//! - `schema/`: the GraphQL objects, inputs, queries and mutations
//! - `loaders.rs`: DataLoaders for batched reads
//! - `seed.rs`: demo applications at every stage
//!
//! Entry points: [`schema`], [`router`], [`ApplicationsService`], [`domain::job_events::JobEvents`].

pub mod domain;
pub mod entities;
pub mod loaders;
pub mod schema;
pub mod seed;

use async_graphql::{EmptySubscription, Schema};
use jobgraph_shared::auth::TokenVerifier;
use jobgraph_shared::server::{Exposure, limited};

pub use domain::ApplicationsService;

pub type ApplicationsSchema = Schema<schema::Query, schema::Mutation, EmptySubscription>;

/// The subgraph's schema, with its service and loaders in the schema data.
pub fn schema(service: ApplicationsService) -> ApplicationsSchema {
    let builder = limited(Schema::build(schema::Query, schema::Mutation, EmptySubscription).enable_federation());
    loaders::register(builder, &service.db).data(service).finish()
}

/// The subgraph's SDL, federation directives included.
pub fn sdl() -> String {
    Schema::build(schema::Query, schema::Mutation, EmptySubscription)
        .enable_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}

/// The HTTP routes: GraphQL and probes.
pub fn router(service: ApplicationsService, verifier: TokenVerifier, exposure: Exposure) -> axum::Router {
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
}
