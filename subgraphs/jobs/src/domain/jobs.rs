//! Jobs: posting, editing with optimistic concurrency, the status machine,
//! soft delete, visibility and the public listing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::events::payloads::JobSnapshot;
use jobgraph_shared::loader::{SortKey, page_of_each};
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::vocabulary::RemotePolicy;
use jobgraph_shared::{Error, Result, text};
use sea_orm::sea_query::{Expr, Func, NullOrdering, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait, Unchanged,
};
use uuid::Uuid;

use super::companies::Place;
use super::{JobsService, currency, events, future, stale};
use crate::entities::enums::{EmploymentType, ExperienceLevel, JobStatus, SalaryPeriod};
use crate::entities::{company, job, job_category, job_location, job_skill};

pub const MAX_LOCATIONS: usize = 20;
pub const MAX_SKILLS: usize = 30;
pub const MAX_CATEGORIES: usize = 10;

/// A salary range as the employer gives it.
#[derive(Clone, Debug)]
pub struct Salary {
    pub min: i64,
    pub max: i64,
    pub currency: String,
    pub period: SalaryPeriod,
}

/// A job's fields as the employer gives them. On update, `None` keeps a
/// field and `Some(None)` clears an optional one; lists replace the old list.
#[derive(Clone, Debug, Default)]
pub struct JobFields {
    pub title: Option<String>,
    pub description: Option<String>,
    pub requirements: Option<Option<String>>,
    pub responsibilities: Option<Option<String>>,
    pub employment_type: Option<EmploymentType>,
    pub experience_level: Option<ExperienceLevel>,
    pub remote_policy: Option<RemotePolicy>,
    pub locations: Option<Vec<Place>>,
    pub salary: Option<Option<Salary>>,
    pub category_ids: Option<Vec<Uuid>>,
    /// (skill, required)
    pub skills: Option<Vec<(Uuid, bool)>>,
    pub expires_at: Option<Option<DateTime<Utc>>>,
    pub application_deadline: Option<Option<DateTime<Utc>>>,
    pub max_applications: Option<Option<i32>>,
    pub is_featured: Option<bool>,
}

/// The related rows a write replaces, once validated.
#[derive(Default)]
struct Children {
    locations: Option<Vec<Place>>,
    skills: Option<Vec<(Uuid, bool)>>,
    category_ids: Option<Vec<Uuid>>,
}

/// The order of a sort, ties broken by id (newest id first), the same for a
/// listing and for the pages of each of many parents.
fn sort_keys(sort: JobSort) -> Vec<SortKey<job::Column>> {
    let keys = match sort {
        JobSort::Newest => vec![
            (job::Column::PublishedAt, Order::Desc, Some(NullOrdering::Last)),
            (job::Column::CreatedAt, Order::Desc, None),
        ],
        JobSort::Oldest => vec![
            (job::Column::PublishedAt, Order::Asc, Some(NullOrdering::Last)),
            (job::Column::CreatedAt, Order::Asc, None),
        ],
        JobSort::SalaryHigh => vec![(job::Column::SalaryYearlyMax, Order::Desc, Some(NullOrdering::Last))],
        JobSort::SalaryLow => vec![(job::Column::SalaryYearlyMin, Order::Asc, Some(NullOrdering::Last))],
        JobSort::Title => vec![(job::Column::Title, Order::Asc, None)],
    };
    keys.into_iter().chain([(job::Column::Id, Order::Desc, None)]).collect()
}

/// What the public listing is filtered by. Lists match any of their values.
#[derive(Clone, Debug, Default)]
pub struct JobFilter {
    pub company_id: Option<Uuid>,
    pub posted_by_id: Option<Uuid>,
    /// Anything but PUBLISHED is for the company's owner and admins.
    pub statuses: Option<Vec<JobStatus>>,
    pub employment_types: Option<Vec<EmploymentType>>,
    pub experience_levels: Option<Vec<ExperienceLevel>>,
    pub remote_policies: Option<Vec<RemotePolicy>>,
    pub country_code: Option<String>,
    pub city: Option<String>,
    /// Jobs paying at least this much a year (their maximum), in `salary_currency` if given.
    pub salary_at_least: Option<i64>,
    pub salary_currency: Option<String>,
    pub skill_ids: Option<Vec<Uuid>>,
    pub category_ids: Option<Vec<Uuid>>,
    pub posted_after: Option<DateTime<Utc>>,
    /// Words in the title (case-insensitive).
    pub query: Option<String>,
    pub is_featured: Option<bool>,
}

