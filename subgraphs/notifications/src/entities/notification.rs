use sea_orm::entity::prelude::*;

use super::enums::{Category, Channel, NotificationStatus};

/// One notification to one user on one channel. In-app notifications form
/// the user's feed; email ones are deliveries, with their rendered message.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// The template it was rendered from (`application.status_changed`).
    pub kind: String,
    pub category: Category,
    pub channel: Channel,
    /// The title, or an email's subject.
    pub title: String,
    /// The text, or an email's plain-text part.
    pub body: String,
    /// Where in the product it leads (`/applications/<id>`).
    pub link: Option<String>,
    pub application_id: Option<Uuid>,
    pub job_id: Option<Uuid>,
    pub interview_id: Option<Uuid>,
    pub status: NotificationStatus,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// Email only: the address, and the HTML part.
    pub email_to: Option<String>,
    pub email_html: Option<String>,
    /// Email only: goes out in the daily digest rather than on its own.
    pub digest: bool,
    /// Email only: not sent before (the end of quiet hours, the next retry).
    pub deliver_after: Option<DateTimeUtc>,
    pub attempts: i32,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
