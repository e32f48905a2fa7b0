use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::loader::{RequestScope, Siblings, entity_batch, entity_ids};
use jobgraph_shared::pagination::{Page, PageArgs, PageSize, PageWindow, Slicing, page};
use jobgraph_shared::vocabulary::RemotePolicy;

use super::service;
use crate::domain::companies::company_visible;
use crate::domain::jobs::{JobFilter, JobSort};
use crate::entities::enums::{CompanySize, EmploymentType, ExperienceLevel, JobStatus, SalaryPeriod};
use crate::entities::{category, company, job, skill};
use crate::loaders::{
    CategoryLoader, ChildCategoriesLoader, CompanyLoader, JobCategoriesLoader, JobSkillsLoader, JobWithCompanyLoader,
    LocationsLoader,
};

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// A place.
#[derive(SimpleObject, Clone)]
#[graphql(shareable)]
pub struct Location {
    pub city: String,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A salary range per period.
#[derive(SimpleObject)]
pub struct Salary {
    pub min: i64,
    pub max: i64,
    /// ISO 4217.
    pub currency: String,
    pub period: SalaryPeriod,
}

/// A skill a job asks for.
#[derive(SimpleObject)]
pub struct JobSkill {
    pub skill: Skill,
    /// Required, or nice to have.
    pub required: bool,
}

/// A job ad of a company.
#[derive(Clone)]
pub struct Job {
    pub model: job::Model,
    /// Set when the job is one of a page: its relations load for the whole page at once.
    page: Option<Arc<JobPage>>,
}

/// The relations of every job on one page.
struct JobPage {
    companies: Siblings<CompanyLoader>,
    locations: Siblings<LocationsLoader>,
    skills: Siblings<JobSkillsLoader>,
    categories: Siblings<JobCategoriesLoader>,
}

impl Job {
    pub fn new(model: job::Model) -> Self {
        Job { model, page: None }
    }

    /// The jobs of one page, sharing the loading of their relations.
    pub fn page(models: Vec<job::Model>) -> Vec<Job> {
        let page = Arc::new(JobPage::new(models.iter()));
        models.into_iter().map(|model| Job { model, page: Some(page.clone()) }).collect()
    }

    /// The pages of jobs of many parents, sharing the loading of their relations.
    fn pages(pages: &JobPages) -> HashMap<uuid::Uuid, (PageWindow, Vec<Job>)> {
        let shared = Arc::new(JobPage::new(pages.values().flat_map(|(_, models)| models.iter())));
        pages
            .iter()
            .map(|(parent, (window, models))| {
                let jobs =
                    models.iter().map(|model| Job { model: model.clone(), page: Some(shared.clone()) }).collect();
                (*parent, (*window, jobs))
            })
            .collect()
    }

    /// A job resolved for `_entities`: the jobs of one call share the
    /// loading of their relations, as a page does.
    pub fn of_entities(ctx: &Context<'_>, model: job::Model) -> Job {
        let page = ctx.data_opt::<RequestScope>().and_then(|scope| {
            let batch = entity_batch::<JobWithCompanyLoader>(ctx, "Job")?;
            let loaded = batch.loaded()?;
            Some(scope.get_or_init("JobPage", || JobPage::new(loaded.values().map(|(job, _)| job))))
        });
        Job { model, page }
    }
}

impl JobPage {
    fn new<'a>(jobs: impl Iterator<Item = &'a job::Model> + Clone) -> Self {
        JobPage {
            companies: Siblings::new(jobs.clone().map(|job| job.company_id)),
            locations: Siblings::new(jobs.clone().map(|job| job.id)),
            skills: Siblings::new(jobs.clone().map(|job| job.id)),
            categories: Siblings::new(jobs.map(|job| job.id)),
        }
    }
}

