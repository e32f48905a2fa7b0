//! jobgraph-users: the users subgraph. It owns accounts, job seekers'
//! profiles and sessions, issues access tokens and serves their JWKS.
//!
//! - `entities/`: sea-orm models of its tables
//! - `domain/`: the rules (accounts, sessions, passwords), free of GraphQL
//! - `schema/`: the GraphQL objects, queries and mutations
//! - `loaders.rs`: DataLoaders for batched reads
//! - `seed.rs`: demo accounts
//!
//! Entry points: [`schema`], [`router`], [`UsersService`].

pub mod domain;
pub mod entities;
pub mod loaders;
pub mod schema;
pub mod seed;

use async_graphql::dataloader::DataLoader;
use async_graphql::{EmptySubscription, Schema};
use axum::Json;
use axum::routing::get;
use jobgraph_shared::auth::{TokenVerifier, jwks};
use jobgraph_shared::server::{Exposure, limited};

pub use domain::UsersService;
use loaders::{ProfileViewerLoader, SeekerProfileLoader, UserLoader};

pub type UsersSchema = Schema<schema::Query, schema::Mutation, EmptySubscription>;

/// The subgraph's schema, with its service and loaders in the schema data.
pub fn schema(service: UsersService) -> UsersSchema {
    limited(Schema::build(schema::Query, schema::Mutation::default(), EmptySubscription))
        .enable_federation()
        .data(DataLoader::new(UserLoader::new(service.db.clone()), tokio::spawn))
        .data(DataLoader::new(SeekerProfileLoader::new(service.db.clone()), tokio::spawn))
        .data(DataLoader::new(ProfileViewerLoader(service.db.clone()), tokio::spawn))
        .data(service)
        .finish()
}

/// The subgraph's SDL, federation directives included.
pub fn sdl() -> String {
    Schema::build(schema::Query, schema::Mutation::default(), EmptySubscription)
        .enable_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}

/// The verifier for this service's own tokens.
pub fn verifier(service: &UsersService) -> TokenVerifier {
    TokenVerifier::new(vec![service.signing_key.public_key().clone()], &service.tokens)
}

/// The HTTP routes: GraphQL, probes, and the JWKS at `/.well-known/jwks.json`.
pub fn router(service: UsersService, exposure: Exposure) -> axum::Router {
    let keys = jwks(&[service.signing_key.public_key().clone()]);
    let verifier = verifier(&service);
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
        .route("/.well-known/jwks.json", get(move || async move { Json(keys) }))
}
