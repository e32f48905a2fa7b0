//! sea-orm entities of the users service, one per table.

pub mod failed_login;
pub mod profile_viewer;
pub mod refresh_token;
pub mod seeker_profile;
pub mod user;
