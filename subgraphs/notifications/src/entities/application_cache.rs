use sea_orm::entity::prelude::*;

/// What notifications knows of an application, kept from `application.*`
/// events: whom to tell when its job closes while it is still open.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "application_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub applicant_id: Uuid,
    /// APPLIED ... WITHDRAWN, as applications published it.
    pub status: String,
    pub updated_at: DateTimeUtc,
}

impl Model {
    pub fn is_open(&self) -> bool {
        !matches!(self.status.as_str(), "HIRED" | "REJECTED" | "WITHDRAWN")
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
