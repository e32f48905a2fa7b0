//! sea-orm entities of the jobs service, one per table, and the enumerations
//! stored in its columns.

pub mod category;
pub mod company;
pub mod enums;
pub mod job;
pub mod job_category;
pub mod job_location;
pub mod job_skill;
pub mod skill;
pub mod user_profile_cache;
