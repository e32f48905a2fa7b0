//! The analytics subgraph's GraphQL schema: thin resolvers over
//! [`crate::track`] and [`crate::stats`].

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use jobgraph_shared::auth::Caller;
use jobgraph_shared::loader::{RequestScope, entity_ids};
use jobgraph_shared::scalars::Date;
use jobgraph_shared::server::Client;
use jobgraph_shared::text;
use uuid::Uuid;

use crate::AnalyticsService;
use crate::rollups::{APPLICATIONS_FROM, APPLY_STARTS_FROM, Metric, VIEWS_FROM, platform};
use crate::stats::{self, Counts, Durations, Range, Series};
use crate::track::{self, Kind, Tracked};

fn service<'a>(ctx: &Context<'a>) -> Result<&'a AnalyticsService> {
    ctx.data::<AnalyticsService>()
}

/// What a client saw or did.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TrackedEventType {
    JobViewed,
    JobListViewed,
    ApplyStarted,
    SearchPerformed,
    CompanyViewed,
}

impl From<TrackedEventType> for Kind {
    fn from(kind: TrackedEventType) -> Kind {
        match kind {
            TrackedEventType::JobViewed => Kind::JobViewed,
            TrackedEventType::JobListViewed => Kind::JobListViewed,
            TrackedEventType::ApplyStarted => Kind::ApplyStarted,
            TrackedEventType::SearchPerformed => Kind::SearchPerformed,
            TrackedEventType::CompanyViewed => Kind::CompanyViewed,
        }
    }
}

/// One tracked event. The user is the token's, never the input's.
#[derive(InputObject)]
#[graphql(name = "TrackEventInput")]
pub struct TrackEventInput {
    #[graphql(name = "type")]
    pub kind: TrackedEventType,
    /// The client's session (1 to 100 characters).
    pub session_id: String,
    /// The job viewed or applied to (required for JOB_VIEWED and APPLY_STARTED).
    pub job_id: Option<ID>,
    /// The company viewed (required for COMPANY_VIEWED).
    pub company_id: Option<ID>,
    /// A JSON object of at most 4 KiB about what was on screen (say
    /// `{"resultCount": 0}` for a search). Never personal data.
    pub properties: Option<Json<serde_json::Value>>,
    /// When it happened; counted within the last 24 hours, never in the future. Now, unless told.
    pub occurred_at: Option<DateTime<Utc>>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub referrer: Option<String>,
}

