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
    let company = company::Entity::find_by_id(job.company_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::internal(anyhow::anyhow!("job {} has no company", job.id)))?;
    let locations = job_location::Entity::find()
        .filter(job_location::Column::JobId.eq(job.id))
        .order_by_asc(job_location::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Place { city: l.city, region: l.region, country_code: l.country_code, lat: l.lat, lon: l.lon })
        .collect();
    let skills = job_skill::Entity::find()
        .filter(job_skill::Column::JobId.eq(job.id))
        .find_also_related(skill::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(link, skill)| Some(JobSkillRef { id: link.skill_id, name: skill?.name, required: link.required }))
        .collect();
    let category_ids: Vec<Uuid> = job_category::Entity::find()
        .filter(job_category::Column::JobId.eq(job.id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.category_id)
        .collect();
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(category_ids))
        .order_by_asc(category::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| NamedRef { id: c.id, name: c.name })
        .collect();
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
    Ok(JobSnapshot {
        id: job.id,
        company_id: job.company_id,
        owner_id: company.owner_id,
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
    })
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

pub async fn job_created(db: &impl ConnectionTrait, actor: Uuid, job: &job::Model) -> Result<()> {
    OUTBOX.record(db, Some(actor), &JobCreated { job: job_snapshot(db, job).await? }).await?;
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
