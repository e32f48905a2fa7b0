use sea_orm::entity::prelude::*;

use super::enums::{Category, Channel, EmailFrequency};

/// A user's choice for one category on one channel; absent, the category's default holds.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: Category,
    #[sea_orm(primary_key, auto_increment = false)]
    pub channel: Channel,
    pub enabled: bool,
    pub frequency: EmailFrequency,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