#[derive(async_graphql::Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JobSort {
    /// Most recently published first.
    #[default]
    Newest,
    /// Longest published first.
    Oldest,
    /// Highest yearly maximum salary first; jobs without a salary last.
    SalaryHigh,
    /// Lowest yearly minimum salary first; jobs without a salary last.
    SalaryLow,
    /// Alphabetical by title.
    Title,
}

fn validate_salary(salary: Option<Salary>) -> Result<Option<Salary>> {
    let Some(salary) = salary else { return Ok(None) };
    if salary.min < 0 {
        return Err(Error::bad_input("salary.min", "must not be negative"));
    }
    if salary.min > salary.max {
        return Err(Error::bad_input("salary", format!("min ({}) must not exceed max ({})", salary.min, salary.max)));
    }
    Ok(Some(Salary { currency: currency("salary.currency", &salary.currency)?, ..salary }))
}

impl JobFields {
    /// Validates the fields given, writes them into `active`, and returns the
    /// child rows to replace. `current` is the job being edited, if any.
    fn apply(
        self,
        active: &mut job::ActiveModel,
        current: Option<&job::Model>,
        caller: &Caller,
        now: DateTime<Utc>,
    ) -> Result<Children> {
        if let Some(title) = self.title {
            active.title = Set(text::required("title", &title, 200)?);
        }
        if let Some(description) = self.description {
            active.description = Set(text::required("description", &description, 20_000)?);
        }
        if let Some(requirements) = self.requirements {
            active.requirements = Set(text::optional("requirements", requirements.as_deref(), 10_000)?);
        }
        if let Some(responsibilities) = self.responsibilities {
            active.responsibilities = Set(text::optional("responsibilities", responsibilities.as_deref(), 10_000)?);
        }
        if let Some(value) = self.employment_type {
            active.employment_type = Set(value);
        }
        if let Some(value) = self.experience_level {
            active.experience_level = Set(value);
        }
        if let Some(value) = self.remote_policy {
            active.remote_policy = Set(value);
        }
        if let Some(salary) = self.salary {
            let salary = validate_salary(salary)?;
            active.salary_min = Set(salary.as_ref().map(|s| s.min));
            active.salary_max = Set(salary.as_ref().map(|s| s.max));
            active.salary_yearly_min = Set(salary.as_ref().map(|s| s.period.yearly(s.min)));
            active.salary_yearly_max = Set(salary.as_ref().map(|s| s.period.yearly(s.max)));
            active.salary_period = Set(salary.as_ref().map(|s| s.period));
            active.salary_currency = Set(salary.map(|s| s.currency));
        }
        if let Some(expires_at) = self.expires_at {
            active.expires_at = Set(future("expiresAt", expires_at, now)?);
        }
        if let Some(deadline) = self.application_deadline {
            active.application_deadline = Set(future("applicationDeadline", deadline, now)?);
        }
        let expires_at = effective(&active.expires_at, current.map(|job| job.expires_at));
        let deadline = effective(&active.application_deadline, current.map(|job| job.application_deadline));
        if let (Some(Some(expires_at)), Some(Some(deadline))) = (expires_at, deadline)
            && deadline > expires_at
        {
            return Err(Error::bad_input("applicationDeadline", "must not be after expiresAt"));
        }
        if let Some(max) = self.max_applications {
            if max.is_some_and(|max| max < 1) {
                return Err(Error::bad_input("maxApplications", "must be at least 1"));
            }
            active.max_applications = Set(max);
        }
        if let Some(featured) = self.is_featured {
            if !caller.is_admin() && featured != current.is_some_and(|job| job.is_featured) {
                return Err(Error::forbidden("only an admin may feature a job"));
            }
            active.is_featured = Set(featured);
        }
        let locations = self
            .locations
            .map(|places| {
                if places.len() > MAX_LOCATIONS {
                    return Err(Error::bad_input("locations", format!("at most {MAX_LOCATIONS} locations")));
                }
                places.into_iter().map(|place| place.validate("locations")).collect::<Result<Vec<_>>>()
            })
            .transpose()?;
        if let Some(skills) = &self.skills {
            if skills.len() > MAX_SKILLS {
                return Err(Error::bad_input("skills", format!("at most {MAX_SKILLS} skills")));
            }
            if has_duplicates(skills.iter().map(|(id, _)| *id)) {
                return Err(Error::bad_input("skills", "names a skill twice"));
            }
        }
        if let Some(categories) = &self.category_ids {
            if categories.len() > MAX_CATEGORIES {
                return Err(Error::bad_input("categoryIds", format!("at most {MAX_CATEGORIES} categories")));
            }
            if has_duplicates(categories.iter().copied()) {
                return Err(Error::bad_input("categoryIds", "names a category twice"));
            }
        }
        Ok(Children { locations, skills: self.skills, category_ids: self.category_ids })
    }
}

