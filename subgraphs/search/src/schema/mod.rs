//! The search subgraph's GraphQL schema: thin resolvers over the index.

mod mutation;
mod query;
mod types;

pub use mutation::Mutation;
pub use query::Query;
pub use types::{Job, saved_filter};

use async_graphql::Context;

use crate::SearchService;

fn service<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a SearchService> {
    ctx.data::<SearchService>()
}

/// Runs `work` (CPU-bound work over the index) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, jobgraph_shared::Error> + Send + 'static,
) -> async_graphql::Result<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => Ok(result?),
        Err(error) => Err(jobgraph_shared::Error::internal(error).into()),
    }
}