/// Loads `key` through the page's batch when there is one, else through the DataLoader.
async fn related<L>(ctx: &Context<'_>, siblings: Option<&Siblings<L>>, key: uuid::Uuid) -> Result<Option<L::Value>>
where
    L: Loader<uuid::Uuid, Error = jobgraph_shared::Error>,
{
    let loader = ctx.data::<DataLoader<L>>()?;
    Ok(match siblings {
        Some(siblings) => siblings.load_one(loader, key).await?,
        None => loader.load_one(key).await?,
    })
}

#[Object]
impl Job {
    async fn id(&self) -> ID {
        id(self.model.id)
    }
    async fn title(&self) -> &str {
        &self.model.title
    }
    /// Markdown.
    async fn description(&self) -> &str {
        &self.model.description
    }
    async fn requirements(&self) -> Option<&str> {
        self.model.requirements.as_deref()
    }
    async fn responsibilities(&self) -> Option<&str> {
        self.model.responsibilities.as_deref()
    }
    async fn employment_type(&self) -> EmploymentType {
        self.model.employment_type
    }
    async fn experience_level(&self) -> ExperienceLevel {
        self.model.experience_level
    }
    async fn remote_policy(&self) -> RemotePolicy {
        self.model.remote_policy
    }
    async fn locations(&self, ctx: &Context<'_>) -> Result<Vec<Location>> {
        let page = self.page.as_deref().map(|page| &page.locations);
        let rows = related(ctx, page, self.model.id).await?.unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|row| Location {
                city: row.city,
                region: row.region,
                country_code: row.country_code,
                lat: row.lat,
                lon: row.lon,
            })
            .collect())
    }
    async fn salary(&self) -> Option<Salary> {
        let job = &self.model;
        Some(Salary {
            min: job.salary_min?,
            max: job.salary_max?,
            currency: job.salary_currency.clone()?,
            period: job.salary_period?,
        })
    }
    async fn categories(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let page = self.page.as_deref().map(|page| &page.categories);
        let links = related(ctx, page, self.model.id).await?.unwrap_or_default();
        Ok(links.into_iter().map(|(_, category)| Category(category)).collect())
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<JobSkill>> {
        let page = self.page.as_deref().map(|page| &page.skills);
        let links = related(ctx, page, self.model.id).await?.unwrap_or_default();
        Ok(links.into_iter().map(|(link, skill)| JobSkill { skill: Skill(skill), required: link.required }).collect())
    }
    async fn status(&self) -> JobStatus {
        self.model.status
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.model.published_at
    }
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.model.expires_at
    }
    async fn application_deadline(&self) -> Option<DateTime<Utc>> {
        self.model.application_deadline
    }
    async fn max_applications(&self) -> Option<i32> {
        self.model.max_applications
    }
    async fn is_featured(&self) -> bool {
        self.model.is_featured
    }
    /// Name it in `updateJob`: an edit based on an older version is refused.
    async fn version(&self) -> i32 {
        self.model.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
    async fn is_deleted(&self) -> bool {
        self.model.deleted_at.is_some()
    }
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.model.deleted_at
    }
    /// Published, not deleted, and before its deadline and expiry. (The
    /// applications service also counts maxApplications.)
    async fn accepts_applications(&self) -> bool {
        let now = Utc::now();
        let job = &self.model;
        job.status == JobStatus::Published
            && job.deleted_at.is_none()
            && job.application_deadline.is_none_or(|at| at > now)
            && job.expires_at.is_none_or(|at| at > now)
    }
    async fn company(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
        let page = self.page.as_deref().map(|page| &page.companies);
        let company = related(ctx, page, self.model.company_id).await?;
        let caller = Caller::of(ctx);
        Ok(company.filter(|company| company_visible(company, &caller)).map(Company))
    }
    /// Null when the users service cannot resolve the user (deleted, or down).
    async fn posted_by(&self) -> Option<User> {
        Some(User::new(self.model.posted_by_id))
    }
}

/// An employer's company.
pub struct Company(pub company::Model);

