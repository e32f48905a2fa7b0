//! jobgraph-notifications: the notifications subgraph. It tells people what
//! happened, from the events of users, jobs and applications: in their
//! feed (live through `notificationAdded`) and by email, as their
//! preferences say, rendered from versioned templates in their language.
//!
//! - `entities/`: sea-orm models of its tables and their enumerations
//! - `domain/`: the rules (who is told what, preferences, the feed,
//!   templates, email and digests)
//! - `schema/`: the GraphQL objects, queries, mutations and the `notificationAdded` subscription
//!
//! Entry points: [`schema`], [`router`], [`NotificationsService`],
//! [`domain::event_handler::NotificationEvents`], [`domain::email::Sender`].

pub mod domain;
pub mod entities;
pub mod schema;

use async_graphql::Schema;
use jobgraph_shared::auth::TokenVerifier;
use jobgraph_shared::server::{Exposure, limited};

pub use domain::NotificationsService;

pub type NotificationsSchema = Schema<schema::Query, schema::Mutation, schema::Subscription>;

/// The subgraph's schema, with its service in the schema data.
pub fn schema(service: NotificationsService) -> NotificationsSchema {
    limited(
        Schema::build(schema::Query, schema::Mutation, schema::Subscription)
            .enable_federation()
            .enable_subscription_in_federation(),
    )
    .data(service)
    .finish()
}

/// The subgraph's SDL, federation directives included.
pub fn sdl() -> String {
    Schema::build(schema::Query, schema::Mutation, schema::Subscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation().compose_directive())
}

/// The HTTP routes: GraphQL and probes.
pub fn router(service: NotificationsService, verifier: TokenVerifier, exposure: Exposure) -> axum::Router {
    let db = service.db.clone();
    jobgraph_shared::server::subgraph_router(schema(service), verifier, db, exposure)
}
