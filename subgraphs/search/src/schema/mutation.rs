use async_graphql::{Context, ID, Object, Result};
use chrono::Utc;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::text;

use super::service;
use super::types::{AlertFrequency, SaveSearchInput, SavedSearch};
use crate::alerts::{self, Frequency, NewSavedSearch};
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

    /// Saves a search (job seekers, and admins): new jobs that match it are sent to them
    /// as JOB_ALERTS notifications.
    async fn save_search(&self, ctx: &Context<'_>, input: SaveSearchInput) -> Result<SavedSearch> {
        let (user, _) = Caller::of(ctx).require_role(&[jobgraph_shared::auth::Role::JobSeeker])?;
        let filter_json = input.filter.as_ref().map(super::types::JobSearchFilter::to_json);
        let service = service(ctx)?;
        // The filter is checked now, not when a job arrives.
        if let Some(filter) = input.filter {
            service.index.check_filter(&crate::search::JobFilter::try_from(filter)?)?;
        }
        let frequency = match input.frequency {
            AlertFrequency::Instant => Frequency::Instant,
            AlertFrequency::Daily => Frequency::Daily,
        };
        let search = NewSavedSearch { name: input.name, query: input.query, filter_json, frequency };
        Ok(alerts::save(&service.db, &service.index, user, search, Utc::now()).await?.into())
    }

    /// Deletes one of the signed-in user's saved searches.
    async fn delete_saved_search(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let id = text::id("id", &id)?;
        alerts::delete(&service(ctx)?.db, &Caller::of(ctx), id).await?;
        Ok(true)
    }

    /// Forgets the signed-in user's search history; answers how many searches it held.
    async fn clear_search_history(&self, ctx: &Context<'_>) -> Result<i64> {
        let (user, _) = Caller::of(ctx).require_user()?;
        Ok(history::clear(&service(ctx)?.db, user).await? as i64)
    }
}
