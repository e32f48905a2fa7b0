use sea_orm::entity::prelude::*;

use super::enums::ApplicationStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Uuid,
    pub applicant_id: Uuid,
    /// Copied from the job cache when applying, never taken from the client.
    pub company_id: Uuid,
    pub status: ApplicationStatus,
    pub cover_letter: Option<String>,
    pub resume_url: Option<String>,
    pub expected_salary_amount: Option<i64>,
    pub expected_salary_currency: Option<String>,
    pub availability_date: Option<Date>,
    /// Where the applicant came from: a UTM source or a board's name.
    pub source: Option<String>,
    /// The client's key for a retried applyToJob.
    pub idempotency_key: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
