use sea_orm::entity::prelude::*;

/// What applications knows of a company, kept current from `company.*`
/// events: a suspended or deleted company's jobs take no applications.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "company_cache")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: Uuid,
    pub is_suspended: bool,
    pub deleted_at: Option<DateTimeUtc>,
    /// When the company last changed: an older event never overwrites a newer state.
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// Why the company's jobs take no application now, if they do not.
    pub fn closed_reason(&self) -> Option<&'static str> {
        if self.deleted_at.is_some() {
            Some("this job's company was removed")
        } else if self.is_suspended {
            Some("this job's company is suspended; its jobs take no applications")
        } else {
            None
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
