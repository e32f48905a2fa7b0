//! jobgraph-search: the search subgraph. Seekers find published jobs by a
//! few words, typos forgiven, with counts to narrow by. Each replica keeps
//! its own tantivy index, built only from the job events (see
//! [`index::feed`]).
//!
//! - `index/`: the index, its documents and its feed
//! - [`query`]: what was typed, parsed and turned into a tantivy query
//! - [`search`]: `searchJobs` with filters, sort, cursors, facets and highlights
//! - [`suggest`], [`similar`], [`companies`]: search as you type, more like this, companies
//! - [`history`]: the searches made (a user's history, admins' statistics), in the database
//! - [`alerts`]: saved searches, matched against each newly indexed job
//! - [`user_events`]: token revocations from `user-events`
//! - `schema/`: the GraphQL objects and queries
//!
//! Entry points: [`schema`], [`router`], [`SearchService`], [`index::feed::run`].

pub mod alerts;
pub mod companies;
pub mod entities;
mod facets;
pub mod geo;
pub mod highlight;
pub mod history;
pub mod index;
pub mod money;
pub mod query;
pub mod schema;
pub mod search;
pub mod similar;
pub mod suggest;
pub mod synonyms;
pub mod user_events;

use std::sync::Arc;

use async_graphql::{EmptySubscription, Schema};
use jobgraph_shared::auth::TokenVerifier;
use jobgraph_shared::server::{Exposure, limited};
use sea_orm::DatabaseConnection;

pub use index::{Location, SearchIndex};

/// The service: its index, and its database (for what is not rebuilt from events).
#[derive(Clone)]
pub struct SearchService {
    pub index: Arc<SearchIndex>,
    pub db: DatabaseConnection,
}

pub type SearchSchema = Schema<schema::Query, schema::Mutation, EmptySubscription>;

/// The subgraph's schema, with its service in the schema data.
pub fn schema(service: SearchService) -> SearchSchema {
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
pub fn router(service: SearchService, verifier: TokenVerifier, exposure: Exposure) -> axum::Router {
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
}