/// The value a column will have after a write: the new one if set, else the current.
fn effective<T: Clone + Into<sea_orm::Value>>(new: &sea_orm::ActiveValue<T>, current: Option<T>) -> Option<T> {
    match new {
        sea_orm::ActiveValue::Set(value) | sea_orm::ActiveValue::Unchanged(value) => Some(value.clone()),
        sea_orm::ActiveValue::NotSet => current,
    }
}

fn has_duplicates(ids: impl Iterator<Item = Uuid>) -> bool {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().any(|id| !seen.insert(id))
}

/// May `caller` see this job (with its company)? The owner and admins see
/// everything; others see jobs once public, of a listed company, not deleted.
pub fn job_visible(job: &job::Model, company: Option<&company::Model>, caller: &Caller) -> bool {
    let Some(company) = company else { return caller.is_admin() };
    if caller.owns_or_admin(company.owner_id) {
        return true;
    }
    job.deleted_at.is_none() && company.is_listed() && job.status.shown_publicly()
}

impl JobsService {
    /// A job with its company.
    pub async fn job_with_company(&self, id: Uuid) -> Result<Option<(job::Model, Option<company::Model>)>> {
        Ok(job::Entity::find_by_id(id).find_also_related(company::Entity).one(&self.db).await?)
    }

    /// A live job of a company the caller owns (or any, for an admin).
    async fn owned_job(&self, caller: &Caller, id: Uuid) -> Result<(job::Model, company::Model)> {
        caller.require_user()?;
        let (job, company) = self.job_with_company(id).await?.ok_or_else(|| Error::not_found("no such job"))?;
        let company = company.ok_or_else(|| Error::internal(anyhow::anyhow!("job {id} has no company")))?;
        caller.require_owner(company.owner_id, "job")?;
        if job.deleted_at.is_some() {
            return Err(Error::conflict("this job is deleted; an admin must restore it first"));
        }
        Ok((job, company))
    }

