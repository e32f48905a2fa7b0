//! The events jobs publishes (DOMAIN.md): `company.created|updated|deleted`,
//! `job.created` (full snapshot), `job.updated` (changes and snapshot),
//! `job.status_changed` (from, to), `job.deleted`, each recorded in the outbox
//! in the transaction of its change. A snapshot is read inside that
//! transaction, so it is exactly what the change committed.

use jobgraph_shared::events::Outbox;
use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanyDeleted, CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted, JobSkillRef, JobSnapshot,
    JobStatusChanged, JobUpdated, NamedRef, Place, SalarySnapshot,
};
use jobgraph_shared::{Error, Result};
use sea_orm::{ActiveEnum as _, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::entities::{category, company, job, job_category, job_location, job_skill, skill};

pub const OUTBOX: Outbox = Outbox::new("jobs");

pub fn company_snapshot(company: &company::Model) -> CompanySnapshot {
    let headquarters = match (&company.hq_city, &company.hq_country_code) {
        (Some(city), Some(country_code)) => Some(Place {
            city: city.clone(),
            region: company.hq_region.clone(),
            country_code: country_code.clone(),
            lat: None,
            lon: None,
        }),
        _ => None,
    };
    CompanySnapshot {
        id: company.id,
        name: company.name.clone(),
        slug: company.slug.clone(),
        description: company.description.clone(),
        website: company.website.clone(),
        logo_url: company.logo_url.clone(),
        industry: company.industry.clone(),
        size: company.size.map(|size| size.to_value()),
        founded_year: company.founded_year,
        headquarters,
        is_verified: company.is_verified,
        is_suspended: company.is_suspended,
        owner_id: company.owner_id,
        version: company.version,
        created_at: company.created_at,
        updated_at: company.updated_at,
        deleted_at: company.deleted_at,
    }
}

/// The job as `db` sees it now, with its company's owner and its child rows.
pub async fn job_snapshot(db: &impl ConnectionTrait, job: &job::Model) -> Result<JobSnapshot> {
    let mut one = job_snapshots(db, std::slice::from_ref(job)).await?;
    Ok(one.remove(0))
}

/// Snapshots of many jobs in five statements, whatever their number.
pub async fn job_snapshots(db: &impl ConnectionTrait, jobs: &[job::Model]) -> Result<Vec<JobSnapshot>> {
    let ids: Vec<Uuid> = jobs.iter().map(|job| job.id).collect();
    let owners: HashMap<Uuid, Uuid> = company::Entity::find()
        .filter(company::Column::Id.is_in(jobs.iter().map(|job| job.company_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|company| (company.id, company.owner_id))
        .collect();
    let mut locations: HashMap<Uuid, Vec<Place>> = HashMap::new();
    let rows = job_location::Entity::find()
        .filter(job_location::Column::JobId.is_in(ids.clone()))
        .order_by_asc(job_location::Column::Position)
        .all(db)
        .await?;
    for l in rows {
        let place = Place { city: l.city, region: l.region, country_code: l.country_code, lat: l.lat, lon: l.lon };
        locations.entry(l.job_id).or_default().push(place);
    }
    let mut skills: HashMap<Uuid, Vec<JobSkillRef>> = HashMap::new();
    let rows = job_skill::Entity::find()
        .filter(job_skill::Column::JobId.is_in(ids.clone()))
        .find_also_related(skill::Entity)
        .all(db)
        .await?;
    for (link, skill) in rows {
        if let Some(skill) = skill {
            let reference = JobSkillRef { id: link.skill_id, name: skill.name, required: link.required };
            skills.entry(link.job_id).or_default().push(reference);
        }
    }
    let mut categories: HashMap<Uuid, Vec<NamedRef>> = HashMap::new();
    let rows = job_category::Entity::find()
        .filter(job_category::Column::JobId.is_in(ids))
        .find_also_related(category::Entity)
        .order_by_asc(category::Column::Name)
        .all(db)
        .await?;
    for (link, category) in rows {
        if let Some(category) = category {
            categories.entry(link.job_id).or_default().push(NamedRef { id: category.id, name: category.name });
        }
    }
    // The tree, for the categories' ancestors: admins keep it small, so one
    // statement reads it whole (only when a job has a category).
    let tree: HashMap<Uuid, category::Model> = if categories.is_empty() {
        HashMap::new()
    } else {
        category::Entity::find().all(db).await?.into_iter().map(|category| (category.id, category)).collect()
    };
    jobs.iter()
        .map(|job| {
            let owner_id = *owners
                .get(&job.company_id)
                .ok_or_else(|| Error::internal(anyhow::anyhow!("job {} has no company", job.id)))?;
            let own = categories.remove(&job.id).unwrap_or_default();
            let ancestors = ancestors_of(&own, &tree);
            let mut snapshot = snapshot(
                job,
                owner_id,
                locations.remove(&job.id).unwrap_or_default(),
                skills.remove(&job.id).unwrap_or_default(),
                own,
            );
            snapshot.category_ancestors = ancestors;
            Ok(snapshot)
        })
        .collect()
}

/// The ancestors of `categories` in `tree`, nearest first, each once, none of `categories` itself.
fn ancestors_of(categories: &[NamedRef], tree: &HashMap<Uuid, category::Model>) -> Vec<NamedRef> {
    let mut ancestors: Vec<NamedRef> = Vec::new();
    for category in categories {
        let mut parent = tree.get(&category.id).and_then(|c| c.parent_id);
        // Bounded by the tree's size, should it ever hold a cycle.
        for _ in 0..tree.len() {
            let Some(id) = parent else { break };
            let Some(node) = tree.get(&id) else { break };
            let known = ancestors.iter().any(|a| a.id == id) || categories.iter().any(|c| c.id == id);
            if !known {
                ancestors.push(NamedRef { id, name: node.name.clone() });
            }
            parent = node.parent_id;
        }
    }
    ancestors
}

fn snapshot(
    job: &job::Model,
    owner_id: Uuid,
    locations: Vec<Place>,
    skills: Vec<JobSkillRef>,
    categories: Vec<NamedRef>,
) -> JobSnapshot {
    let salary = match (job.salary_min, job.salary_max, &job.salary_currency, job.salary_period) {
        (Some(min), Some(max), Some(currency), Some(period)) => Some(SalarySnapshot {
            min,
            max,
            currency: currency.clone(),
            period: period.to_value(),
            yearly_min: job.salary_yearly_min.unwrap_or(min),
            yearly_max: job.salary_yearly_max.unwrap_or(max),
        }),
        _ => None,
    };
    JobSnapshot {
        id: job.id,
        company_id: job.company_id,
        owner_id,
        posted_by_id: job.posted_by_id,
        title: job.title.clone(),
        description: job.description.clone(),
        requirements: job.requirements.clone(),
        responsibilities: job.responsibilities.clone(),
        employment_type: job.employment_type.to_value(),
        experience_level: job.experience_level.to_value(),
        remote_policy: job.remote_policy.to_value(),
        locations,
        salary,
        categories,
        category_ancestors: Vec::new(),
        skills,
        status: job.status.to_value(),
        published_at: job.published_at,
        expires_at: job.expires_at,
        application_deadline: job.application_deadline,
        max_applications: job.max_applications,
        is_featured: job.is_featured,
        version: job.version,
        created_at: job.created_at,
        updated_at: job.updated_at,
        deleted_at: job.deleted_at,
    }
}

/// The names of the snapshot fields that differ, bookkeeping aside.
pub fn changed_fields<T: Serialize>(before: &T, after: &T) -> Vec<String> {
    let (serde_json::Value::Object(before), serde_json::Value::Object(after)) =
        (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default())
    else {
        return vec![];
    };
    after
        .iter()
        .filter(|(name, value)| !matches!(name.as_str(), "version" | "updatedAt") && before.get(*name) != Some(value))
        .map(|(name, _)| name.clone())
        .collect()
}

pub async fn company_created(db: &impl ConnectionTrait, actor: Uuid, company: &company::Model) -> Result<()> {
    OUTBOX.record(db, Some(actor), &CompanyCreated { company: company_snapshot(company) }).await?;
    Ok(())
}

/// `company.deleted` when the change deleted it, else `company.updated` naming what changed.
pub async fn company_changed(
    db: &impl ConnectionTrait,
    actor: Uuid,
    before: &company::Model,
    after: &company::Model,
) -> Result<()> {
    if let (None, Some(deleted_at)) = (before.deleted_at, after.deleted_at) {
        OUTBOX.record(db, Some(actor), &CompanyDeleted { company_id: after.id, deleted_at }).await?;
        return Ok(());
    }
    let (before, after) = (company_snapshot(before), company_snapshot(after));
    let changed = changed_fields(&before, &after);
    if !changed.is_empty() {
        OUTBOX.record(db, Some(actor), &CompanyUpdated { changed, company: after }).await?;
    }
    Ok(())
}

/// `job.created`, by the job's poster.
pub async fn job_created(db: &impl ConnectionTrait, job: &job::Model) -> Result<()> {
    jobs_created(db, std::slice::from_ref(job)).await
}

/// `job.created` for each of `jobs`, each by its poster.
pub async fn jobs_created(db: &impl ConnectionTrait, jobs: &[job::Model]) -> Result<()> {
    for snapshot in job_snapshots(db, jobs).await? {
        let poster = snapshot.posted_by_id;
        OUTBOX.record(db, Some(poster), &JobCreated { job: snapshot }).await?;
    }
    Ok(())
}

/// The event a change of `before` into `after` makes: `job.deleted`,
/// `job.status_changed`, or `job.updated` with the changed fields.
/// `actor` is `None` for the system (the expiry scheduler, event handlers).
pub async fn job_changed(
    db: &impl ConnectionTrait,
    actor: Option<Uuid>,
    before: &JobSnapshot,
    after: &job::Model,
) -> Result<()> {
    let snapshot = job_snapshot(db, after).await?;
    if let (None, Some(deleted_at)) = (before.deleted_at, snapshot.deleted_at) {
        let event = JobDeleted { job_id: after.id, company_id: after.company_id, deleted_at, job: snapshot };
        OUTBOX.record(db, actor, &event).await?;
    } else if before.status != snapshot.status {
        let event = JobStatusChanged { from: before.status.clone(), to: snapshot.status.clone(), job: snapshot };
        OUTBOX.record(db, actor, &event).await?;
    } else {
        let changed = changed_fields(before, &snapshot);
        if !changed.is_empty() {
            OUTBOX.record(db, actor, &JobUpdated { changed, job: snapshot }).await?;
        }
    }
    Ok(())
}
