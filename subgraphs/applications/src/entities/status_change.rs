use sea_orm::entity::prelude::*;

use super::enums::ApplicationStatus;

/// One step of an application's history: who moved it, from where to where, why.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "status_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    /// None for the submission itself.
    pub from_status: Option<ApplicationStatus>,
    pub to_status: ApplicationStatus,
    /// The caller who made the change (from the verified token).
    pub actor_id: Uuid,
    pub reason: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
