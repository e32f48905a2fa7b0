//! Input types, named after their mutations, mapped onto the domain's structs.

use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, Utc};
use jobgraph_shared::Result;
use jobgraph_shared::vocabulary::RemotePolicy;

use super::ids;
use crate::domain::companies::{CompanyFields, Place};
use crate::domain::jobs::{JobFields, JobFilter, Salary};
use crate::entities::enums::{CompanySize, EmploymentType, ExperienceLevel, JobStatus, SalaryPeriod};

#[derive(InputObject, Clone)]
pub struct LocationInput {
    pub city: String,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. DE.
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl From<LocationInput> for Place {
    fn from(input: LocationInput) -> Self {
        Place {
            city: input.city,
            region: input.region,
            country_code: input.country_code,
            lat: input.lat,
            lon: input.lon,
        }
    }
}

#[derive(InputObject)]
pub struct CreateCompanyInput {
    pub name: String,
    /// Made from the name when left out.
    pub slug: Option<String>,
    pub description: Option<String>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub founded_year: Option<i32>,
    pub headquarters: Option<LocationInput>,
}

impl From<CreateCompanyInput> for CompanyFields {
    fn from(input: CreateCompanyInput) -> Self {
        CompanyFields {
            name: Some(input.name),
            slug: input.slug,
            description: Some(input.description),
            website: Some(input.website),
            logo_url: Some(input.logo_url),
            industry: Some(input.industry),
            size: Some(input.size),
            founded_year: Some(input.founded_year),
            headquarters: Some(input.headquarters.map(Place::from)),
        }
    }
}

/// Fields left out stay as they are; null clears an optional field.
#[derive(InputObject)]
pub struct UpdateCompanyInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: MaybeUndefined<String>,
    pub website: MaybeUndefined<String>,
    pub logo_url: MaybeUndefined<String>,
    pub industry: MaybeUndefined<String>,
    pub size: MaybeUndefined<CompanySize>,
    pub founded_year: MaybeUndefined<i32>,
    pub headquarters: MaybeUndefined<LocationInput>,
}

impl From<UpdateCompanyInput> for CompanyFields {
    fn from(input: UpdateCompanyInput) -> Self {
        let headquarters: Option<Option<LocationInput>> = input.headquarters.into();
        CompanyFields {
            name: input.name,
            slug: input.slug,
            description: input.description.into(),
            website: input.website.into(),
            logo_url: input.logo_url.into(),
            industry: input.industry.into(),
            size: input.size.into(),
            founded_year: input.founded_year.into(),
            headquarters: headquarters.map(|place| place.map(Place::from)),
        }
    }
}

#[derive(InputObject, Clone)]
pub struct SalaryInput {
    pub min: i64,
    pub max: i64,
    /// ISO 4217, e.g. EUR.
    pub currency: String,
    #[graphql(default_with = "SalaryPeriod::Year")]
    pub period: SalaryPeriod,
}

impl From<SalaryInput> for Salary {
    fn from(input: SalaryInput) -> Self {
        Salary { min: input.min, max: input.max, currency: input.currency, period: input.period }
    }
}

#[derive(InputObject, Clone)]
pub struct JobSkillInput {
    pub skill_id: ID,
    #[graphql(default = true)]
    pub required: bool,
}

fn skills(values: Vec<JobSkillInput>) -> Result<Vec<(uuid::Uuid, bool)>> {
    values.into_iter().map(|s| Ok((jobgraph_shared::text::id("skills.skillId", &s.skill_id)?, s.required))).collect()
}

/// A new job; it starts as a DRAFT.
#[derive(InputObject)]
pub struct CreateJobInput {
    pub company_id: ID,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub requirements: Option<String>,
    pub responsibilities: Option<String>,
    pub employment_type: EmploymentType,
    pub experience_level: ExperienceLevel,
    pub remote_policy: RemotePolicy,
    /// At least one unless the job is REMOTE.
    #[graphql(default)]
    pub locations: Vec<LocationInput>,
    pub salary: Option<SalaryInput>,
    #[graphql(default)]
    pub category_ids: Vec<ID>,
    #[graphql(default)]
    pub skills: Vec<JobSkillInput>,
    pub expires_at: Option<DateTime<Utc>>,
    pub application_deadline: Option<DateTime<Utc>>,
    pub max_applications: Option<i32>,
    /// Admins only.
    #[graphql(default = false)]
    pub is_featured: bool,
}

