use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobgraph_shared::Error;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::loader::{RequestScope, Siblings, entity_batch, entity_ids};
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, PageWindow, Slicing, page};
use jobgraph_shared::scalars::Date;

use super::service;
use crate::domain::Party;
use crate::entities::enums::{ApplicationStatus, InterviewStatus, InterviewType};
use crate::entities::{application, interview, recruiter_note, status_change};
use crate::loaders::{ApplicationCountLoader, HistoryLoader, InterviewsLoader, NotesLoader};

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// An amount of money in a currency (ISO 4217).
#[derive(SimpleObject)]
#[graphql(shareable)]
pub struct Money {
    pub amount: i64,
    pub currency: String,
}

/// A job seeker's application to a job, as the caller may see it.
pub struct Application {
    pub model: application::Model,
    /// The caller's part in it: what they may see.
    pub party: Party,
}

impl Application {
    pub fn page(models: Vec<application::Model>, party: impl Fn(&application::Model) -> Party) -> Vec<Application> {
        models.into_iter().map(|model| Application { party: party(&model), model }).collect()
    }
}

#[Object]
impl Application {
    async fn id(&self) -> ID {
        id(self.model.id)
    }
    async fn status(&self) -> ApplicationStatus {
        self.model.status
    }
    /// The job, resolved by the jobs subgraph. Nullable, as every reference
    /// to another subgraph's entity is: with jobs down (or the job hidden),
    /// only this field is null, not the whole application.
    async fn job(&self) -> Option<Job> {
        Some(Job::new(self.model.job_id))
    }
    /// The applicant, resolved by the users subgraph (nullable, as `job`).
    async fn applicant(&self) -> Option<User> {
        Some(User::reference(self.model.applicant_id))
    }
    async fn cover_letter(&self) -> Option<&str> {
        self.model.cover_letter.as_deref()
    }
    async fn resume_url(&self) -> Option<&str> {
        self.model.resume_url.as_deref()
    }
    async fn expected_salary(&self) -> Option<Money> {
        Some(Money {
            amount: self.model.expected_salary_amount?,
            currency: self.model.expected_salary_currency.clone()?,
        })
    }
    async fn availability_date(&self) -> Option<Date> {
        self.model.availability_date.map(Date)
    }
    /// Where the applicant came from (a UTM source or a board's name).
    async fn source(&self) -> Option<&str> {
        self.model.source.as_deref()
    }
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.model.submitted_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
    async fn version(&self) -> i32 {
        self.model.version
    }
    async fn is_deleted(&self) -> bool {
        self.model.deleted_at.is_some()
    }
    /// Every status change, oldest first, with who made it and why.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<StatusChange>> {
        let rows = ctx.data::<DataLoader<HistoryLoader>>()?.load_one(self.model.id).await?;
        Ok(rows.unwrap_or_default().into_iter().map(StatusChange).collect())
    }
    async fn interviews(&self, ctx: &Context<'_>) -> Result<Vec<Interview>> {
        let rows = ctx.data::<DataLoader<InterviewsLoader>>()?.load_one(self.model.id).await?;
        let employer_view = self.party.is_employer_side();
        Ok(rows.unwrap_or_default().into_iter().map(|model| Interview { model, employer_view }).collect())
    }
    /// The employer's notes; never the applicant's to see.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<Vec<RecruiterNote>>> {
        if !self.party.is_employer_side() {
            return Err(Error::forbidden("recruiter notes are for the employer only").into());
        }
        let rows = ctx.data::<DataLoader<NotesLoader>>()?.load_one(self.model.id).await?;
        Ok(Some(rows.unwrap_or_default().into_iter().map(RecruiterNote).collect()))
    }
}

/// One step of an application's history.
pub struct StatusChange(pub status_change::Model);

