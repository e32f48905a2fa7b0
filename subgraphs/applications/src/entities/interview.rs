use sea_orm::entity::prelude::*;

use super::enums::{InterviewStatus, InterviewType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "interviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub kind: InterviewType,
    pub scheduled_at: DateTimeUtc,
    pub duration_minutes: i32,
    /// IANA name: the time zone the interview is arranged in.
    pub timezone: String,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub status: InterviewStatus,
    /// The employer's; never shown to the applicant.
    pub feedback: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn ends_at(&self) -> DateTimeUtc {
        self.scheduled_at + chrono::Duration::minutes(i64::from(self.duration_minutes))
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
