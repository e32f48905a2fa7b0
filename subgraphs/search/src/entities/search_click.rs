use sea_orm::entity::prelude::*;

/// A result clicked, once per search and job.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "search_clicks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub search_id: Uuid,
    pub job_id: Uuid,
    /// 1 for the first result.
    pub position: i32,
    pub day: String,
    pub clicked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
