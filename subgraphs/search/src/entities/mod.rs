//! sea-orm models of the service's tables.

pub mod search_click;
pub mod search_query;
