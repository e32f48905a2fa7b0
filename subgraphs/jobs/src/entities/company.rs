use sea_orm::entity::prelude::*;

use super::enums::CompanySize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub founded_year: Option<i32>,
    pub hq_city: Option<String>,
    pub hq_region: Option<String>,
    pub hq_country_code: Option<String>,
    pub is_verified: bool,
    pub is_suspended: bool,
    pub owner_id: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::job::Entity")]
    Jobs,
}

impl Related<super::job::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jobs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Live and not suspended: its jobs may be listed.
    pub fn is_listed(&self) -> bool {
        self.deleted_at.is_none() && !self.is_suspended
    }
}
