use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::loader::load_entity;
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};
use jobgraph_shared::{Error, text};

use super::inputs::JobFilterInput;
use super::service;
use super::types::{Category, Company, Job, Skill, User, company_page, list_jobs};
use crate::domain::companies::company_visible;
use crate::domain::jobs::{JobSort, job_visible};
use crate::entities::{company, job};
use crate::loaders::{CategoryLoader, CompanyLoader, JobWithCompanyLoader, SkillLoader};

#[derive(Default)]
pub struct Query;

/// The job, if the caller may see it.
fn visible(found: Option<(job::Model, Option<company::Model>)>, caller: &Caller) -> Option<job::Model> {
    found.filter(|(job, company)| job_visible(job, company.as_ref(), caller)).map(|(job, _)| job)
}

fn visible_company(found: Option<company::Model>, caller: &Caller) -> Option<Company> {
    found.filter(|company| company_visible(company, caller)).map(Company)
}

#[Object]
impl Query {
    /// A job: null when it does not exist or the caller may not see it.
    async fn job(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Job>> {
        let found = ctx.data::<DataLoader<JobWithCompanyLoader>>()?.load_one(text::id("id", &id)?).await?;
        Ok(visible(found, &Caller::of(ctx)).map(Job::new))
    }

    /// Published jobs of listed companies, filtered and sorted; owners may
    /// ask for their other statuses with `filter.companyId`.
    #[graphql(directive = PageSize::apply(Slicing::FirstOrLast))]
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
            (Some(id), None) => {
                let found = ctx.data::<DataLoader<CompanyLoader>>()?.load_one(text::id("id", &id)?).await?;
                Ok(visible_company(found, &Caller::of(ctx)))
            }
            (None, Some(slug)) => Ok(visible_company(service(ctx)?.company_by_slug(&slug).await?, &Caller::of(ctx))),
            _ => Err(Error::bad_input("id", "give either `id` or `slug`").into()),
        }
    }

    /// Listed companies by name.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn companies(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Company>> {
        let (window, companies) = service(ctx)?.list_companies(None, query, &PageArgs::forward(first, after)).await?;
        Ok(page(window, company_page(ctx, companies)))
    }

    /// The children of a category, or the roots of the tree.
    async fn categories(&self, ctx: &Context<'_>, parent_id: Option<ID>) -> Result<Vec<Category>> {
        let parent = parent_id.map(|id| text::id("parentId", &id)).transpose()?;
        Ok(service(ctx)?.categories(parent).await?.into_iter().map(Category).collect())
    }

    /// Skills whose name or alias contains `query`.
    #[graphql(directive = PageSize::apply(Slicing::First))]
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
        let found = load_entity::<JobWithCompanyLoader>(ctx, "Job", text::id("id", &id)?).await?;
        Ok(visible(found, &Caller::of(ctx)).map(|job| Job::of_entities(ctx, job)))
    }

    #[graphql(entity)]
    async fn find_company_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Company>> {
        let found = load_entity::<CompanyLoader>(ctx, "Company", text::id("id", &id)?).await?;
        Ok(visible_company(found, &Caller::of(ctx)))
    }

    #[graphql(entity)]
    async fn find_skill_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Skill>> {
        let id = text::id("id", &id)?;
        Ok(load_entity::<SkillLoader>(ctx, "Skill", id).await?.map(Skill))
    }

    #[graphql(entity)]
    async fn find_category_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Category>> {
        let id = text::id("id", &id)?;
        Ok(load_entity::<CategoryLoader>(ctx, "Category", id).await?.map(Category))
    }

    /// Users are owned by the users subgraph; here they only carry their id.
    #[graphql(entity)]
    async fn find_user_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        Ok(User::of_entities(ctx, text::id("id", &id)?))
    }
}