    /// Posts a DRAFT job for a company the caller owns.
    pub async fn create_job(&self, caller: &Caller, company_id: Uuid, fields: JobFields) -> Result<job::Model> {
        let (poster, _) = caller.require_role(&[Role::Employer])?;
        self.ensure_may_post(poster).await?;
        let company = self.owned_company(caller, company_id).await?;
        if company.is_suspended {
            return Err(Error::forbidden("this company is suspended and cannot post jobs"));
        }
        let (Some(title), Some(description)) = (fields.title.clone(), fields.description.clone()) else {
            return Err(Error::bad_input("title", "a job needs a title and a description"));
        };
        let (Some(employment_type), Some(experience_level), Some(remote_policy)) =
            (fields.employment_type, fields.experience_level, fields.remote_policy)
        else {
            return Err(Error::bad_input("employmentType", "a job needs an employment type, level and remote policy"));
        };
        let now = Utc::now();
        let id = Uuid::now_v7();
        let mut active = job::ActiveModel {
            id: Set(id),
            company_id: Set(company_id),
            posted_by_id: Set(poster),
            title: Set(title),
            description: Set(description),
            requirements: Set(None),
            responsibilities: Set(None),
            employment_type: Set(employment_type),
            experience_level: Set(experience_level),
            remote_policy: Set(remote_policy),
            salary_min: Set(None),
            salary_max: Set(None),
            salary_currency: Set(None),
            salary_period: Set(None),
            salary_yearly_min: Set(None),
            salary_yearly_max: Set(None),
            status: Set(JobStatus::Draft),
            published_at: Set(None),
            expires_at: Set(None),
            application_deadline: Set(None),
            max_applications: Set(None),
            is_featured: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            deleted_by: Set(None),
        };
        let children = fields.apply(&mut active, None, caller, now)?;
        let location_count = children.locations.as_ref().map_or(0, Vec::len);
        if remote_policy != RemotePolicy::Remote && location_count == 0 {
            return Err(Error::bad_input("locations", "an on-site or hybrid job needs at least one location"));
        }
        self.check_references(&children).await?;
        let txn = self.db.begin().await?;
        let job = active.insert(&txn).await?;
        write_children(&txn, id, children).await?;
        events::job_created(&txn, &job).await?;
        txn.commit().await?;
        Ok(job)
    }

    async fn check_references(&self, children: &Children) -> Result<()> {
        if let Some(skills) = &children.skills {
            self.ensure_skills_exist(&skills.iter().map(|(id, _)| *id).collect::<Vec<_>>()).await?;
        }
        if let Some(categories) = &children.category_ids {
            self.ensure_categories_exist(categories).await?;
        }
        Ok(())
    }

    /// Edits a job, if `version` is still current.
    pub async fn update_job(&self, caller: &Caller, id: Uuid, version: i32, fields: JobFields) -> Result<job::Model> {
        let (job, _) = self.owned_job(caller, id).await?;
        if job.version != version {
            return Err(stale("job", job.version));
        }
        let now = Utc::now();
        let mut active = job::ActiveModel { id: Unchanged(id), updated_at: Set(now), ..Default::default() };
        let children = fields.apply(&mut active, Some(&job), caller, now)?;
        let remote_policy = effective(&active.remote_policy, Some(job.remote_policy)).unwrap_or(job.remote_policy);
        if remote_policy != RemotePolicy::Remote {
            let locations = match &children.locations {
                Some(locations) => locations.len() as u64,
                None => job_location::Entity::find().filter(job_location::Column::JobId.eq(id)).count(&self.db).await?,
            };
            if locations == 0 {
                return Err(Error::bad_input("locations", "an on-site or hybrid job needs at least one location"));
            }
        }
        self.check_references(&children).await?;
        let actor = caller.require_user()?.0;
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        let before = events::job_snapshot(&txn, &job).await?;
        write_job(&txn, id, version, active).await?;
        write_children(&txn, id, children).await?;
        let job = committed_change(&txn, Some(actor), &before, id).await?;
        txn.commit().await?;
        Ok(job)
    }

    async fn job(&self, id: Uuid) -> Result<job::Model> {
        job::Entity::find_by_id(id).one(&self.db).await?.ok_or_else(|| Error::not_found("no such job"))
    }

    /// Moves a job along its status machine; see [`JobStatus::can_become`].
    pub async fn change_status(
        &self,
        caller: &Caller,
        id: Uuid,
        to: JobStatus,
        version: Option<i32>,
    ) -> Result<job::Model> {
        let (job, company) = self.owned_job(caller, id).await?;
        if let Some(version) = version
            && version != job.version
        {
            return Err(stale("job", job.version));
        }
        if to == JobStatus::Expired || !job.status.can_become(to) {
            return Err(Error::conflict(format!("a {} job cannot become {}", job.status.as_str(), to.as_str())));
        }
        let now = Utc::now();
        let mut active =
            job::ActiveModel { id: Unchanged(id), status: Set(to), updated_at: Set(now), ..Default::default() };
        if to == JobStatus::Published {
            if company.is_suspended {
                return Err(Error::forbidden("this company is suspended and cannot publish jobs"));
            }
            self.ensure_may_post(caller.require_user()?.0).await?;
            if job.expires_at.is_some_and(|at| at <= now) {
                return Err(Error::bad_input("expiresAt", "is in the past; set a new expiry before publishing"));
            }
            if job.application_deadline.is_some_and(|at| at <= now) {
                return Err(Error::bad_input("applicationDeadline", "is in the past; set a new one before publishing"));
            }
            // A first publication or a repost is news; resuming a pause is not.
            if job.status != JobStatus::Paused {
                active.published_at = Set(Some(now));
            }
        }
        self.write_job_with_event(caller, &job, active).await
    }