impl CreateJobInput {
    pub fn into_fields(self) -> Result<JobFields> {
        Ok(JobFields {
            title: Some(self.title),
            description: Some(self.description),
            requirements: Some(self.requirements),
            responsibilities: Some(self.responsibilities),
            employment_type: Some(self.employment_type),
            experience_level: Some(self.experience_level),
            remote_policy: Some(self.remote_policy),
            locations: Some(self.locations.into_iter().map(Place::from).collect()),
            salary: Some(self.salary.map(Salary::from)),
            category_ids: Some(ids("categoryIds", &self.category_ids)?),
            skills: Some(skills(self.skills)?),
            expires_at: Some(self.expires_at),
            application_deadline: Some(self.application_deadline),
            max_applications: Some(self.max_applications),
            is_featured: Some(self.is_featured),
        })
    }
}

/// Fields left out stay as they are; null clears an optional field; a list replaces the old one.
#[derive(InputObject)]
pub struct UpdateJobInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub requirements: MaybeUndefined<String>,
    pub responsibilities: MaybeUndefined<String>,
    pub employment_type: Option<EmploymentType>,
    pub experience_level: Option<ExperienceLevel>,
    pub remote_policy: Option<RemotePolicy>,
    pub locations: Option<Vec<LocationInput>>,
    pub salary: MaybeUndefined<SalaryInput>,
    pub category_ids: Option<Vec<ID>>,
    pub skills: Option<Vec<JobSkillInput>>,
    pub expires_at: MaybeUndefined<DateTime<Utc>>,
    pub application_deadline: MaybeUndefined<DateTime<Utc>>,
    pub max_applications: MaybeUndefined<i32>,
    /// Admins only.
    pub is_featured: Option<bool>,
}

impl UpdateJobInput {
    pub fn into_fields(self) -> Result<JobFields> {
        let salary: Option<Option<SalaryInput>> = self.salary.into();
        Ok(JobFields {
            title: self.title,
            description: self.description,
            requirements: self.requirements.into(),
            responsibilities: self.responsibilities.into(),
            employment_type: self.employment_type,
            experience_level: self.experience_level,
            remote_policy: self.remote_policy,
            locations: self.locations.map(|places| places.into_iter().map(Place::from).collect()),
            salary: salary.map(|salary| salary.map(Salary::from)),
            category_ids: self.category_ids.map(|v| ids("categoryIds", &v)).transpose()?,
            skills: self.skills.map(skills).transpose()?,
            expires_at: self.expires_at.into(),
            application_deadline: self.application_deadline.into(),
            max_applications: self.max_applications.into(),
            is_featured: self.is_featured,
        })
    }
}

/// Narrows the job listing; each list matches any of its values.
#[derive(InputObject, Default)]
pub struct JobFilterInput {
    pub company_id: Option<ID>,
    /// Anything but PUBLISHED needs the company's owner (with companyId) or an admin.
    pub statuses: Option<Vec<JobStatus>>,
    pub employment_types: Option<Vec<EmploymentType>>,
    pub experience_levels: Option<Vec<ExperienceLevel>>,
    pub remote_policies: Option<Vec<RemotePolicy>>,
    /// ISO 3166-1 alpha-2 of one of the job's locations.
    pub country_code: Option<String>,
    pub city: Option<String>,
    /// Jobs whose yearly maximum salary is at least this.
    pub salary_at_least: Option<i64>,
    pub salary_currency: Option<String>,
    pub skill_ids: Option<Vec<ID>>,
    pub category_ids: Option<Vec<ID>>,
    pub posted_after: Option<DateTime<Utc>>,
    /// Words that must all appear in the title.
    pub query: Option<String>,
    pub is_featured: Option<bool>,
}

impl JobFilterInput {
    pub fn into_filter(self) -> Result<JobFilter> {
        Ok(JobFilter {
            company_id: self.company_id.map(|id| jobgraph_shared::text::id("companyId", &id)).transpose()?,
            posted_by_id: None,
            statuses: self.statuses,
            employment_types: self.employment_types,
            experience_levels: self.experience_levels,
            remote_policies: self.remote_policies,
            country_code: self.country_code,
            city: self.city,
            salary_at_least: self.salary_at_least,
            salary_currency: self.salary_currency,
            skill_ids: self.skill_ids.map(|v| ids("skillIds", &v)).transpose()?,
            category_ids: self.category_ids.map(|v| ids("categoryIds", &v)).transpose()?,
            posted_after: self.posted_after,
            query: self.query,
            is_featured: self.is_featured,
        })
    }
}

#[derive(InputObject)]
pub struct CreateCategoryInput {
    pub name: String,
    /// Made from the name when left out.
    pub slug: Option<String>,
    pub parent_id: Option<ID>,
}

#[derive(InputObject)]
pub struct UpdateCategoryInput {
    pub name: Option<String>,
    /// null makes it a root.
    pub parent_id: MaybeUndefined<ID>,
}

#[derive(InputObject)]
pub struct CreateSkillInput {
    pub name: String,
    /// Made from the name when left out.
    pub slug: Option<String>,
    #[graphql(default)]
    pub aliases: Vec<String>,
}

#[derive(InputObject)]
pub struct UpdateSkillInput {
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
}
