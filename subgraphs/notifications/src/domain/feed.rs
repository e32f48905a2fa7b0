//! The feed: a user's in-app notifications, newest first, the unread count,
//! and marking them read (each read recorded as `notification.read`).

use jobgraph_shared::auth::Caller;
use jobgraph_shared::events::payloads::NotificationRead;
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{NotificationsService, OUTBOX};
use crate::entities::enums::{Channel, NotificationStatus};
use crate::entities::notification;

const LIST: &str = "Notification";

fn in_feed_of(user: Uuid) -> sea_orm::Select<notification::Entity> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::Channel.eq(Channel::InApp))
}

impl NotificationsService {
    /// A page of `user`'s feed, for themself and admins.
    pub async fn feed(
        &self,
        caller: &Caller,
        user: Uuid,
        unread_only: bool,
        page: &PageArgs,
    ) -> Result<(PageWindow, Vec<notification::Model>)> {
        caller.require_owner(user, "notifications")?;
        page.validate(LIST)?;
        let mut query = in_feed_of(user);
        if unread_only {
            query = query.filter(notification::Column::ReadAt.is_null());
        }
        let total = query.clone().count(&self.db).await?;
        let window = page.window(LIST, total)?;
        let rows = query
            .order_by_desc(notification::Column::CreatedAt)
            .order_by_desc(notification::Column::Id)
            .offset(window.offset)
            .limit(window.limit)
            .all(&self.db)
            .await?;
        Ok((window, rows))
    }

    /// How many of `user`'s in-app notifications are unread.
    pub async fn unread_count(&self, caller: &Caller, user: Uuid) -> Result<i64> {
        caller.require_owner(user, "notifications")?;
        let count = in_feed_of(user).filter(notification::Column::ReadAt.is_null()).count(&self.db).await?;
        Ok(count as i64)
    }

    /// One of the caller's in-app notifications, if it is theirs.
    pub async fn own_notification(&self, caller: &Caller, id: Uuid) -> Result<notification::Model> {
        let (user, _) = caller.require_user()?;
        let found = notification::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|row| row.channel == Channel::InApp)
            .ok_or_else(|| Error::not_found("no such notification"))?;
        if found.user_id != user {
            return Err(Error::forbidden("this notification is not yours"));
        }
        Ok(found)
    }

    /// Marks one of the caller's notifications read (again: no change).
    pub async fn mark_read(&self, caller: &Caller, id: Uuid) -> Result<notification::Model> {
        let found = self.own_notification(caller, id).await?;
        if found.read_at.is_some() {
            return Ok(found);
        }
        self.mark(found.user_id, Some(id)).await?;
        Ok(notification::Entity::find_by_id(id).one(&self.db).await?.unwrap_or(found))
    }

    /// Marks every unread notification of the caller read; returns how many.
    pub async fn mark_all_read(&self, caller: &Caller) -> Result<i64> {
        let (user, _) = caller.require_user()?;
        self.mark(user, None).await
    }

    /// Marks `user`'s unread in-app notifications read (one, or all), with
    /// a `notification.read` event for each, in one transaction.
    async fn mark(&self, user: Uuid, only: Option<Uuid>) -> Result<i64> {
        let now = self.clock.now();
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        let mut unread = in_feed_of(user).filter(notification::Column::ReadAt.is_null());
        if let Some(id) = only {
            unread = unread.filter(notification::Column::Id.eq(id));
        }
        // Locked, and read again once locked: a row that a concurrent mark
        // read first is no longer unread here, so it records no second
        // event. (SQLite's single writer, taken by begin_write, does the same.)
        if txn.get_database_backend() == DbBackend::Postgres {
            unread = unread.lock_exclusive();
        }
        let ids: Vec<Uuid> = unread.select_only().column(notification::Column::Id).into_tuple().all(&txn).await?;
        if ids.is_empty() {
            return Ok(0);
        }
        for chunk in ids.chunks(500) {
            notification::Entity::update_many()
                .col_expr(notification::Column::ReadAt, Expr::value(now))
                .col_expr(notification::Column::Status, Expr::value(NotificationStatus::Read.as_str()))
                .filter(notification::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
        for id in &ids {
            let read = NotificationRead { notification_id: *id, user_id: user, read_at: now };
            OUTBOX.record(&txn, Some(user), &read).await?;
        }
        txn.commit().await?;
        Ok(ids.len() as i64)
    }
}
