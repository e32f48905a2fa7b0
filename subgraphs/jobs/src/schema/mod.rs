//! The jobs subgraph's GraphQL schema: thin resolvers over [`crate::domain`].

mod inputs;
mod mutation;
mod query;
mod types;

pub use mutation::Mutation;
pub use query::Query;
pub use types::{Category, Company, Job, Skill, User};

use async_graphql::Context;
use jobgraph_shared::Result;
use uuid::Uuid;

use crate::domain::JobsService;

fn service<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a JobsService> {
    ctx.data::<JobsService>()
}

/// IDs the client sent, each of which must be one of ours.
fn ids(field: &str, values: &[async_graphql::ID]) -> Result<Vec<Uuid>> {
    values.iter().map(|value| jobgraph_shared::text::id(field, value)).collect()
}