#[Object]
impl Company {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Unique among live companies; used in URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    async fn logo_url(&self) -> Option<&str> {
        self.0.logo_url.as_deref()
    }
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }
    async fn size(&self) -> Option<CompanySize> {
        self.0.size
    }
    async fn founded_year(&self) -> Option<i32> {
        self.0.founded_year
    }
    async fn headquarters(&self) -> Option<Location> {
        let company = &self.0;
        Some(Location {
            city: company.hq_city.clone()?,
            region: company.hq_region.clone(),
            country_code: company.hq_country_code.clone()?,
            lat: None,
            lon: None,
        })
    }
    /// The trust badge admins give.
    async fn is_verified(&self) -> bool {
        self.0.is_verified
    }
    /// Suspended by an admin: its jobs are out of the listings.
    async fn is_suspended(&self) -> bool {
        self.0.is_suspended
    }
    /// Null when the users service cannot resolve the user (deleted, or down).
    async fn owner(&self) -> Option<User> {
        Some(User::new(self.0.owner_id))
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn is_deleted(&self) -> bool {
        self.0.deleted_at.is_some()
    }
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }
    /// The company's jobs: published ones, or every live one for its owner.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default)] sort: JobSort,
    ) -> Result<Page<Job>> {
        let caller = Caller::of(ctx);
        let args = PageArgs::forward(first, after);
        // The companies of one `_entities` call: their jobs at once, whatever their number.
        // The companies of one `_entities` call, or of one page: their jobs at once, whatever their number.
        if let Some((siblings, owners)) = company_siblings(ctx, self.0.id) {
            let parents: Vec<uuid::Uuid> = owners.keys().copied().collect();
            let sees_all = |company: uuid::Uuid| owners.get(&company).is_some_and(|owner| caller.owns_or_admin(*owner));
            let key = format!("Company.jobs/{siblings}/{sort:?}/{:?}/{:?}", args.first, args.after);
            let pages = jobs_of_each(ctx, key, job::Column::CompanyId, &parents, sees_all, sort, &args).await?;
            return Ok(pages
                .get(&self.0.id)
                .cloned()
                .map_or_else(|| page(PageWindow::empty("Job"), vec![]), |(w, jobs)| page(w, jobs)));
        }
        let statuses = caller.owns_or_admin(self.0.owner_id).then(all_statuses);
        let filter = JobFilter { company_id: Some(self.0.id), statuses, ..Default::default() };
        list_jobs(ctx, filter, sort, args).await
    }
}

/// The companies of one page, by id, with their owners; each page numbered.
type CompanyPages = std::sync::Mutex<(u64, HashMap<uuid::Uuid, (u64, Arc<HashMap<uuid::Uuid, uuid::Uuid>>)>)>;

/// A page of companies, remembered in the request so that their nested
/// lists load for the whole page at once.
pub(super) fn company_page(ctx: &Context<'_>, companies: Vec<company::Model>) -> Vec<Company> {
    if let Some(scope) = ctx.data_opt::<RequestScope>() {
        let owners: Arc<HashMap<uuid::Uuid, uuid::Uuid>> =
            Arc::new(companies.iter().map(|company| (company.id, company.owner_id)).collect());
        let pages = scope.get_or_init("Company.pages", CompanyPages::default);
        let mut pages = pages.lock().expect("company pages");
        pages.0 += 1;
        let number = pages.0;
        for id in owners.keys() {
            pages.1.insert(*id, (number, owners.clone()));
        }
    }
    companies.into_iter().map(Company).collect()
}

/// The companies resolved with `company` (one `_entities` call's, or one
/// page's) with their owners, and a name for that set.
fn company_siblings(ctx: &Context<'_>, company: uuid::Uuid) -> Option<(String, Arc<HashMap<uuid::Uuid, uuid::Uuid>>)> {
    let scope = ctx.data_opt::<RequestScope>()?;
    let entities = scope.get::<Siblings<CompanyLoader>>("Company");
    if let Some(all) = entities.as_ref().and_then(|batch| batch.loaded()).filter(|all| all.contains_key(&company)) {
        return Some(("entities".into(), Arc::new(all.iter().map(|(id, c)| (*id, c.owner_id)).collect())));
    }
    let pages = scope.get::<CompanyPages>("Company.pages")?;
    let pages = pages.lock().expect("company pages");
    pages.1.get(&company).map(|(number, owners)| (format!("page {number}"), owners.clone()))
}

/// The pages of jobs of many parents, by parent.
type JobPages = HashMap<uuid::Uuid, (PageWindow, Vec<job::Model>)>;

/// The jobs of each of `parents` (one `_entities` call's), loaded once per
/// request and arguments (`key`) for all of them.
async fn jobs_of_each(
    ctx: &Context<'_>,
    key: String,
    by: job::Column,
    parents: &[uuid::Uuid],
    sees_all: impl Fn(uuid::Uuid) -> bool,
    sort: JobSort,
    args: &PageArgs,
) -> Result<HashMap<uuid::Uuid, (PageWindow, Vec<Job>)>> {
    type Batches =
        std::sync::Mutex<HashMap<String, Arc<tokio::sync::OnceCell<HashMap<uuid::Uuid, (PageWindow, Vec<Job>)>>>>>;
    let scope = ctx.data::<RequestScope>()?;
    let batch =
        scope.get_or_init("jobs_of_each", Batches::default).lock().expect("batches").entry(key).or_default().clone();
    let service = service(ctx)?;
    let pages = batch
        .get_or_try_init(|| async {
            let models = service.jobs_of_each(by, parents, sees_all, sort, args).await?;
            Ok::<_, jobgraph_shared::Error>(Job::pages(&models))
        })
        .await?;
    Ok(pages.clone())
}

