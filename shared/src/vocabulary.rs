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
