use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Head count bands.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum CompanySize {
    #[graphql(name = "S1_10")]
    #[sea_orm(string_value = "S1_10")]
    S1To10,
    #[graphql(name = "S11_50")]
    #[sea_orm(string_value = "S11_50")]
    S11To50,
    #[graphql(name = "S51_200")]
    #[sea_orm(string_value = "S51_200")]
    S51To200,
    #[graphql(name = "S201_500")]
    #[sea_orm(string_value = "S201_500")]
    S201To500,
    #[graphql(name = "S501_1000")]
    #[sea_orm(string_value = "S501_1000")]
    S501To1000,
    #[graphql(name = "S1000_PLUS")]
    #[sea_orm(string_value = "S1000_PLUS")]
    S1000Plus,
}

pub use jobgraph_shared::vocabulary::{EmploymentType, ExperienceLevel};

/// What a salary amount is per.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum SalaryPeriod {
    #[sea_orm(string_value = "YEAR")]
    Year,
    #[sea_orm(string_value = "MONTH")]
    Month,
    #[sea_orm(string_value = "HOUR")]
    Hour,
}

impl SalaryPeriod {
    /// The amount per year, for range filters across periods (2080 working hours a year).
    pub fn yearly(self, amount: i64) -> i64 {
        match self {
            SalaryPeriod::Year => amount,
            SalaryPeriod::Month => amount.saturating_mul(12),
            SalaryPeriod::Hour => amount.saturating_mul(2080),
        }
    }
}

/// Where a job is in its life. See [`JobStatus::can_become`].
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum JobStatus {
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    #[sea_orm(string_value = "PUBLISHED")]
    Published,
    #[sea_orm(string_value = "PAUSED")]
    Paused,
    #[sea_orm(string_value = "CLOSED")]
    Closed,
    #[sea_orm(string_value = "FILLED")]
    Filled,
    #[sea_orm(string_value = "EXPIRED")]
    Expired,
}

impl JobStatus {
    /// The transitions DOMAIN.md allows; every other one is refused.
    /// `PUBLISHED -> EXPIRED` is the expiry scheduler's alone.
    pub fn can_become(self, to: JobStatus) -> bool {
        use JobStatus::*;
        matches!(
            (self, to),
            (Draft, Published)
                | (Published, Paused)
                | (Paused, Published)
                | (Published | Paused, Closed | Filled)
                | (Published, Expired)
                | (Closed, Published)
        )
    }

    /// Statuses a job once public keeps showing to the public by id (with
    /// its status), so links and applications still resolve.
    pub fn shown_publicly(self) -> bool {
        matches!(self, JobStatus::Published | JobStatus::Closed | JobStatus::Filled | JobStatus::Expired)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Draft => "DRAFT",
            JobStatus::Published => "PUBLISHED",
            JobStatus::Paused => "PAUSED",
            JobStatus::Closed => "CLOSED",
            JobStatus::Filled => "FILLED",
            JobStatus::Expired => "EXPIRED",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::JobStatus::{self, *};
    use sea_orm::Iterable as _;

    #[test]
    fn only_the_listed_transitions_are_allowed() {
        let allowed = [
            (Draft, Published),
            (Published, Paused),
            (Paused, Published),
            (Published, Closed),
            (Published, Filled),
            (Paused, Closed),
            (Paused, Filled),
            (Published, Expired),
            (Closed, Published),
        ];
        for from in JobStatus::iter() {
            for to in JobStatus::iter() {
                assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
    }
}