fn all_statuses() -> Vec<JobStatus> {
    use sea_orm::Iterable as _;
    JobStatus::iter().collect()
}

pub(super) async fn list_jobs(
    ctx: &Context<'_>,
    filter: JobFilter,
    sort: JobSort,
    args: PageArgs,
) -> Result<Page<Job>> {
    let (window, jobs) = service(ctx)?.list_jobs(&Caller::of(ctx), filter, sort, &args).await?;
    Ok(page(window, Job::page(jobs)))
}

/// A skill, with the other names people use for it.
pub struct Skill(pub skill::Model);

#[Object]
impl Skill {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn aliases(&self) -> Vec<String> {
        serde_json::from_value(self.0.aliases.clone()).unwrap_or_default()
    }
}

/// A node of the category tree.
pub struct Category(pub category::Model);

#[Object]
impl Category {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Category>> {
        let Some(parent) = self.0.parent_id else { return Ok(None) };
        Ok(ctx.data::<DataLoader<CategoryLoader>>()?.load_one(parent).await?.map(Category))
    }
    async fn children(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let children = ctx.data::<DataLoader<ChildCategoriesLoader>>()?.load_one(self.0.id).await?;
        Ok(children.unwrap_or_default().into_iter().map(Category).collect())
    }
}

/// A user, owned by the users subgraph; jobs adds their companies and jobs.
pub struct User {
    pub id: uuid::Uuid,
    /// The users of one `_entities` call, whose lists load together.
    batch: Option<Arc<Vec<uuid::Uuid>>>,
}

impl User {
    pub fn new(id: uuid::Uuid) -> Self {
        User { id, batch: None }
    }

    /// A user resolved for `_entities`: the users of one call load their lists at once.
    pub fn of_entities(ctx: &Context<'_>, id: uuid::Uuid) -> Self {
        let batch = ctx.data_opt::<RequestScope>().map(|scope| scope.get_or_init("User", || entity_ids(ctx, "User")));
        User { id, batch }
    }
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        id(self.id)
    }
    /// Companies this user owns.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn companies(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> Result<Page<Company>> {
        let args = PageArgs::forward(first, after);
        let service = service(ctx)?;
        let (window, companies) = match (&self.batch, ctx.data_opt::<RequestScope>()) {
            // The users of one `_entities` call: their companies in two statements, whatever their number.
            (Some(owners), Some(scope)) => {
                type Pages = HashMap<uuid::Uuid, (PageWindow, Vec<company::Model>)>;
                type Batches = std::sync::Mutex<HashMap<String, Arc<tokio::sync::OnceCell<Pages>>>>;
                let key = format!("{:?}/{:?}", args.first, args.after);
                let batch = scope
                    .get_or_init("User.companies", Batches::default)
                    .lock()
                    .expect("batches")
                    .entry(key)
                    .or_default()
                    .clone();
                let pages = batch.get_or_try_init(|| service.companies_of_each(owners, &args)).await?;
                pages.get(&self.id).cloned().unwrap_or_else(|| (PageWindow::empty("Company"), Vec::new()))
            }
            _ => service.list_companies(Some(self.id), None, &args).await?,
        };
        Ok(page(window, company_page(ctx, companies)))
    }
    /// Jobs this user posted: published ones, or every live one for the user.
    #[graphql(directive = PageSize::apply(Slicing::First))]
    async fn posted_jobs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default)] sort: JobSort,
    ) -> Result<Page<Job>> {
        let caller = Caller::of(ctx);
        let args = PageArgs::forward(first, after);
        // The users of one `_entities` call: their jobs at once, whatever their number.
        if let Some(posters) = &self.batch {
            let key = format!("User.postedJobs/{sort:?}/{:?}/{:?}", args.first, args.after);
            let sees_all = |poster: uuid::Uuid| caller.owns_or_admin(poster);
            let pages = jobs_of_each(ctx, key, job::Column::PostedById, posters, sees_all, sort, &args).await?;
            return Ok(pages
                .get(&self.id)
                .cloned()
                .map_or_else(|| page(PageWindow::empty("Job"), vec![]), |(w, jobs)| page(w, jobs)));
        }
        let statuses = caller.owns_or_admin(self.id).then(all_statuses);
        let filter = JobFilter { posted_by_id: Some(self.id), statuses, ..Default::default() };
        list_jobs(ctx, filter, sort, args).await
    }
}
