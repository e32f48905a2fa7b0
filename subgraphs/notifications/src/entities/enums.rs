use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What a notification is about; preferences are set per category.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[graphql(name = "NotificationCategory")]
pub enum Category {
    #[sea_orm(string_value = "APPLICATION_UPDATES")]
    ApplicationUpdates,
    #[sea_orm(string_value = "INTERVIEWS")]
    Interviews,
    #[sea_orm(string_value = "JOB_ALERTS")]
    JobAlerts,
    #[sea_orm(string_value = "ACCOUNT")]
    Account,
    #[sea_orm(string_value = "MARKETING")]
    Marketing,
}

/// How a notification reaches its user.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[graphql(name = "NotificationChannel")]
pub enum Channel {
    /// The feed in the product, live through `notificationAdded`.
    #[sea_orm(string_value = "IN_APP")]
    InApp,
    #[sea_orm(string_value = "EMAIL")]
    Email,
}

/// Where a notification stands: in-app ones are SENT (in the feed) until
/// READ; email ones PENDING until SENT or, after their last attempt, FAILED.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum NotificationStatus {
    #[sea_orm(string_value = "PENDING")]
    Pending,
    #[sea_orm(string_value = "SENT")]
    Sent,
    #[sea_orm(string_value = "FAILED")]
    Failed,
    #[sea_orm(string_value = "READ")]
    Read,
}

/// When email of a category goes out.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum EmailFrequency {
    /// One email per notification, as it happens (held through quiet hours).
    #[sea_orm(string_value = "INSTANT")]
    Instant,
    /// One email a day listing the day's notifications.
    #[sea_orm(string_value = "DAILY_DIGEST")]
    DailyDigest,
}

impl Category {
    pub fn as_str(self) -> String {
        sea_orm::ActiveEnum::to_value(&self)
    }
}

impl NotificationStatus {
    pub fn as_str(self) -> String {
        sea_orm::ActiveEnum::to_value(&self)
    }
}

impl Channel {
    pub fn as_str(self) -> String {
        sea_orm::ActiveEnum::to_value(&self)
    }
}