impl From<TrackEventInput> for Tracked {
    fn from(input: TrackEventInput) -> Tracked {
        Tracked {
            kind: input.kind.into(),
            session_id: input.session_id,
            job_id: input.job_id.map(|id| id.0),
            company_id: input.company_id.map(|id| id.0),
            properties: input.properties.map(|json| json.0),
            occurred_at: input.occurred_at,
            utm_source: input.utm_source,
            utm_medium: input.utm_medium,
            utm_campaign: input.utm_campaign,
            referrer: input.referrer,
        }
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum StatsGranularity {
    Day,
    Week,
    Month,
}

impl From<StatsGranularity> for stats::Granularity {
    fn from(granularity: StatsGranularity) -> stats::Granularity {
        match granularity {
            StatsGranularity::Day => stats::Granularity::Day,
            StatsGranularity::Week => stats::Granularity::Week,
            StatsGranularity::Month => stats::Granularity::Month,
        }
    }
}

/// The owner (as analytics knows it) or an admin; nobody but admins while
/// analytics has not heard of the owner.
fn require_owner(ctx: &Context<'_>, owner: Option<Uuid>, what: &str) -> Result<()> {
    Caller::of(ctx).require_owner(owner.unwrap_or(Uuid::nil()), what)?;
    Ok(())
}

fn range(from: Date, to: Date, granularity: Option<StatsGranularity>, timezone: Option<String>) -> Result<Range> {
    let timezone = stats::timezone(timezone.as_deref().unwrap_or("UTC"))?;
    Ok(Range::new(from.0, to.0, granularity.unwrap_or(StatsGranularity::Day).into(), timezone)?)
}

/// A job's or a company's counts over one period (or the whole range).
#[derive(SimpleObject)]
pub struct EngagementCounts {
    /// The period's first day (the range's `from` for totals).
    pub start: Date,
    pub views: i64,
    /// Distinct visitors per day, summed over the period's days.
    pub unique_viewers: i64,
    pub apply_starts: i64,
    pub applications: i64,
    pub interviews: i64,
    pub offers: i64,
    pub hires: i64,
    pub rejections: i64,
    pub withdrawals: i64,
    /// applications / unique viewers; none without viewers.
    pub conversion_rate: Option<f64>,
}

impl EngagementCounts {
    fn of(start: NaiveDate, counts: &Counts) -> Self {
        let count = |metric: Metric| counts.get(&metric.name()).copied().unwrap_or(0);
        let unique_viewers = count(Metric::UniqueViewers);
        let applications = count(Metric::Applications);
        EngagementCounts {
            start: start.into(),
            views: count(Metric::Views),
            unique_viewers,
            apply_starts: count(Metric::ApplyStarts),
            applications,
            interviews: count(Metric::Stage("INTERVIEW")),
            offers: count(Metric::Stage("OFFER")),
            hires: count(Metric::Stage("HIRED")),
            rejections: count(Metric::Stage("REJECTED")),
            withdrawals: count(Metric::Withdrawals),
            conversion_rate: (unique_viewers > 0).then(|| applications as f64 / unique_viewers as f64),
        }
    }
}

/// One step of the hiring funnel.
#[derive(SimpleObject)]
pub struct FunnelStep {
    /// VIEWS, APPLY_STARTS, APPLICATIONS, INTERVIEWS, OFFERS or HIRES
    pub step: String,
    pub count: i64,
}

/// Views, apply starts and applications by where visitors came from.
#[derive(SimpleObject)]
pub struct SourceCount {
    /// The `utmSource` sent with the view or apply start (the application's
    /// `source`), or `direct`.
    pub source: String,
    pub views: i64,
    pub apply_starts: i64,
    pub applications: i64,
}

/// A job's (or a company's jobs') performance over a range of days.
#[derive(SimpleObject)]
pub struct EngagementStats {
    pub from: Date,
    pub to: Date,
    /// The IANA timezone the days are in.
    pub timezone: String,
    pub series: Vec<EngagementCounts>,
    pub totals: EngagementCounts,
    /// views → apply starts → applications → interviews → offers → hires
    pub funnel: Vec<FunnelStep>,
    /// By `utmSource`, the most views first.
    pub by_source: Vec<SourceCount>,
}

impl EngagementStats {
    fn of(range: &Range, series: &Series) -> Self {
        let totals = series.totals();
        let total = EngagementCounts::of(range.from, &totals);
        let funnel = [
            ("VIEWS", total.views),
            ("APPLY_STARTS", total.apply_starts),
            ("APPLICATIONS", total.applications),
            ("INTERVIEWS", total.interviews),
            ("OFFERS", total.offers),
            ("HIRES", total.hires),
        ]
        .into_iter()
        .map(|(step, count)| FunnelStep { step: step.into(), count })
        .collect();
        let mut sources: std::collections::BTreeMap<&str, SourceCount> = Default::default();
        for (metric, count) in &totals {
            let [views, apply_starts, applications] =
                [VIEWS_FROM, APPLY_STARTS_FROM, APPLICATIONS_FROM].map(|prefix| metric.strip_prefix(prefix));
            let Some(source) = views.or(apply_starts).or(applications) else { continue };
            let entry = sources.entry(source).or_insert_with(|| SourceCount {
                source: source.into(),
                views: 0,
                apply_starts: 0,
                applications: 0,
            });
            if views.is_some() {
                entry.views += count;
            } else if apply_starts.is_some() {
                entry.apply_starts += count;
            } else {
                entry.applications += count;
            }
        }
        let mut by_source: Vec<SourceCount> = sources.into_values().collect();
        by_source.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.source.cmp(&b.source)));
        EngagementStats {
            from: range.from.into(),
            to: range.to.into(),
            timezone: range.timezone.name().into(),
            series: series.periods.iter().map(|(start, counts)| EngagementCounts::of(*start, counts)).collect(),
            totals: total,
            funnel,
            by_source,
        }
    }
}

