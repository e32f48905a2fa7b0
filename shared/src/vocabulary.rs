//! Enumerations more than one service speaks, so their GraphQL types compose.

use sea_orm::entity::prelude::{DeriveActiveEnum, EnumIter, StringLen};
use serde::{Deserialize, Serialize};

/// Where the work happens.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum RemotePolicy {
    #[sea_orm(string_value = "ON_SITE")]
    OnSite,
    #[sea_orm(string_value = "HYBRID")]
    Hybrid,
    #[sea_orm(string_value = "REMOTE")]
    Remote,
}

#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum EmploymentType {
    #[sea_orm(string_value = "FULL_TIME")]
    FullTime,
    #[sea_orm(string_value = "PART_TIME")]
    PartTime,
    #[sea_orm(string_value = "CONTRACT")]
    Contract,
    #[sea_orm(string_value = "TEMPORARY")]
    Temporary,
    #[sea_orm(string_value = "INTERNSHIP")]
    Internship,
    #[sea_orm(string_value = "FREELANCE")]
    Freelance,
}

#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ExperienceLevel {
    #[sea_orm(string_value = "ENTRY")]
    Entry,
    #[sea_orm(string_value = "JUNIOR")]
    Junior,
    #[sea_orm(string_value = "MID")]
    Mid,
    #[sea_orm(string_value = "SENIOR")]
    Senior,
    #[sea_orm(string_value = "LEAD")]
    Lead,
    #[sea_orm(string_value = "EXECUTIVE")]
    Executive,
}
