use sea_orm::entity::prelude::*;

/// A search a seeker saved, to hear of new jobs that match it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_searches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub query: String,
    /// The filter as GraphQL JSON (`JobSearchFilter`), when there is one.
    pub filter: Option<String>,
    /// INSTANT or DAILY.
    pub frequency: String,
    /// Only jobs published from then on are alerted.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