#[Object]
impl StatusChange {
    /// Null for the submission itself.
    async fn from(&self) -> Option<ApplicationStatus> {
        self.0.from_status
    }
    async fn to(&self) -> ApplicationStatus {
        self.0.to_status
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// Who made the change, resolved by the users subgraph (nullable, as `Application.job`).
    async fn actor(&self) -> Option<User> {
        Some(User::reference(self.0.actor_id))
    }
}

/// An interview of an application.
pub struct Interview {
    pub model: interview::Model,
    /// The employer's side sees the feedback.
    pub employer_view: bool,
}

#[Object]
impl Interview {
    async fn id(&self) -> ID {
        id(self.model.id)
    }
    #[graphql(name = "type")]
    async fn kind(&self) -> InterviewType {
        self.model.kind
    }
    async fn scheduled_at(&self) -> DateTime<Utc> {
        self.model.scheduled_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.model.ends_at()
    }
    async fn duration_minutes(&self) -> i32 {
        self.model.duration_minutes
    }
    /// IANA time zone the interview is arranged in.
    async fn timezone(&self) -> &str {
        &self.model.timezone
    }
    async fn location(&self) -> Option<&str> {
        self.model.location.as_deref()
    }
    async fn meeting_url(&self) -> Option<&str> {
        self.model.meeting_url.as_deref()
    }
    async fn status(&self) -> InterviewStatus {
        self.model.status
    }
    /// The employer's feedback: null for the applicant.
    async fn feedback(&self) -> Option<&str> {
        if self.employer_view { self.model.feedback.as_deref() } else { None }
    }
}

/// An employer's note on an application.
pub struct RecruiterNote(pub recruiter_note::Model);

#[Object]
impl RecruiterNote {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// Resolved by the users subgraph (nullable, as `Application.job`).
    async fn author(&self) -> Option<User> {
        Some(User::reference(self.0.author_id))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A job, owned by the jobs subgraph; applications adds its pipeline.
pub struct Job {
    pub id: uuid::Uuid,
    /// The application counts of every job in one `_entities` call, read at once.
    counts: Option<Arc<Siblings<ApplicationCountLoader>>>,
}

impl Job {
    pub fn new(id: uuid::Uuid) -> Self {
        Job { id, counts: None }
    }

    /// A job resolved for `_entities`: the jobs of one call share one count query.
    pub fn of_entities(ctx: &Context<'_>, id: uuid::Uuid) -> Self {
        Job { id, counts: entity_batch::<ApplicationCountLoader>(ctx, "Job") }
    }
}

#[Object]
impl Job {
    async fn id(&self) -> ID {
        id(self.id)
    }
    /// Applications to this job: for its employer and admins.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn applications(
        &self,
        ctx: &Context<'_>,
        status: Option<ApplicationStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Application>> {
        let caller = Caller::of(ctx);
        let args = PageArgs::forward(first, after);
        let service = service(ctx)?;
        let scope = ctx.data_opt::<RequestScope>().filter(|_| self.counts.is_some());
        let (window, rows) = match scope {
            // The jobs of one `_entities` call: their pages in three statements, whatever their number.
            Some(scope) => {
                let jobs = self.counts.as_ref().map(|siblings| siblings.keys()).unwrap_or_default();
                let load = || service.applications_to_each(&caller, jobs, status, &args);
                scope
                    .per_parent("Job.applications", (status, &args), self.id, load)
                    .await?
                    .ok_or_else(|| Error::forbidden("only the job's employer sees its applications"))?
            }
            None => service.applications_to(&caller, self.id, status, &args).await?,
        };
        let user = caller.user_id().unwrap_or_default();
        let party = if caller.is_admin() { Party::Admin(user) } else { Party::Employer(user) };
        Ok(page(window, Application::page(rows, |_| party)))
    }
    /// Live applications that have not been withdrawn.
    async fn application_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let loader = ctx.data::<DataLoader<ApplicationCountLoader>>()?;
        let count = match &self.counts {
            Some(batch) => batch.load_one(loader, self.id).await?,
            None => loader.load_one(self.id).await?,
        };
        Ok(count.unwrap_or(0))
    }
    /// The caller's own application to this job, if any. The jobs of one
    /// `_entities` call are read in one statement, whatever their number.
    async fn my_application(&self, ctx: &Context<'_>) -> Result<Option<Application>> {
        let Some(user) = Caller::of(ctx).user_id() else { return Ok(None) };
        let service = service(ctx)?;
        let scope = ctx.data_opt::<RequestScope>().filter(|_| self.counts.is_some());
        let mine = match scope {
            Some(scope) => {
                type Mine = tokio::sync::OnceCell<HashMap<uuid::Uuid, application::Model>>;
                let batch = scope.get_or_init("Job.myApplication", Mine::new);
                let jobs = self.counts.as_ref().map(|siblings| siblings.keys()).unwrap_or_default();
                let all = batch.get_or_try_init(|| service.applications_of_to(user, jobs)).await?;
                all.get(&self.id).cloned()
            }
            None => service.application_of(user, self.id).await?,
        };
        Ok(mine.map(|model| Application { model, party: Party::Applicant(user) }))
    }
}

/// A user, owned by the users subgraph; applications adds their applications.
pub struct User {
    pub id: uuid::Uuid,
    /// The users of the `_entities` call this one came in, read together.
    siblings: Option<Arc<Vec<uuid::Uuid>>>,
}

impl User {
    /// A reference to a user, for the router to resolve from users.
    pub fn reference(id: uuid::Uuid) -> Self {
        User { id, siblings: None }
    }

    /// A user resolved for `_entities`: the users of one call share their reads.
    pub fn of_entities(ctx: &Context<'_>, id: uuid::Uuid) -> Self {
        let siblings =
            ctx.data_opt::<RequestScope>().map(|scope| scope.get_or_init("User", || entity_ids(ctx, "User")));
        User { id, siblings }
    }
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        id(self.id)
    }
    /// The user's applications: for themself and admins. The users of one
    /// `_entities` call are read in two statements, whatever their number.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn applications(
        &self,
        ctx: &Context<'_>,
        status: Option<ApplicationStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<Application>> {
        let caller = Caller::of(ctx);
        caller.require_owner(self.id, "applications")?;
        let args = PageArgs::forward(first, after);
        let service = service(ctx)?;
        let (window, rows) = match (ctx.data_opt::<RequestScope>(), &self.siblings) {
            (Some(scope), Some(users)) => {
                let load = || service.applications_of_each(&caller, users, status, &args);
                scope
                    .per_parent("User.applications", (status, &args), self.id, load)
                    .await?
                    .unwrap_or_else(|| (PageWindow::empty("Application"), Vec::new()))
            }
            _ => service.applications_of(self.id, status, &args).await?,
        };
        let viewer = caller.user_id().unwrap_or_default();
        let party = if viewer == self.id { Party::Applicant(viewer) } else { Party::Admin(viewer) };
        Ok(page(window, Application::page(rows, |_| party)))
    }
}
