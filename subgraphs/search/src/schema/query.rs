use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::text;

use super::types::{CompanySearchResult, Job, JobSearchFilter, JobSearchResult, JobSearchSort, Suggestion};
use super::{blocking, service};

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
        let search = crate::search::JobSearch {
            query,
            filter: filter.map(TryInto::try_into).transpose()?.unwrap_or_default(),
            sort: sort.unwrap_or_default().into(),
            first,
            after,
            facets: ctx.look_ahead().field("facets").exists(),
        };
        let index = service(ctx)?.index.clone();
        let results = blocking(move || index.search_jobs(&search)).await?;
        Ok(results.into())
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
