use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};
use jobgraph_shared::scalars::Date;
use jobgraph_shared::text;

use super::types::{
    CompanySearchResult, Job, JobSearchFilter, JobSearchResult, JobSearchSort, SavedSearch, SearchHistoryEntry,
    SearchStatistics, Suggestion,
};
use super::{blocking, service};
use crate::history;

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// Published jobs matching `query` (typos forgiven, the last word as a
    /// prefix, synonyms understood; `"quoted phrase"`, `-excluded`), narrowed
    /// by `filter`, with facet counts. Without `query`, every job matching the filter.
    async fn search_jobs(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        filter: Option<JobSearchFilter>,
        #[graphql(desc = "RELEVANCE unless told")] sort: Option<JobSearchSort>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<JobSearchResult> {
        let filter_json = filter.as_ref().map(JobSearchFilter::to_json);
        let first_page = after.is_none();
        let search = crate::search::JobSearch {
            query: query.clone(),
            filter: filter.map(TryInto::try_into).transpose()?.unwrap_or_default(),
            sort: sort.unwrap_or_default().into(),
            first,
            after,
            facets: {
                let facets = ctx.look_ahead().field("facets");
                crate::search::Facet::ALL.into_iter().filter(|facet| facets.field(facet.api_name()).exists()).collect()
            },
        };
        let index = service(ctx)?.index.clone();
        let results = blocking(move || index.search_jobs(&search)).await?;
        let total = results.total_count;
        let mut answer = JobSearchResult::from(results);
        // First pages are what people searched; later pages are the same search.
        if first_page {
            let user = Caller::of(ctx).user_id();
            let query = query.unwrap_or_default();
            let id = history::record(&service(ctx)?.db, user, &query, filter_json, total, chrono::Utc::now()).await?;
            answer.search_id = Some(ID(id.to_string()));
        }
        Ok(answer)
    }

    /// The signed-in user's saved searches, newest first (at most 50).
    async fn my_saved_searches(&self, ctx: &Context<'_>) -> Result<Vec<SavedSearch>> {
        let (user, _) = Caller::of(ctx).require_user()?;
        Ok(crate::alerts::list(&service(ctx)?.db, user).await?.into_iter().map(SavedSearch::from).collect())
    }

    /// The signed-in user's searches, newest first.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn my_search_history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<SearchHistoryEntry>> {
        let (user, _) = Caller::of(ctx).require_user()?;
        let (window, rows) = history::history(&service(ctx)?.db, user, &PageArgs::forward(first, after)).await?;
        Ok(page(window, rows.into_iter().map(SearchHistoryEntry::from).collect()))
    }

    /// What was searched from `from` to `to` (UTC days, both included, at
    /// most a year): searches, zero-result searches and clicks by day, and
    /// the `first` top and zero-result queries (admins).
    async fn search_statistics(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        #[graphql(default = 10)] first: i32,
    ) -> Result<SearchStatistics> {
        Caller::of(ctx).require_admin()?;
        Ok(history::statistics(&service(ctx)?.db, from.into(), to.into(), first).await?.into())
    }

    /// Titles, skills, companies and places beginning with `prefix`, the most common first.
    async fn suggest(&self, ctx: &Context<'_>, prefix: String, first: Option<i32>) -> Result<Vec<Suggestion>> {
        let index = service(ctx)?.index.clone();
        let suggestions = blocking(move || index.suggest(&prefix, first)).await?;
        Ok(suggestions.into_iter().map(Suggestion::from).collect())
    }

    /// Companies matching `query` by name and description (every company, newest first, without one).
    async fn search_companies(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<CompanySearchResult> {
        let index = service(ctx)?.index.clone();
        let results = blocking(move || index.search_companies(query.as_deref(), first, after.as_deref())).await?;
        Ok(results.into())
    }

    /// Jobs are owned by the jobs subgraph; here they find their similar jobs.
    #[graphql(entity)]
    async fn find_job_by_id(&self, id: ID) -> Result<Job> {
        Ok(Job { id: text::id("id", &id)? })
    }
}
