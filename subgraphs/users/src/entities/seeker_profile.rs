use jobgraph_shared::vocabulary::RemotePolicy;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "seeker_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub years_experience: Option<i32>,
    /// A JSON array of skill names.
    pub skills: Json,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub open_to_work: bool,
    pub desired_salary_amount: Option<i64>,
    pub desired_salary_currency: Option<String>,
    pub desired_remote_policy: Option<RemotePolicy>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
