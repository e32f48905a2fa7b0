use async_graphql::{Context, Result, Subscription as SubscriptionObject};
use futures::Stream;
use jobgraph_shared::auth::Caller;
use sea_orm::EntityTrait;
use tokio::sync::broadcast::error::RecvError;

use super::service;
use super::types::Notification;
use crate::domain::live::Arrived;
use crate::entities::notification;

#[derive(Default)]
pub struct Subscription;

#[SubscriptionObject]
impl Subscription {
    /// The signed-in user's new in-app notifications as they arrive, each
    /// with the unread count after it. What arrives while a client is away
    /// is in `notifications`.
    async fn notification_added(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Notification>> {
        let caller = Caller::of(ctx);
        let (user, _) = caller.require_user()?;
        let service = service(ctx)?.clone();
        let subscriber = service.live.subscribe(user);
        Ok(futures::stream::unfold(
            (subscriber, service, caller),
            move |(mut subscriber, service, caller)| async move {
                loop {
                    let arrived = match subscriber.receiver.recv().await {
                        Ok(arrived) => arrived,
                        // Fell behind: skip ahead; the feed holds what was skipped.
                        Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    };
                    let model = match arrived {
                        Arrived::Shown(shown) => shown.as_ref().clone(),
                        Arrived::Id(id) => {
                            let Ok(Some(model)) = notification::Entity::find_by_id(id).one(&service.db).await else {
                                continue;
                            };
                            model
                        }
                    };
                    if model.user_id != user {
                        continue;
                    }
                    let unread = service.unread_count(&caller, user).await.ok();
                    return Some((Notification { model, unread_after: unread }, (subscriber, service, caller)));
                }
            },
        ))
    }
}
