use async_graphql::{Context, ID, Object, Result};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, Slicing, page};
use jobgraph_shared::text;

use super::service;
use super::types::{Application, Job, User};
use crate::domain::Party;
use crate::entities::enums::ApplicationStatus;

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

    #[graphql(entity)]
    async fn find_application_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Application>> {
        self.application(ctx, id).await
    }

    /// Jobs are owned by the jobs subgraph; here they carry their pipeline.
    #[graphql(entity)]
    async fn find_job_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Job> {
        Ok(Job::of_entities(ctx, text::id("id", &id)?))
    }

    /// Users are owned by the users subgraph; here they carry their applications.
    #[graphql(entity)]
    async fn find_user_by_id(&self, id: ID) -> Result<User> {
        Ok(User { id: text::id("id", &id)? })
    }
}
