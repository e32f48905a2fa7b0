use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::pagination::{Page, PageArgs, page};
use jobgraph_shared::{Error, text};

use super::inputs::JobFilterInput;
use super::service;
use super::types::{Category, Company, Job, Skill, User, list_jobs};
use crate::domain::companies::company_visible;
use crate::domain::jobs::{JobSort, job_visible};
use crate::loaders::{CategoryLoader, CompanyLoader, JobWithCompanyLoader, SkillLoader};

#[derive(Default)]
pub struct Query;

async fn visible_job(ctx: &Context<'_>, id: &ID) -> Result<Option<Job>> {
    let id = text::id("id", id)?;
    let found = ctx.data::<DataLoader<JobWithCompanyLoader>>()?.load_one(id).await?;
    let caller = Caller::of(ctx);
    Ok(found.filter(|(job, company)| job_visible(job, company.as_ref(), &caller)).map(|(job, _)| Job::new(job)))
}

async fn visible_company(ctx: &Context<'_>, id: &ID) -> Result<Option<Company>> {
    let id = text::id("id", id)?;
    let found = ctx.data::<DataLoader<CompanyLoader>>()?.load_one(id).await?;
    let caller = Caller::of(ctx);
    Ok(found.filter(|company| company_visible(company, &caller)).map(Company))
}

#[Object]
impl Query {
    /// A job: null when it does not exist or the caller may not see it.
    async fn job(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Job>> {
        visible_job(ctx, &id).await
    }

    /// Published jobs of listed companies, filtered and sorted; owners may
    /// ask for their other statuses with `filter.companyId`.
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        filter: Option<JobFilterInput>,
        #[graphql(default)] sort: JobSort,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Page<Job>> {
        let filter = filter.unwrap_or_default().into_filter()?;
        list_jobs(ctx, filter, sort, PageArgs { first, after, last, before }).await
    }

    /// A company by id or by slug (exactly one of them).
    async fn company(&self, ctx: &Context<'_>, id: Option<ID>, slug: Option<String>) -> Result<Option<Company>> {
        match (id, slug) {
            (Some(id), None) => visible_company(ctx, &id).await,
            (None, Some(slug)) => {
                let found = service(ctx)?.company_by_slug(&slug).await?;
                let caller = Caller::of(ctx);
                Ok(found.filter(|company| company_visible(company, &caller)).map(Company))
            }
            _ => Err(Error::bad_input("id", "give either `id` or `slug`").into()),
        }
    }

    /// Listed companies by name.
    async fn companies(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Company>> {
        let (window, companies) = service(ctx)?.list_companies(None, query, &PageArgs::forward(first, after)).await?;
        Ok(page(window, companies.into_iter().map(Company).collect()))
    }

    /// The children of a category, or the roots of the tree.
    async fn categories(&self, ctx: &Context<'_>, parent_id: Option<ID>) -> Result<Vec<Category>> {
        let parent = parent_id.map(|id| text::id("parentId", &id)).transpose()?;
        Ok(service(ctx)?.categories(parent).await?.into_iter().map(Category).collect())
    }

    /// Skills whose name or alias contains `query`.
    async fn skills(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Skill>> {
        let (window, skills) = service(ctx)?.skills(query, &PageArgs::forward(first, after)).await?;
        Ok(page(window, skills.into_iter().map(Skill).collect()))
    }

    #[graphql(entity)]
    async fn find_job_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Job>> {
        visible_job(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_company_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Company>> {
        visible_company(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_skill_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Skill>> {
        let id = text::id("id", &id)?;
        Ok(ctx.data::<DataLoader<SkillLoader>>()?.load_one(id).await?.map(Skill))
    }

    #[graphql(entity)]
    async fn find_category_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Category>> {
        let id = text::id("id", &id)?;
        Ok(ctx.data::<DataLoader<CategoryLoader>>()?.load_one(id).await?.map(Category))
    }

    /// Users are owned by the users subgraph; here they only carry their id.
    #[graphql(entity)]
    async fn find_user_by_id(&self, id: ID) -> Result<User> {
        Ok(User { id: text::id("id", &id)? })
    }
}