/// How long something took over a set of cases, in hours.
#[derive(SimpleObject)]
pub struct DurationStats {
    /// How many cases.
    pub count: i32,
    /// None without cases.
    pub median_hours: Option<f64>,
    /// The 90th percentile (nearest rank); None without cases.
    pub p90_hours: Option<f64>,
}

impl From<Durations> for DurationStats {
    fn from(durations: Durations) -> Self {
        DurationStats {
            count: i32::try_from(durations.count).unwrap_or(i32::MAX),
            median_hours: durations.median_hours,
            p90_hours: durations.p90_hours,
        }
    }
}

/// A company's jobs summed, and how fast it hires.
#[derive(SimpleObject)]
pub struct CompanyStats {
    #[graphql(flatten)]
    pub engagement: EngagementStats,
    /// From each job's publication to its first application, for the jobs
    /// whose first application came in the range.
    pub time_to_first_application: DurationStats,
    /// From an application's submission to its move to HIRED, for the hires in the range.
    pub time_to_hire: DurationStats,
}

/// The platform's counts over one period (or the whole range).
#[derive(SimpleObject)]
pub struct PlatformCounts {
    pub start: Date,
    /// Users who did something: a tracked event signed in, or anything
    /// that raised an event (distinct per UTC day, summed over the period's days).
    pub active_users: i64,
    pub job_seeker_signups: i64,
    pub employer_signups: i64,
    pub jobs_posted: i64,
    pub jobs_published: i64,
    pub applications: i64,
    pub hires: i64,
    pub withdrawals: i64,
    pub searches: i64,
    pub zero_result_searches: i64,
    pub notifications_sent: i64,
    pub notifications_read: i64,
}

impl PlatformCounts {
    fn of(start: NaiveDate, counts: &Counts) -> Self {
        let count = |metric: &str| counts.get(metric).copied().unwrap_or(0);
        let signups = |role: &str| count(&format!("{}{role}", platform::SIGNUPS_PREFIX));
        PlatformCounts {
            start: start.into(),
            active_users: count(platform::ACTIVE_USERS),
            job_seeker_signups: signups("JOB_SEEKER"),
            employer_signups: signups("EMPLOYER"),
            jobs_posted: count(platform::JOBS_POSTED),
            jobs_published: count(platform::JOBS_PUBLISHED),
            applications: count(platform::APPLICATIONS),
            hires: count(platform::HIRES),
            withdrawals: count(platform::WITHDRAWALS),
            searches: count(platform::SEARCHES),
            zero_result_searches: count(platform::ZERO_RESULT_SEARCHES),
            notifications_sent: count(platform::NOTIFICATIONS_SENT),
            notifications_read: count(platform::NOTIFICATIONS_READ),
        }
    }
}

/// The platform's pulse over a range of days (admins).
#[derive(SimpleObject)]
pub struct PlatformStats {
    pub from: Date,
    pub to: Date,
    pub timezone: String,
    pub series: Vec<PlatformCounts>,
    pub totals: PlatformCounts,
}

/// A job, owned by the jobs subgraph; analytics adds its stats.
pub struct Job {
    id: Uuid,
    /// Every job of the `_entities` call this one came in, read together.
    siblings: Arc<Vec<Uuid>>,
}