    /// Writes `active` if `job` is still at its version, and records the event of the change.
    async fn write_job_with_event(
        &self,
        caller: &Caller,
        job: &job::Model,
        active: job::ActiveModel,
    ) -> Result<job::Model> {
        let actor = caller.require_user()?.0;
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        let before = events::job_snapshot(&txn, job).await?;
        write_job(&txn, job.id, job.version, active).await?;
        let job = committed_change(&txn, Some(actor), &before, job.id).await?;
        txn.commit().await?;
        Ok(job)
    }

    pub async fn delete_job(&self, caller: &Caller, id: Uuid) -> Result<job::Model> {
        let (job, _) = self.owned_job(caller, id).await?;
        let actor = caller.require_user()?.0;
        let now = Utc::now();
        let active = job::ActiveModel {
            id: Unchanged(id),
            deleted_at: Set(Some(now)),
            deleted_by: Set(Some(actor)),
            updated_at: Set(now),
            ..Default::default()
        };
        self.write_job_with_event(caller, &job, active).await
    }

    /// Undoes a soft delete (admins only).
    pub async fn restore_job(&self, caller: &Caller, id: Uuid) -> Result<job::Model> {
        caller.require_admin()?;
        let job = self.job(id).await?;
        if job.deleted_at.is_none() {
            return Err(Error::conflict("this job is not deleted"));
        }
        let active = job::ActiveModel {
            id: Unchanged(id),
            deleted_at: Set(None),
            deleted_by: Set(None),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        self.write_job_with_event(caller, &job, active).await
    }

    /// The listing: PUBLISHED jobs of listed companies for everybody; other
    /// statuses only for the company's owner, the poster, or an admin.
    pub async fn list_jobs(
        &self,
        caller: &Caller,
        filter: JobFilter,
        sort: JobSort,
        page: &PageArgs,
    ) -> Result<(PageWindow, Vec<job::Model>)> {
        page.validate("Job")?;
        let public_only =
            filter.statuses.as_ref().is_none_or(|statuses| statuses.iter().all(|s| *s == JobStatus::Published));
        if !public_only && !self.sees_unpublished(caller, &filter).await? {
            return Err(Error::forbidden("only the company's owner sees jobs that are not published"));
        }
        let mut query = job::Entity::find().filter(job::Column::DeletedAt.is_null());
        if public_only {
            query = query
                .inner_join(company::Entity)
                .filter(job::Column::Status.eq(JobStatus::Published))
                .filter(company::Column::DeletedAt.is_null())
                .filter(company::Column::IsSuspended.eq(false));
        } else if let Some(statuses) = filter.statuses.clone() {
            query = query.filter(job::Column::Status.is_in(statuses));
        }
        if let Some(id) = filter.company_id {
            query = query.filter(job::Column::CompanyId.eq(id));
        }
        if let Some(id) = filter.posted_by_id {
            query = query.filter(job::Column::PostedById.eq(id));
        }
        if let Some(types) = filter.employment_types.filter(|v| !v.is_empty()) {
            query = query.filter(job::Column::EmploymentType.is_in(types));
        }
        if let Some(levels) = filter.experience_levels.filter(|v| !v.is_empty()) {
            query = query.filter(job::Column::ExperienceLevel.is_in(levels));
        }
        if let Some(policies) = filter.remote_policies.filter(|v| !v.is_empty()) {
            query = query.filter(job::Column::RemotePolicy.is_in(policies));
        }
        if filter.country_code.is_some() || filter.city.is_some() {
            let mut places = Query::select();
            places.column(job_location::Column::JobId).from(job_location::Entity);
            if let Some(code) = &filter.country_code {
                places.and_where(job_location::Column::CountryCode.eq(super::country_code("countryCode", code)?));
            }
            if let Some(city) = text::optional("city", filter.city.as_deref(), 100)? {
                places
                    .and_where(Expr::expr(Func::lower(Expr::col(job_location::Column::City))).eq(city.to_lowercase()));
            }
            query = query.filter(job::Column::Id.in_subquery(places.to_owned()));
        }
        if let Some(amount) = filter.salary_at_least {
            query = query.filter(job::Column::SalaryYearlyMax.gte(amount));
        }
        if let Some(code) = &filter.salary_currency {
            query = query.filter(job::Column::SalaryCurrency.eq(currency("salaryCurrency", code)?));
        }
        if let Some(skills) = filter.skill_ids.filter(|v| !v.is_empty()) {
            let with_skill = Query::select()
                .column(job_skill::Column::JobId)
                .from(job_skill::Entity)
                .and_where(job_skill::Column::SkillId.is_in(skills))
                .to_owned();
            query = query.filter(job::Column::Id.in_subquery(with_skill));
        }
        if let Some(categories) = filter.category_ids.filter(|v| !v.is_empty()) {
            let in_category = Query::select()
                .column(job_category::Column::JobId)
                .from(job_category::Entity)
                .and_where(job_category::Column::CategoryId.is_in(categories))
                .to_owned();
            query = query.filter(job::Column::Id.in_subquery(in_category));
        }
        if let Some(after) = filter.posted_after {
            query = query.filter(job::Column::PublishedAt.gte(after));
        }
        if let Some(words) = text::optional("query", filter.query.as_deref(), 200)? {
            for word in words.split_whitespace() {
                let title = Expr::expr(Func::lower(Expr::col((job::Entity, job::Column::Title))));
                query = query.filter(title.like(text::contains_pattern(word)));
            }
        }
        if let Some(featured) = filter.is_featured {
            query = query.filter(job::Column::IsFeatured.eq(featured));
        }
        let total = query.clone().count(&self.db).await?;
        let window = page.window("Job", total)?;
        for (column, order, nulls) in sort_keys(sort) {
            query = match nulls {
                Some(nulls) => query.order_by_with_nulls(column, order, nulls),
                None => query.order_by(column, order),
            };
        }
        let jobs = query.offset(window.offset).limit(window.limit).all(&self.db).await?;
        Ok((window, jobs))
    }

    /// One page (the same arguments) of the live jobs of each of `parents`
    /// (companies, or posters: `by`), in at most four statements whatever
    /// their number: the parents whose every job the caller sees (`sees_all`:
    /// their owners, posters and admins) and the others (published jobs of
    /// listed companies) are each counted and paged once.
    pub async fn jobs_of_each(
        &self,
        by: job::Column,
        parents: &[Uuid],
        sees_all: impl Fn(Uuid) -> bool,
        sort: JobSort,
        page: &PageArgs,
    ) -> Result<HashMap<Uuid, (PageWindow, Vec<job::Model>)>> {
        page.validate("Job")?;
        let (all, public): (Vec<Uuid>, Vec<Uuid>) = parents.iter().copied().partition(|parent| sees_all(*parent));
        let widest = page.window("Job", i64::MAX as u64)?;
        let mut pages: HashMap<Uuid, (PageWindow, Vec<job::Model>)> = HashMap::new();
        for (group, public_only) in [(all, false), (public, true)] {
            if group.is_empty() {
                continue;
            }
            let mut query =
                job::Entity::find().filter(job::Column::DeletedAt.is_null()).filter(by.is_in(group.iter().copied()));
            if public_only {
                query = query
                    .inner_join(company::Entity)
                    .filter(job::Column::Status.eq(JobStatus::Published))
                    .filter(company::Column::DeletedAt.is_null())
                    .filter(company::Column::IsSuspended.eq(false));
            }
            let totals: HashMap<Uuid, i64> = query
                .clone()
                .select_only()
                .column(by)
                .column_as(job::Column::Id.count(), "count")
                .group_by(by)
                .into_tuple::<(Uuid, i64)>()
                .all(&self.db)
                .await?
                .into_iter()
                .collect();
            for parent in &group {
                let total = totals.get(parent).copied().unwrap_or(0) as u64;
                pages.insert(*parent, (page.window("Job", total)?, Vec::new()));
            }
            if totals.is_empty() {
                continue;
            }
            let rows = page_of_each(&self.db, query, by, &sort_keys(sort), widest.offset, widest.limit).await?;
            for row in rows {
                let parent = if matches!(by, job::Column::CompanyId) { row.company_id } else { row.posted_by_id };
                if let Some((_, jobs)) = pages.get_mut(&parent) {
                    jobs.push(row);
                }
            }
        }
        Ok(pages)
    }

    async fn sees_unpublished(&self, caller: &Caller, filter: &JobFilter) -> Result<bool> {
        let Some(user) = caller.user_id() else { return Ok(false) };
        if caller.is_admin() || filter.posted_by_id == Some(user) {
            return Ok(true);
        }
        match filter.company_id {
            Some(company) => Ok(self.company(company).await?.is_some_and(|c| c.owner_id == user)),
            None => Ok(false),
        }
    }
}

/// Writes `active` only if the job is still at `version`, bumping it.
async fn write_job(db: &impl ConnectionTrait, id: Uuid, version: i32, active: job::ActiveModel) -> Result<()> {
    let result = job::Entity::update_many()
        .set(active)
        .col_expr(job::Column::Version, Expr::col(job::Column::Version).add(1))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        let current = job::Entity::find_by_id(id).one(db).await?.map_or(version, |job| job.version);
        return Err(stale("job", current));
    }
    Ok(())
}

