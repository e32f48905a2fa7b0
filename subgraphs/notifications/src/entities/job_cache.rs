use sea_orm::entity::prelude::*;

/// What notifications knows of a job, kept from `job.*` events.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    pub company_id: Uuid,
    /// The company's owner: told of applications.
    pub owner_id: Uuid,
    pub title: String,
    pub status: String,
    /// An older event never overwrites a newer state.
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