#[Object]
impl Job {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// Views, unique viewers, apply starts, applications and stages by
    /// day, week or month (DAY unless told) from `from` to `to` (both
    /// included, at most two years) in `timezone` (an IANA name, UTC unless
    /// told): the job's company owner and admins.
    async fn stats(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        granularity: Option<StatsGranularity>,
        timezone: Option<String>,
    ) -> Result<Option<EngagementStats>> {
        let range = range(from, to, granularity, timezone)?;
        let db = &service(ctx)?.db;
        let load = || stats::jobs_with_series(db, &self.siblings, &range);
        let found = match ctx.data_opt::<RequestScope>() {
            Some(scope) => scope.per_parent("Job.stats", range, self.id, load).await?,
            None => load().await?.remove(&self.id),
        };
        require_owner(ctx, found.as_ref().map(|(job, _)| job.owner_id), "job")?;
        Ok(found.map(|(_, series)| EngagementStats::of(&range, &series)))
    }
}

/// A company, owned by the jobs subgraph; analytics adds its stats.
pub struct Company {
    id: Uuid,
}

#[Object]
impl Company {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// Every job of the company summed, as `Job.stats`, with its time to
    /// first application and time to hire: its owner and admins.
    async fn stats(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        granularity: Option<StatsGranularity>,
        timezone: Option<String>,
    ) -> Result<Option<CompanyStats>> {
        use sea_orm::EntityTrait;
        let range = range(from, to, granularity, timezone)?;
        let db = &service(ctx)?.db;
        let owner =
            crate::entities::company::Entity::find_by_id(self.id).one(db).await?.map(|company| company.owner_id);
        require_owner(ctx, owner, "company")?;
        let series = stats::company_series(db, self.id, &range).await?;
        let (to_first_application, to_hire) = stats::company_timings(db, self.id, &range).await?;
        Ok(Some(CompanyStats {
            engagement: EngagementStats::of(&range, &series),
            time_to_first_application: to_first_application.into(),
            time_to_hire: to_hire.into(),
        }))
    }
}

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// Sign-ups, active users, jobs, applications, hires, searches and
    /// notifications by day, week or month in `timezone` (UTC unless told): admins.
    async fn platform_stats(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        granularity: Option<StatsGranularity>,
        timezone: Option<String>,
    ) -> Result<PlatformStats> {
        let range = range(from, to, granularity, timezone)?;
        Caller::of(ctx).require_admin()?;
        let series = stats::platform_series(&service(ctx)?.db, &range).await?;
        let totals = series.totals();
        Ok(PlatformStats {
            from: range.from.into(),
            to: range.to.into(),
            timezone: range.timezone.name().into(),
            series: series.periods.iter().map(|(start, counts)| PlatformCounts::of(*start, counts)).collect(),
            totals: PlatformCounts::of(range.from, &totals),
        })
    }

    #[graphql(entity)]
    async fn find_job_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Job> {
        let id = text::id("id", &id)?;
        let siblings = match ctx.data_opt::<RequestScope>() {
            Some(scope) => scope.get_or_init("Job", || entity_ids(ctx, "Job")),
            None => Arc::new(vec![id]),
        };
        Ok(Job { id, siblings })
    }

    #[graphql(entity)]
    async fn find_company_by_id(&self, id: ID) -> Result<Company> {
        Ok(Company { id: text::id("id", &id)? })
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Records what the client saw or did; anyone may, signed in or not.
    async fn track_event(&self, ctx: &Context<'_>, input: TrackEventInput) -> Result<bool> {
        record(ctx, vec![input.into()], "input").await?;
        Ok(true)
    }

    /// Records up to 100 events at once (all or none); answers how many.
    async fn track_events(&self, ctx: &Context<'_>, inputs: Vec<TrackEventInput>) -> Result<i32> {
        let count = record(ctx, inputs.into_iter().map(Into::into).collect(), "inputs").await?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }
}

async fn record(ctx: &Context<'_>, events: Vec<Tracked>, field: &str) -> Result<usize> {
    let user = Caller::of(ctx).user_id();
    let client = ctx.data_opt::<Client>().cloned().unwrap_or_default();
    Ok(track::track(&service(ctx)?.db, user, &client, events, field, Utc::now()).await?)
}
