//! sea-orm models of the notifications service's tables.

pub mod application_cache;
pub mod digest_sent;
pub mod enums;
pub mod job_cache;
pub mod notification;
pub mod preference;
pub mod settings;
pub mod template;
pub mod user_cache;
