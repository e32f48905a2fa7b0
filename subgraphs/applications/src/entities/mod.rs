//! sea-orm models of the applications service's tables.

pub mod application;
pub mod company_cache;
pub mod enums;
pub mod interview;
pub mod job_cache;
pub mod recruiter_note;
pub mod status_change;
