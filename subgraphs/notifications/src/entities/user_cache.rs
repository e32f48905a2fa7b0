use sea_orm::entity::prelude::*;

/// What notifications knows of a user, kept from `user.*` events: whom to
/// greet, where to send email, in which language.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    /// A BCP 47 language (`en`, `de`); templates fall back to English.
    pub locale: Option<String>,
    pub deleted_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
