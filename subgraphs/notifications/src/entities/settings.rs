use sea_orm::entity::prelude::*;

/// A user's delivery settings: their timezone, and quiet hours in it
/// (minutes after midnight) during which email waits.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// IANA name, such as Europe/Berlin.
    pub timezone: String,
    pub quiet_start: Option<i32>,
    pub quiet_end: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
