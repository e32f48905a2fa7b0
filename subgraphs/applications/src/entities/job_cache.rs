use sea_orm::entity::prelude::*;

/// What applications knows of a job, kept current from `job.*` events, so
/// applying is validated with no call to jobs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    pub company_id: Uuid,
    /// The company's owner: who runs the job's pipeline.
    pub owner_id: Uuid,
    pub title: String,
    /// The job's status as jobs published it (PUBLISHED, FILLED, ...).
    pub status: String,
    pub application_deadline: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
    pub max_applications: Option<i32>,
    pub deleted_at: Option<DateTimeUtc>,
    /// The job's version: an older event never overwrites a newer state.
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// Why the job takes no application now, if it does not (DOMAIN.md).
    pub fn closed_reason(&self, now: DateTimeUtc) -> Option<&'static str> {
        if self.deleted_at.is_some() {
            Some("this job was removed")
        } else if self.status != "PUBLISHED" {
            Some("this job is not open for applications")
        } else if self.application_deadline.is_some_and(|at| at <= now) {
            Some("the application deadline has passed")
        } else if self.expires_at.is_some_and(|at| at <= now) {
            Some("this job has expired")
        } else {
            None
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
