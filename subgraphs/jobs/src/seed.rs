//! Demo companies, categories, skills and jobs for `jobgraph seed --demo`.

use chrono::{Duration, Utc};
use jobgraph_shared::Result;
use jobgraph_shared::text::slugify;
use jobgraph_shared::vocabulary::RemotePolicy;
use sea_orm::{DatabaseConnection, EntityTrait, Iterable as _, Set, TransactionTrait, TryIntoModel as _};
use uuid::Uuid;

use crate::domain::events;
use crate::entities::enums::{CompanySize, EmploymentType, ExperienceLevel, JobStatus, SalaryPeriod};
use crate::entities::{category, company, job, job_category, job_location, job_skill, skill};

const CATEGORIES: &[(&str, &[&str])] = &[
    ("Engineering", &["Backend", "Frontend", "Mobile", "Data", "DevOps", "Security"]),
    ("Design", &["Product Design", "UX Research", "Brand"]),
    ("Product", &["Product Management", "Product Analytics"]),
    ("Sales", &["Account Executive", "Sales Development"]),
    ("Marketing", &["Content", "Growth", "SEO"]),
    ("Operations", &["People", "Finance", "Legal"]),
    ("Customer Success", &["Support", "Onboarding"]),
];

const SKILLS: &[(&str, &[&str])] = &[
    ("Rust", &[]),
    ("Go", &["Golang"]),
    ("TypeScript", &["TS"]),
    ("JavaScript", &["JS", "ECMAScript"]),
    ("Python", &["py"]),
    ("Java", &[]),
    ("Kotlin", &[]),
    ("Swift", &[]),
    ("PostgreSQL", &["Postgres"]),
    ("MySQL", &[]),
    ("Redis", &[]),
    ("Kafka", &["Apache Kafka"]),
    ("GraphQL", &[]),
    ("React", &["React.js"]),
    ("Vue", &["Vue.js"]),
    ("Kubernetes", &["k8s"]),
    ("Docker", &[]),
    ("Terraform", &[]),
    ("AWS", &["Amazon Web Services"]),
    ("GCP", &["Google Cloud"]),
    ("Figma", &[]),
    ("SQL", &[]),
    ("Machine Learning", &["ML"]),
    ("Spark", &["Apache Spark"]),
    ("Salesforce", &[]),
    ("SEO", &[]),
    ("Copywriting", &[]),
    ("Linux", &[]),
    ("C++", &["cpp"]),
    ("Elixir", &[]),
];

const COMPANY_WORDS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Black Mesa",
    "Oscorp",
    "Wonka",
    "Gringotts",
    "Monarch",
    "Pied Piper",
    "Massive",
    "Dunder",
];
const COMPANY_SUFFIXES: &[&str] =
    &["Labs", "Systems", "Industries", "Analytics", "Cloud", "Works", "Health", "Logistics"];
const INDUSTRIES: &[&str] =
    &["Software", "Fintech", "Healthcare", "Logistics", "Retail", "Media", "Energy", "Education"];
const CITIES: &[(&str, &str, f64, f64)] = &[
    ("Berlin", "DE", 52.52, 13.40),
    ("Munich", "DE", 48.14, 11.58),
    ("London", "GB", 51.51, -0.13),
    ("Amsterdam", "NL", 52.37, 4.90),
    ("Lisbon", "PT", 38.72, -9.14),
    ("Paris", "FR", 48.86, 2.35),
    ("New York", "US", 40.71, -74.01),
    ("San Francisco", "US", 37.77, -122.42),
    ("Toronto", "CA", 43.65, -79.38),
    ("Stockholm", "SE", 59.33, 18.07),
    ("Warsaw", "PL", 52.23, 21.01),
    ("Barcelona", "ES", 41.39, 2.17),
];
const ROLES: &[&str] = &[
    "Backend Engineer",
    "Frontend Engineer",
    "Full-Stack Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Mobile Engineer",
    "Product Designer",
    "Product Manager",
    "Data Scientist",
    "Engineering Manager",
    "Security Engineer",
    "Account Executive",
    "Growth Marketer",
    "Customer Success Manager",
    "Technical Writer",
];

/// How much demo data [`seed_demo`] made.
pub struct DemoCounts {
    pub companies: usize,
    pub jobs: usize,
}

