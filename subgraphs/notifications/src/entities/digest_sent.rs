use sea_orm::entity::prelude::*;

/// A daily digest sent: one per user per day, whatever the replicas do.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "digests_sent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The UTC day whose notifications it listed (YYYY-MM-DD).
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
