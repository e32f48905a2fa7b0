//! DataLoaders: every entity and relation is read in batches, one statement
//! per batch, never one per row.

use jobgraph_shared::loader::ById;

use crate::entities::{seeker_profile, user};

pub type UserLoader = ById<user::Entity>;
pub type SeekerProfileLoader = ById<seeker_profile::Entity>;
