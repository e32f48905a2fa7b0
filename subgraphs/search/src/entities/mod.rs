//! sea-orm models of the service's tables.

pub mod alert_sent;
pub mod saved_search;
pub mod search_click;
pub mod search_query;
