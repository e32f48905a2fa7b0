use jobgraph_shared::vocabulary::RemotePolicy;
use sea_orm::entity::prelude::*;

use super::enums::{EmploymentType, ExperienceLevel, JobStatus, SalaryPeriod};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub company_id: Uuid,
    pub posted_by_id: Uuid,
    pub title: String,
    pub description: String,
    pub requirements: Option<String>,
    pub responsibilities: Option<String>,
    pub employment_type: EmploymentType,
    pub experience_level: ExperienceLevel,
    pub remote_policy: RemotePolicy,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub salary_currency: Option<String>,
    pub salary_period: Option<SalaryPeriod>,
    /// `salary_min` per year, for filters and sorting across periods.
    pub salary_yearly_min: Option<i64>,
    pub salary_yearly_max: Option<i64>,
    pub status: JobStatus,
    pub published_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
    pub application_deadline: Option<DateTimeUtc>,
    pub max_applications: Option<i32>,
    pub is_featured: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::company::Entity", from = "Column::CompanyId", to = "super::company::Column::Id")]
    Company,
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
