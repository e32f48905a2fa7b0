//! The applications subgraph's GraphQL schema: thin resolvers over [`crate::domain`].

mod inputs;
mod mutation;
mod query;
mod types;

pub use mutation::Mutation;
pub use query::Query;
pub use types::{Application, Interview, Job, RecruiterNote, User};

use async_graphql::Context;

use crate::domain::ApplicationsService;

fn service<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a ApplicationsService> {
    ctx.data::<ApplicationsService>()
}