/// Fills categories, skills, `companies` companies owned by `employers`, and
/// `jobs` jobs across them. `progress` is called after each job.
pub async fn seed_demo(
    connection: &DatabaseConnection,
    employers: &[Uuid],
    companies: usize,
    jobs: usize,
    progress: impl Fn(),
) -> Result<DemoCounts> {
    // One transaction: the rows and their company.created / job.created events land together.
    let txn = connection.begin().await?;
    let db = &txn;
    let mut rng = fastrand::Rng::with_seed(42);
    let now = Utc::now();

    let mut category_ids = Vec::new();
    let mut category_rows = Vec::new();
    for (root, children) in CATEGORIES {
        let root_id = Uuid::now_v7();
        category_rows.push(category::ActiveModel {
            id: Set(root_id),
            name: Set(root.to_string()),
            slug: Set(slugify(root)),
            parent_id: Set(None),
            created_at: Set(now),
        });
        for child in children.iter() {
            let id = Uuid::now_v7();
            category_ids.push(id);
            category_rows.push(category::ActiveModel {
                id: Set(id),
                name: Set(child.to_string()),
                slug: Set(slugify(child)),
                parent_id: Set(Some(root_id)),
                created_at: Set(now),
            });
        }
    }
    category::Entity::insert_many(category_rows).exec(db).await?;

    let skill_rows: Vec<_> = SKILLS
        .iter()
        .map(|(name, aliases)| skill::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name.to_string()),
            slug: Set(slugify(name)),
            aliases: Set(serde_json::json!(aliases)),
            created_at: Set(now),
        })
        .collect();
    let skill_ids: Vec<Uuid> = skill_rows.iter().map(|row| *row.id.as_ref()).collect();
    skill::Entity::insert_many(skill_rows).exec(db).await?;

    let sizes: Vec<CompanySize> = CompanySize::iter().collect();
    let mut company_rows = Vec::new();
    for n in 0..companies {
        let name = format!(
            "{} {}{}",
            COMPANY_WORDS[n % COMPANY_WORDS.len()],
            COMPANY_SUFFIXES[(n / COMPANY_WORDS.len() + n) % COMPANY_SUFFIXES.len()],
            if n >= COMPANY_WORDS.len() * 2 { format!(" {}", n) } else { String::new() }
        );
        let (city, country, _, _) = CITIES[rng.usize(..CITIES.len())];
        company_rows.push(company::ActiveModel {
            id: Set(Uuid::now_v7()),
            slug: Set(slugify(&name)),
            description: Set(Some(format!("{name} builds things people rely on."))),
            website: Set(Some(format!("https://{}.example", slugify(&name)))),
            logo_url: Set(None),
            industry: Set(Some(INDUSTRIES[rng.usize(..INDUSTRIES.len())].to_string())),
            size: Set(Some(sizes[rng.usize(..sizes.len())])),
            founded_year: Set(Some(rng.i32(1950..2025))),
            hq_city: Set(Some(city.to_string())),
            hq_region: Set(None),
            hq_country_code: Set(Some(country.to_string())),
            is_verified: Set(rng.u8(..10) < 6),
            is_suspended: Set(false),
            owner_id: Set(employers[n % employers.len()]),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            deleted_by: Set(None),
            name: Set(name),
        });
    }
    let companies_made: Vec<(Uuid, Uuid)> =
        company_rows.iter().map(|row| (*row.id.as_ref(), *row.owner_id.as_ref())).collect();
    company::Entity::insert_many(company_rows.clone()).exec(db).await?;
    for row in company_rows {
        let company = row.try_into_model()?;
        events::company_created(db, company.owner_id, &company).await?;
    }

    let employment: Vec<EmploymentType> = EmploymentType::iter().collect();
    let levels: Vec<ExperienceLevel> = ExperienceLevel::iter().collect();
    let policies: Vec<RemotePolicy> = RemotePolicy::iter().collect();
    let (mut job_rows, mut locations, mut job_skills, mut job_categories) = (vec![], vec![], vec![], vec![]);
    for n in 0..jobs {
        let (company_id, owner_id) = companies_made[rng.usize(..companies_made.len())];
        let id = Uuid::now_v7();
        let level = levels[rng.usize(..levels.len())];
        let role = ROLES[rng.usize(..ROLES.len())];
        let status = match rng.u8(..100) {
            0..=79 => JobStatus::Published,
            80..=86 => JobStatus::Draft,
            87..=91 => JobStatus::Paused,
            92..=95 => JobStatus::Closed,
            _ => JobStatus::Filled,
        };
        let published_at = (status != JobStatus::Draft).then(|| now - Duration::hours(rng.i64(1..24 * 60)));
        let period = if rng.u8(..10) == 0 { SalaryPeriod::Hour } else { SalaryPeriod::Year };
        let base = match period {
            SalaryPeriod::Hour => rng.i64(25..90),
            _ => rng.i64(35..180) * 1000,
        };
        let with_salary = rng.u8(..10) < 8;
        let policy = policies[rng.usize(..policies.len())];
        let featured = rng.u8(..20) == 0;
        job_rows.push(job::ActiveModel {
            id: Set(id),
            company_id: Set(company_id),
            posted_by_id: Set(owner_id),
            title: Set(format!("{} {role}", level_title(level))),
            description: Set(format!("## About the role\n\nJoin us as a {role}. Job #{n} of the demo data.")),
            requirements: Set(Some("Experience shipping and running production systems.".into())),
            responsibilities: Set(Some("Design, build and operate what our customers use every day.".into())),
            employment_type: Set(employment[rng.usize(..employment.len())]),
            experience_level: Set(level),
            remote_policy: Set(policy),
            salary_min: Set(with_salary.then_some(base)),
            salary_max: Set(with_salary.then_some(base + base / 4)),
            salary_currency: Set(with_salary.then(|| ["EUR", "USD", "GBP"][rng.usize(..3)].to_string())),
            salary_period: Set(with_salary.then_some(period)),
            salary_yearly_min: Set(with_salary.then_some(period.yearly(base))),
            salary_yearly_max: Set(with_salary.then_some(period.yearly(base + base / 4))),
            status: Set(status),
            published_at: Set(published_at),
            expires_at: Set(Some(now + Duration::days(rng.i64(7..90)))),
            application_deadline: Set(None),
            max_applications: Set((rng.u8(..5) == 0).then(|| rng.i32(20..500))),
            is_featured: Set(featured),
            version: Set(1),
            created_at: Set(published_at.unwrap_or(now)),
            updated_at: Set(now),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
        if policy != RemotePolicy::Remote || rng.bool() {
            for position in 0..rng.usize(1..3) {
                let (city, country, lat, lon) = CITIES[rng.usize(..CITIES.len())];
                locations.push(job_location::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    job_id: Set(id),
                    position: Set(position as i32),
                    city: Set(city.to_string()),
                    region: Set(None),
                    country_code: Set(country.to_string()),
                    lat: Set(Some(lat)),
                    lon: Set(Some(lon)),
                });
            }
        }
        let mut picked = Vec::new();
        for _ in 0..rng.usize(2..6) {
            let skill = skill_ids[rng.usize(..skill_ids.len())];
            if !picked.contains(&skill) {
                picked.push(skill);
                job_skills.push(job_skill::ActiveModel {
                    job_id: Set(id),
                    skill_id: Set(skill),
                    required: Set(rng.bool()),
                });
            }
        }
        job_categories.push(job_category::ActiveModel {
            job_id: Set(id),
            category_id: Set(category_ids[rng.usize(..category_ids.len())]),
        });
        progress();
    }
    for chunk in job_rows.chunks(200) {
        job::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    for chunk in locations.chunks(200) {
        job_location::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    for chunk in job_skills.chunks(200) {
        job_skill::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    for chunk in job_categories.chunks(200) {
        job_category::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    let jobs_made = job_rows.into_iter().map(|row| row.try_into_model()).collect::<Result<Vec<_>, _>>()?;
    events::jobs_created(db, &jobs_made).await?;
    txn.commit().await?;
    Ok(DemoCounts { companies: companies_made.len(), jobs })
}

fn level_title(level: ExperienceLevel) -> &'static str {
    match level {
        ExperienceLevel::Entry => "Graduate",
        ExperienceLevel::Junior => "Junior",
        ExperienceLevel::Mid => "Mid-level",
        ExperienceLevel::Senior => "Senior",
        ExperienceLevel::Lead => "Lead",
        ExperienceLevel::Executive => "Head of",
    }
}
