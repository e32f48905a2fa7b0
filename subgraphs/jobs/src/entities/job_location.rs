use sea_orm::entity::prelude::*;

/// One place a job is in; `position` keeps the order the employer gave.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_locations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Uuid,
    pub position: i32,
    pub city: String,
    pub region: Option<String>,
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
