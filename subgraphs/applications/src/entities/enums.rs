use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an application stands in the hiring pipeline.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ApplicationStatus {
    #[sea_orm(string_value = "APPLIED")]
    Applied,
    #[sea_orm(string_value = "SCREENING")]
    Screening,
    #[sea_orm(string_value = "INTERVIEW")]
    Interview,
    #[sea_orm(string_value = "OFFER")]
    Offer,
    #[sea_orm(string_value = "HIRED")]
    Hired,
    #[sea_orm(string_value = "REJECTED")]
    Rejected,
    #[sea_orm(string_value = "WITHDRAWN")]
    Withdrawn,
}

impl ApplicationStatus {
    /// HIRED, REJECTED and WITHDRAWN are final.
    pub fn is_final(self) -> bool {
        matches!(self, ApplicationStatus::Hired | ApplicationStatus::Rejected | ApplicationStatus::Withdrawn)
    }

    /// The pipeline's next stage: APPLIED -> SCREENING -> INTERVIEW -> OFFER -> HIRED.
    pub fn next(self) -> Option<ApplicationStatus> {
        use ApplicationStatus::*;
        match self {
            Applied => Some(Screening),
            Screening => Some(Interview),
            Interview => Some(Offer),
            Offer => Some(Hired),
            Hired | Rejected | Withdrawn => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        use ApplicationStatus::*;
        match self {
            Applied => "APPLIED",
            Screening => "SCREENING",
            Interview => "INTERVIEW",
            Offer => "OFFER",
            Hired => "HIRED",
            Rejected => "REJECTED",
            Withdrawn => "WITHDRAWN",
        }
    }
}

#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum InterviewType {
    #[sea_orm(string_value = "PHONE")]
    Phone,
    #[sea_orm(string_value = "VIDEO")]
    Video,
    #[sea_orm(string_value = "ONSITE")]
    Onsite,
}

#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum InterviewStatus {
    #[sea_orm(string_value = "SCHEDULED")]
    Scheduled,
    #[sea_orm(string_value = "RESCHEDULED")]
    Rescheduled,
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
    #[sea_orm(string_value = "NO_SHOW")]
    NoShow,
}

impl InterviewStatus {
    /// Still to happen: it holds the applicant's time.
    pub fn is_upcoming(self) -> bool {
        matches!(self, InterviewStatus::Scheduled | InterviewStatus::Rescheduled)
    }
}