/// Reads the job back in `txn` after a write and records the event of the
/// change from `before`.
pub(crate) async fn committed_change(
    txn: &impl ConnectionTrait,
    actor: Option<Uuid>,
    before: &JobSnapshot,
    id: Uuid,
) -> Result<job::Model> {
    let job = job::Entity::find_by_id(id).one(txn).await?.ok_or_else(|| Error::not_found("no such job"))?;
    events::job_changed(txn, actor, before, &job).await?;
    Ok(job)
}

/// Replaces the locations, skills and categories that `children` names.
async fn write_children(db: &impl ConnectionTrait, job_id: Uuid, children: Children) -> Result<()> {
    if let Some(places) = children.locations {
        job_location::Entity::delete_many().filter(job_location::Column::JobId.eq(job_id)).exec(db).await?;
        let rows: Vec<_> = places
            .into_iter()
            .enumerate()
            .map(|(position, place)| job_location::ActiveModel {
                id: Set(Uuid::now_v7()),
                job_id: Set(job_id),
                position: Set(position as i32),
                city: Set(place.city),
                region: Set(place.region),
                country_code: Set(place.country_code),
                lat: Set(place.lat),
                lon: Set(place.lon),
            })
            .collect();
        if !rows.is_empty() {
            job_location::Entity::insert_many(rows).exec(db).await?;
        }
    }
    if let Some(skills) = children.skills {
        job_skill::Entity::delete_many().filter(job_skill::Column::JobId.eq(job_id)).exec(db).await?;
        let rows: Vec<_> = skills
            .into_iter()
            .map(|(skill_id, required)| job_skill::ActiveModel {
                job_id: Set(job_id),
                skill_id: Set(skill_id),
                required: Set(required),
            })
            .collect();
        if !rows.is_empty() {
            job_skill::Entity::insert_many(rows).exec(db).await?;
        }
    }
    if let Some(categories) = children.category_ids {
        job_category::Entity::delete_many().filter(job_category::Column::JobId.eq(job_id)).exec(db).await?;
        let rows: Vec<_> = categories
            .into_iter()
            .map(|category_id| job_category::ActiveModel { job_id: Set(job_id), category_id: Set(category_id) })
            .collect();
        if !rows.is_empty() {
            job_category::Entity::insert_many(rows).exec(db).await?;
        }
    }
    Ok(())
}
