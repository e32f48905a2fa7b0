//! `jobgraph seed --demo`: a realistic data set across the services, with a
//! progress bar, and the demo accounts to sign in with.

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use jobgraph_shared::auth::Role;
use jobgraph_users::seed::{DEMO_PASSWORD, DemoUser};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

pub const DEMO_SEEKERS: usize = 150;
pub const DEMO_EMPLOYERS: usize = 49;
pub const DEMO_COMPANIES: usize = 50;
pub const DEMO_JOBS: usize = 1000;
/// Published demo jobs that get applications (4 each, at every stage).
pub const DEMO_JOBS_WITH_APPLICATIONS: usize = 60;
/// Days of analytics history for the published jobs of the demo employers printed first.
pub const DEMO_HISTORY_DAYS: i64 = 90;
const DEMO_JOBS_WITH_HISTORY: u64 = 30;

#[derive(clap::Args)]
pub struct SeedArgs {
    /// Load the demo data set: 200 users, 50 companies, 1,000 jobs, 240 applications.
    #[arg(long)]
    demo: bool,
    /// The users service's database.
    #[arg(long, env = "JOBGRAPH_USERS_DATABASE_URL")]
    users_database_url: String,
    /// The jobs service's database.
    #[arg(long, env = "JOBGRAPH_JOBS_DATABASE_URL")]
    jobs_database_url: String,
    /// The applications service's database.
    #[arg(long, env = "JOBGRAPH_APPLICATIONS_DATABASE_URL")]
    applications_database_url: String,
    /// The analytics service's database (90 days of history for the first demo employers' jobs).
    #[arg(long, env = "JOBGRAPH_ANALYTICS_DATABASE_URL")]
    analytics_database_url: Option<String>,
}

pub async fn run(args: SeedArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.demo, "say `--demo`: the demo data set is the only one there is");
    let users = jobgraph_shared::db::connect(&args.users_database_url, 2).await?;
    let jobs = jobgraph_shared::db::connect(&args.jobs_database_url, 2).await?;
    let applications = jobgraph_shared::db::connect(&args.applications_database_url, 2).await?;
    let analytics = match &args.analytics_database_url {
        Some(url) => Some(jobgraph_shared::db::connect(url, 2).await?),
        None => None,
    };
    anyhow::ensure!(is_empty(&users).await?, "the users database already has accounts; seed an empty platform");
    let accounts = seed_demo(&users, &jobs, &applications, analytics.as_ref()).await?;
    print_accounts(&accounts);
    Ok(())
}

/// True when no account exists yet.
pub async fn is_empty(users: &DatabaseConnection) -> anyhow::Result<bool> {
    Ok(jobgraph_users::entities::user::Entity::find().count(users).await? == 0)
}

/// Fills the databases; returns the accounts made.
pub async fn seed_demo(
    users: &DatabaseConnection,
    jobs: &DatabaseConnection,
    applications: &DatabaseConnection,
    analytics: Option<&DatabaseConnection>,
) -> anyhow::Result<Vec<DemoUser>> {
    let total = (DEMO_SEEKERS + DEMO_EMPLOYERS + 1 + DEMO_JOBS + DEMO_JOBS_WITH_APPLICATIONS) as u64;
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("accounts");
    let accounts = jobgraph_users::seed::seed_demo_users(users, DEMO_SEEKERS, DEMO_EMPLOYERS, || bar.inc(1))
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .context("seeding users")?;
    let employers: Vec<_> = accounts.iter().filter(|a| a.role == Role::Employer).map(|a| a.id).collect();
    bar.set_message("jobs");
    let made = jobgraph_jobs::seed::seed_demo(jobs, &employers, DEMO_COMPANIES, DEMO_JOBS, || bar.inc(1))
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .context("seeding jobs")?;
    bar.set_message("applications");
    let seekers: Vec<_> = accounts.iter().filter(|a| a.role == Role::JobSeeker).map(|a| a.id).collect();
    let published = published_jobs(jobs, DEMO_JOBS_WITH_APPLICATIONS).await?;
    let applied = jobgraph_applications::seed::seed_demo(applications, &published, &seekers, 4, || bar.inc(1))
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .context("seeding applications")?;
    let mut tracked = 0;
    if let Some(analytics) = analytics {
        bar.set_message("analytics");
        let first_employers: Vec<_> = employers.iter().take(3).copied().collect();
        let jobs = published_jobs_of(jobs, &first_employers, DEMO_JOBS_WITH_HISTORY).await?;
        let now = chrono::Utc::now();
        tracked = jobgraph_analytics::seed::seed_demo_history(analytics, &jobs, DEMO_HISTORY_DAYS, now)
            .await
            .context("seeding analytics")?;
    }
    bar.finish_with_message("done");
    println!(
        "seeded {} users, {} companies, {} jobs, {applied} applications, {tracked} tracked events over {DEMO_HISTORY_DAYS} days",
        accounts.len(),
        made.companies,
        made.jobs
    );
    Ok(accounts)
}

/// Snapshots of up to `count` published jobs, as job.created carries them.
async fn published_jobs(
    jobs: &DatabaseConnection,
    count: usize,
) -> anyhow::Result<Vec<jobgraph_shared::events::payloads::JobSnapshot>> {
    use jobgraph_jobs::entities::{enums::JobStatus, job};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let rows = job::Entity::find()
        .filter(job::Column::Status.eq(JobStatus::Published))
        .order_by_asc(job::Column::Id)
        .limit(count as u64)
        .all(jobs)
        .await?;
    Ok(jobgraph_jobs::domain::events::job_snapshots(jobs, &rows).await?)
}

/// The ids of up to `count` published jobs of `owners`.
async fn published_jobs_of(
    jobs: &DatabaseConnection,
    owners: &[uuid::Uuid],
    count: u64,
) -> anyhow::Result<Vec<uuid::Uuid>> {
    use jobgraph_jobs::entities::{company, enums::JobStatus, job};
    use sea_orm::{ColumnTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait};
    let rows = job::Entity::find()
        .join(JoinType::InnerJoin, job::Relation::Company.def())
        .filter(company::Column::OwnerId.is_in(owners.iter().copied()))
        .filter(job::Column::Status.eq(JobStatus::Published))
        .order_by_asc(job::Column::Id)
        .limit(count)
        .all(jobs)
        .await?;
    Ok(rows.into_iter().map(|job| job.id).collect())
}

pub fn print_accounts(accounts: &[DemoUser]) {
    println!("demo accounts (password: {DEMO_PASSWORD}):");
    for role in [Role::Admin, Role::Employer, Role::JobSeeker] {
        for account in accounts.iter().filter(|a| a.role == role).take(3) {
            println!("  {:<11} {:<34} {}", role.as_str(), account.email, account.name);
        }
    }
}
