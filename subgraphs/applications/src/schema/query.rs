use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::loader::{RequestScope, Siblings, entity_batch, load_entity};
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};
use jobgraph_shared::text;

use super::service;
use super::types::{Application, Interview, Job, User};
use crate::domain::{Party, party_given_owner, visible_to};
use crate::entities::enums::ApplicationStatus;
use crate::loaders::{ApplicationLoader, JobCacheLoader};

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// The signed-in job seeker's applications, newest first.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        status: Option<ApplicationStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Application>> {
        let caller = Caller::of(ctx);
        let (window, rows) = service(ctx)?.my_applications(&caller, status, &PageArgs::forward(first, after)).await?;
        Ok(page(window, Application::page(rows, |row| Party::Applicant(row.applicant_id))))
    }

    /// An application: null unless the caller is its applicant, the job's employer, or an admin.
    async fn application(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Application>> {
        let found = service(ctx)?.visible_application(&Caller::of(ctx), text::id("id", &id)?).await?;
        Ok(found.map(|(model, party)| Application { model, party }))
    }

    /// The applications of one `_entities` call are read at once, and their
    /// jobs' owners (for the caller's part) at once too: two statements
    /// whatever their number.
    #[graphql(entity)]
    async fn find_application_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Application>> {
        let id = text::id("id", &id)?;
        let Some(model) = load_entity::<ApplicationLoader>(ctx, "Application", id).await? else { return Ok(None) };
        let caller = Caller::of(ctx);
        let owner = if caller.is_admin() || caller.user_id() == Some(model.applicant_id) {
            None
        } else {
            let jobs = ctx.data::<DataLoader<JobCacheLoader>>()?;
            let batch = entity_batch::<ApplicationLoader>(ctx, "Application");
            let job_ids = batch.as_ref().and_then(|batch| batch.loaded()).map(|all| all.values().map(|a| a.job_id));
            let siblings = match (ctx.data_opt::<RequestScope>(), job_ids) {
                (Some(scope), Some(job_ids)) => {
                    let job_ids: Vec<_> = job_ids.collect();
                    Some(scope.get_or_init("Application.jobs", || Siblings::<JobCacheLoader>::new(job_ids)))
                }
                _ => None,
            };
            let job = match siblings {
                Some(siblings) => siblings.load_one(jobs, model.job_id).await?,
                None => jobs.load_one(model.job_id).await?,
            };
            job.map(|job| job.owner_id)
        };
        let party = visible_to(&model, party_given_owner(&caller, &model, owner));
        Ok(party.map(|party| Application { model, party }))
    }

    /// Jobs are owned by the jobs subgraph; here they carry their pipeline.
    #[graphql(entity)]
    async fn find_job_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Job> {
        Ok(Job::of_entities(ctx, text::id("id", &id)?))
    }

    /// An interview, for the parties of its application (notifications link to them).
    #[graphql(entity)]
    async fn find_interview_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Interview>> {
        let found = service(ctx)?.visible_interview(&Caller::of(ctx), text::id("id", &id)?).await?;
        Ok(found.map(|(model, party)| Interview { model, employer_view: party.is_employer_side() }))
    }

    /// Users are owned by the users subgraph; here they carry their applications.
    #[graphql(entity)]
    async fn find_user_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<User> {
        Ok(User::of_entities(ctx, text::id("id", &id)?))
    }
}
