use sea_orm::entity::prelude::*;

/// An employer who may read a job seeker's profile: the seeker applied to
/// one of their jobs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "profile_viewers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub applicant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub employer_id: Uuid,
    pub granted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
