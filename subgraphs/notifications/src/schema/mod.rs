//! The notifications subgraph's GraphQL schema: thin resolvers over [`crate::domain`].

mod mutation;
mod query;
mod subscription;
mod types;

pub use mutation::Mutation;
pub use query::Query;
pub use subscription::Subscription;
pub use types::{Notification, User};

use async_graphql::Context;

use crate::domain::NotificationsService;

fn service<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a NotificationsService> {
    ctx.data::<NotificationsService>()
}
