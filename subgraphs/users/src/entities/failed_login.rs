use sea_orm::entity::prelude::*;

/// Recent failed sign-ins with one email, and how long it is locked.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "failed_logins")]
pub struct Model {
    /// The email as typed, trimmed and lowercased (known to users or not).
    #[sea_orm(primary_key, auto_increment = false)]
    pub email: String,
    /// Failures in a row, since the last success or the window's start.
    pub failures: i32,
    pub last_failed_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
