use async_graphql::{Context, ID, Object, Result};
use chrono::Utc;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::text;

use super::service;
use crate::history;

#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// A result of a search was opened: for click-through statistics.
    /// Anyone may tell; a second click on the same result counts once.
    async fn search_result_clicked(&self, ctx: &Context<'_>, search_id: ID, job_id: ID, position: i32) -> Result<bool> {
        let (search, job) = (text::id("searchId", &search_id)?, text::id("jobId", &job_id)?);
        history::record_click(&service(ctx)?.db, search, job, position, Utc::now()).await?;
        Ok(true)
    }

    /// Forgets the signed-in user's search history; answers how many searches it held.
    async fn clear_search_history(&self, ctx: &Context<'_>) -> Result<i64> {
        let (user, _) = Caller::of(ctx).require_user()?;
        Ok(history::clear(&service(ctx)?.db, user).await? as i64)
    }
}
