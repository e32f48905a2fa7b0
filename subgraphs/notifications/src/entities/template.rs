use sea_orm::entity::prelude::*;

use super::enums::Channel;

/// A version of a template an admin saved; the newest version of a key,
/// channel and locale is the one rendered. Without one, the shipped default is.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub key: String,
    pub channel: Channel,
    pub locale: String,
    pub version: i32,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
