use jobgraph_shared::auth::Role;
use sea_orm::entity::prelude::*;

/// What jobs knows of a user, kept current from `user.*` events, so posting
/// rules are checked without calling users.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_profile_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub is_verified: bool,
    pub is_active: bool,
    pub deleted_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
