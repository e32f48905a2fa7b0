//! The users subgraph's GraphQL schema: thin resolvers over [`crate::domain`].

mod mutation;
mod query;
mod types;

pub use mutation::Mutation;
pub use query::Query;
pub use types::{AuthPayload, SeekerProfile, User};
