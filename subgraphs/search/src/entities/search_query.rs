use sea_orm::entity::prelude::*;

/// A first page searched: a signed-in user's history, and the statistics' raw data.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "search_queries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who searched; none for anonymous searches and once the user cleared their history.
    pub user_id: Option<Uuid>,
    /// The query as typed, trimmed (empty when only filters were set).
    pub query: String,
    /// The filter, as GraphQL JSON, when there was one.
    pub filter: Option<String>,
    pub result_count: i64,
    /// The UTC day (YYYY-MM-DD).
    pub day: String,
    pub searched_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
