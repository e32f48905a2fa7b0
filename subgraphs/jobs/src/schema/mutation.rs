use async_graphql::{Context, ID, MergedObject, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::text;

use super::inputs::{
    CreateCategoryInput, CreateCompanyInput, CreateJobInput, CreateSkillInput, UpdateCategoryInput, UpdateCompanyInput,
    UpdateJobInput, UpdateSkillInput,
};
use super::service;
use super::types::{Category, Company, Job, Skill};
use crate::entities::enums::JobStatus;

#[derive(MergedObject, Default)]
pub struct Mutation(CompanyMutation, JobMutation, TaxonomyMutation);

#[derive(Default)]
pub struct CompanyMutation;

#[Object]
impl CompanyMutation {
    /// Creates a company owned by the signed-in employer.
    async fn create_company(&self, ctx: &Context<'_>, input: CreateCompanyInput) -> Result<Company> {
        Ok(Company(service(ctx)?.create_company(&Caller::of(ctx), input.into()).await?))
    }

    /// Edits a company (owner or admin), if `version` is still current.
    async fn update_company(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: UpdateCompanyInput,
    ) -> Result<Company> {
        let id = text::id("id", &id)?;
        Ok(Company(service(ctx)?.update_company(&Caller::of(ctx), id, version, input.into()).await?))
    }

    /// Soft-deletes a company (owner or admin).
    async fn delete_company(&self, ctx: &Context<'_>, id: ID) -> Result<Company> {
        let id = text::id("id", &id)?;
        Ok(Company(service(ctx)?.delete_company(&Caller::of(ctx), id).await?))
    }

    /// Undoes a soft delete (admins only).
    async fn restore_company(&self, ctx: &Context<'_>, id: ID) -> Result<Company> {
        let id = text::id("id", &id)?;
        Ok(Company(service(ctx)?.restore_company(&Caller::of(ctx), id).await?))
    }

    /// Gives or takes the trust badge (admins only).
    async fn verify_company(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = true)] verified: bool,
    ) -> Result<Company> {
        let id = text::id("id", &id)?;
        Ok(Company(service(ctx)?.verify_company(&Caller::of(ctx), id, verified).await?))
    }

    /// Takes a company's jobs out of the listings, or puts them back (admins only).
    async fn suspend_company(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default = true)] suspended: bool,
    ) -> Result<Company> {
        let id = text::id("id", &id)?;
        Ok(Company(service(ctx)?.suspend_company(&Caller::of(ctx), id, suspended).await?))
    }
}

#[derive(Default)]
pub struct JobMutation;

async fn move_job(ctx: &Context<'_>, id: ID, to: JobStatus, version: Option<i32>) -> Result<Job> {
    let id = text::id("id", &id)?;
    Ok(Job::new(service(ctx)?.change_status(&Caller::of(ctx), id, to, version).await?))
}

#[Object]
impl JobMutation {
    /// Posts a DRAFT job for a company the caller owns.
    async fn create_job(&self, ctx: &Context<'_>, input: CreateJobInput) -> Result<Job> {
        let company = text::id("companyId", &input.company_id)?;
        let fields = input.into_fields()?;
        Ok(Job::new(service(ctx)?.create_job(&Caller::of(ctx), company, fields).await?))
    }

    /// Edits a job (owner or admin), if `version` is still current.
    async fn update_job(&self, ctx: &Context<'_>, id: ID, version: i32, input: UpdateJobInput) -> Result<Job> {
        let id = text::id("id", &id)?;
        let fields = input.into_fields()?;
        Ok(Job::new(service(ctx)?.update_job(&Caller::of(ctx), id, version, fields).await?))
    }

    /// DRAFT, PAUSED or CLOSED -> PUBLISHED.
    async fn publish_job(&self, ctx: &Context<'_>, id: ID, version: Option<i32>) -> Result<Job> {
        move_job(ctx, id, JobStatus::Published, version).await
    }

    /// PUBLISHED -> PAUSED.
    async fn pause_job(&self, ctx: &Context<'_>, id: ID, version: Option<i32>) -> Result<Job> {
        move_job(ctx, id, JobStatus::Paused, version).await
    }

    /// PUBLISHED or PAUSED -> CLOSED.
    async fn close_job(&self, ctx: &Context<'_>, id: ID, version: Option<i32>) -> Result<Job> {
        move_job(ctx, id, JobStatus::Closed, version).await
    }

    /// PUBLISHED or PAUSED -> FILLED.
    async fn mark_job_filled(&self, ctx: &Context<'_>, id: ID, version: Option<i32>) -> Result<Job> {
        move_job(ctx, id, JobStatus::Filled, version).await
    }

    /// Soft-deletes a job (owner or admin).
    async fn delete_job(&self, ctx: &Context<'_>, id: ID) -> Result<Job> {
        let id = text::id("id", &id)?;
        Ok(Job::new(service(ctx)?.delete_job(&Caller::of(ctx), id).await?))
    }

    /// Undoes a soft delete (admins only).
    async fn restore_job(&self, ctx: &Context<'_>, id: ID) -> Result<Job> {
        let id = text::id("id", &id)?;
        Ok(Job::new(service(ctx)?.restore_job(&Caller::of(ctx), id).await?))
    }
}

#[derive(Default)]
pub struct TaxonomyMutation;

#[Object]
impl TaxonomyMutation {
    /// Adds a category (admins only).
    async fn create_category(&self, ctx: &Context<'_>, input: CreateCategoryInput) -> Result<Category> {
        let parent = input.parent_id.map(|id| text::id("parentId", &id)).transpose()?;
        let created =
            service(ctx)?.create_category(&Caller::of(ctx), &input.name, input.slug.as_deref(), parent).await?;
        Ok(Category(created))
    }

    /// Renames or moves a category (admins only).
    async fn update_category(&self, ctx: &Context<'_>, id: ID, input: UpdateCategoryInput) -> Result<Category> {
        let id = text::id("id", &id)?;
        let parent: Option<Option<ID>> = input.parent_id.into();
        let parent = parent.map(|p| p.map(|id| text::id("parentId", &id)).transpose()).transpose()?;
        Ok(Category(service(ctx)?.update_category(&Caller::of(ctx), id, input.name.as_deref(), parent).await?))
    }

    /// Deletes a category with no subcategories and no jobs (admins only).
    async fn delete_category(&self, ctx: &Context<'_>, id: ID) -> Result<Category> {
        let id = text::id("id", &id)?;
        Ok(Category(service(ctx)?.delete_category(&Caller::of(ctx), id).await?))
    }

    /// Adds a skill (admins only).
    async fn create_skill(&self, ctx: &Context<'_>, input: CreateSkillInput) -> Result<Skill> {
        let created =
            service(ctx)?.create_skill(&Caller::of(ctx), &input.name, input.slug.as_deref(), input.aliases).await?;
        Ok(Skill(created))
    }

    /// Renames a skill or replaces its aliases (admins only).
    async fn update_skill(&self, ctx: &Context<'_>, id: ID, input: UpdateSkillInput) -> Result<Skill> {
        let id = text::id("id", &id)?;
        Ok(Skill(service(ctx)?.update_skill(&Caller::of(ctx), id, input.name.as_deref(), input.aliases).await?))
    }
}
