//! Reading the rollups: a checked range (in a timezone), the days grouped
//! into periods, and the counts of jobs, a company's jobs, or the platform;
//! and a company's time to first application and time to hire.
//!
//! In UTC the daily rollups answer; in another timezone the hourly ones,
//! each hour counted on the local day it starts in (so zones with a
//! half-hour offset are exact to the hour). Unique viewers and active users
//! are counted once per UTC day (a visitor's id changes with the daily salt).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::{Alias, Condition, Expr, Func, JoinType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, EntityName, IdenStatic};
use uuid::Uuid;

use crate::entities::{
    application_hire, application_submission, job, job_daily, job_hourly, platform_daily, platform_hourly,
};
use crate::rollups::hour;

/// The longest range a query may ask for.
pub const MAX_DAYS: i64 = 731;
/// Daily points for at most this many days.
pub const MAX_DAILY_DAYS: i64 = 366;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    /// The first day of the period `day` falls in (weeks start on Monday).
    pub fn period_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - Duration::days(day.weekday().num_days_from_monday().into()),
            Granularity::Month => day.with_day(1).expect("every month has a first day"),
        }
    }
}

/// An IANA timezone name (`Europe/Paris`), checked.
pub fn timezone(name: &str) -> Result<Tz> {
    name.parse::<Tz>().map_err(|_| Error::bad_input("timezone", format!("{name:?} is not an IANA timezone")))
}

/// A checked range of days in a timezone, both ends included.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub timezone: Tz,
}

impl Range {
    pub fn new(from: NaiveDate, to: NaiveDate, granularity: Granularity, timezone: Tz) -> Result<Range> {
        if to < from {
            return Err(Error::bad_input("to", "must not be before from"));
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_DAYS {
            return Err(Error::bad_input("from", format!("the range may span at most {MAX_DAYS} days (two years)")));
        }
        if granularity == Granularity::Day && days > MAX_DAILY_DAYS {
            return Err(Error::bad_input(
                "granularity",
                format!("DAY fits ranges of at most {MAX_DAILY_DAYS} days: ask for WEEK or MONTH"),
            ));
        }
        Ok(Range { from, to, granularity, timezone })
    }

    /// Every period's first day, in order (the first may be before `from`).
    pub fn periods(&self) -> Vec<NaiveDate> {
        let mut periods = Vec::new();
        let mut day = self.from;
        while day <= self.to {
            let period = self.granularity.period_of(day);
            if periods.last() != Some(&period) {
                periods.push(period);
            }
            day += Duration::days(1);
        }
        periods
    }

    fn hourly(&self) -> bool {
        self.timezone != Tz::UTC
    }

    /// The first and last keys of the rollup rows to read: UTC days, or in
    /// another timezone UTC hours (every offset is within 14 hours of UTC;
    /// [`Range::local_day`] drops the hours outside).
    fn keys(&self) -> (String, String) {
        if !self.hourly() {
            return (self.from.to_string(), self.to.to_string());
        }
        let margin = Duration::hours(14);
        let start = self.from.and_time(chrono::NaiveTime::MIN).and_utc() - margin;
        let end = (self.to + Duration::days(1)).and_time(chrono::NaiveTime::MIN).and_utc() + margin;
        (hour(start), hour(end))
    }

    /// The local day a rollup row's key (a UTC day or a UTC hour) falls on, if in the range.
    fn local_day(&self, key: &str) -> Option<NaiveDate> {
        let day = if key.len() == 10 {
            key.parse().ok()?
        } else {
            let start = NaiveDateTime::parse_from_str(&format!("{key}:00"), "%Y-%m-%dT%H:%M").ok()?.and_utc();
            start.with_timezone(&self.timezone).date_naive()
        };
        (self.from..=self.to).contains(&day).then_some(day)
    }

    /// The range's first and last instants: local midnight of `from` up to
    /// (not including) local midnight after `to`.
    pub fn instants(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.midnight(self.from), self.midnight(self.to + Duration::days(1)))
    }

    fn midnight(&self, day: NaiveDate) -> DateTime<Utc> {
        // Where a clock change skips midnight, the day starts an hour later.
        [0, 1]
            .into_iter()
            .find_map(|hour| self.timezone.from_local_datetime(&day.and_hms_opt(hour, 0, 0)?).earliest())
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The table of job counts this range reads, and its period column.
    fn job_counts(&self) -> (Alias, Alias) {
        if self.hourly() {
            (Alias::new(job_hourly::Entity.table_name()), Alias::new(job_hourly::Column::Hour.as_str()))
        } else {
            (Alias::new(job_daily::Entity.table_name()), Alias::new(job_daily::Column::Day.as_str()))
        }
    }

    /// The table of platform counts this range reads, and its period column.
    fn platform_counts(&self) -> (Alias, Alias) {
        if self.hourly() {
            (Alias::new(platform_hourly::Entity.table_name()), Alias::new(platform_hourly::Column::Hour.as_str()))
        } else {
            (Alias::new(platform_daily::Entity.table_name()), Alias::new(platform_daily::Column::Day.as_str()))
        }
    }
}

/// Counts by metric name.
pub type Counts = HashMap<String, i64>;

/// Counts per period, every period of the range present (zeros included).
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub periods: BTreeMap<NaiveDate, Counts>,
}

impl Series {
    fn empty(range: &Range) -> Series {
        Series { periods: range.periods().into_iter().map(|period| (period, Counts::new())).collect() }
    }

    /// Adds a rollup row (keyed by a UTC day or hour) to its period.
    fn add(&mut self, range: &Range, key: &str, metric: String, value: i64) {
        let Some(day) = range.local_day(key) else { return };
        let period = self.periods.entry(range.granularity.period_of(day)).or_default();
        *period.entry(metric).or_default() += value;
    }

    /// Every period summed.
    pub fn totals(&self) -> Counts {
        let mut totals = Counts::new();
        for counts in self.periods.values() {
            for (metric, value) in counts {
                *totals.entry(metric.clone()).or_default() += value;
            }
        }
        totals
    }
}

/// Each of `jobs` that analytics has heard of (its company and owner) with
/// its series over `range`, read in one statement whatever their number:
/// the jobs joined to their rows of the range.
pub async fn jobs_with_series(
    db: &impl ConnectionTrait,
    jobs: &[Uuid],
    range: &Range,
) -> Result<HashMap<Uuid, (job::Model, Series)>> {
    let (table, period) = range.job_counts();
    let (first, last) = range.keys();
    let in_range = Condition::all()
        .add(Expr::col((table.clone(), job_daily::Column::JobId)).equals((job::Entity, job::Column::JobId)))
        .add(Expr::col((table.clone(), period.clone())).between(first, last));
    let select = Query::select()
        .columns([
            (job::Entity, job::Column::JobId),
            (job::Entity, job::Column::CompanyId),
            (job::Entity, job::Column::OwnerId),
            (job::Entity, job::Column::PublishedAt),
        ])
        .expr_as(Expr::col((table.clone(), period)), Alias::new("period"))
        .columns([(table.clone(), job_daily::Column::Metric), (table.clone(), job_daily::Column::Value)])
        .from(job::Entity)
        .join(JoinType::LeftJoin, table, in_range)
        .and_where(Expr::col((job::Entity, job::Column::JobId)).is_in(jobs.iter().copied()))
        .to_owned();
    let mut found: HashMap<Uuid, (job::Model, Series)> = HashMap::new();
    for row in db.query_all(db.get_database_backend().build(&select)).await? {
        let job_id: Uuid = row.try_get("", "job_id")?;
        let (_, series) = match found.entry(job_id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let job = job::Model {
                    job_id,
                    company_id: row.try_get("", "company_id")?,
                    owner_id: row.try_get("", "owner_id")?,
                    published_at: row.try_get("", "published_at")?,
                };
                entry.insert((job, Series::empty(range)))
            }
        };
        let period: Option<String> = row.try_get("", "period")?;
        if let Some(period) = period {
            series.add(range, &period, row.try_get("", "metric")?, row.try_get("", "value")?);
        }
    }
    Ok(found)
}

/// The rows of `table` (a rollup) in `range`, as a series: `select` with
/// the period, metric and value columns and the range's condition added.
async fn series_of(
    db: &impl ConnectionTrait,
    range: &Range,
    (table, period): (Alias, Alias),
    mut select: SelectStatement,
) -> Result<Series> {
    let (first, last) = range.keys();
    select
        .expr_as(Expr::col((table.clone(), period.clone())), Alias::new("period"))
        .columns([(table.clone(), job_daily::Column::Metric), (table.clone(), job_daily::Column::Value)])
        .from(table.clone())
        .and_where(Expr::col((table, period)).between(first, last));
    let mut series = Series::empty(range);
    for row in db.query_all(db.get_database_backend().build(&select)).await? {
        let period: String = row.try_get("", "period")?;
        series.add(range, &period, row.try_get("", "metric")?, row.try_get("", "value")?);
    }
    Ok(series)
}

/// The series of every job of `company`, summed, in one statement.
pub async fn company_series(db: &impl ConnectionTrait, company: Uuid, range: &Range) -> Result<Series> {
    let table = range.job_counts();
    let jobs_of_company = Query::select()
        .column(job::Column::JobId)
        .from(job::Entity)
        .and_where(Expr::col(job::Column::CompanyId).eq(company))
        .to_owned();
    let mut select = Query::select();
    select.and_where(Expr::col((table.0.clone(), job_daily::Column::JobId)).in_subquery(jobs_of_company));
    series_of(db, range, table, select).await
}

/// The platform's series over `range`.
pub async fn platform_series(db: &impl ConnectionTrait, range: &Range) -> Result<Series> {
    series_of(db, range, range.platform_counts(), Query::select()).await
}

/// How long something took, over a set of cases: how many, the median and
/// the 90th percentile (nearest rank), in hours.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Durations {
    pub count: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

impl Durations {
    pub fn of(mut hours: Vec<f64>) -> Durations {
        hours.sort_by(f64::total_cmp);
        let rank = |percent: usize| {
            let index = (hours.len() * percent).div_ceil(100).max(1) - 1;
            hours.get(index).copied()
        };
        Durations { count: hours.len(), median_hours: rank(50), p90_hours: rank(90) }
    }
}

fn hours_between(start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    (end - start).num_seconds().max(0) as f64 / 3600.0
}

/// A company's time to first application (each job's publication to its
/// first application, for first applications in the range) and time to
/// hire (submission to HIRED, for hires in the range).
pub async fn company_timings(
    db: &impl ConnectionTrait,
    company: Uuid,
    range: &Range,
) -> Result<(Durations, Durations)> {
    use application_hire::Column as Hire;
    use application_submission::Column as Submission;
    let (start, end) = range.instants();
    let first = Alias::new("first_application_at");
    let firsts = Query::select()
        .column((job::Entity, job::Column::PublishedAt))
        .expr_as(Func::min(Expr::col((application_submission::Entity, Submission::SubmittedAt))), first.clone())
        .from(job::Entity)
        .inner_join(
            application_submission::Entity,
            Expr::col((application_submission::Entity, Submission::JobId)).equals((job::Entity, job::Column::JobId)),
        )
        .and_where(Expr::col((job::Entity, job::Column::CompanyId)).eq(company))
        .and_where(Expr::col((job::Entity, job::Column::PublishedAt)).is_not_null())
        .group_by_columns([(job::Entity, job::Column::JobId), (job::Entity, job::Column::PublishedAt)])
        .to_owned();
    let mut to_first = Vec::new();
    for row in db.query_all(db.get_database_backend().build(&firsts)).await? {
        let published: DateTime<Utc> = row.try_get("", "published_at")?;
        let first: DateTime<Utc> = row.try_get("", "first_application_at")?;
        if (start..end).contains(&first) {
            to_first.push(hours_between(published, first));
        }
    }
    let hires = Query::select()
        .column((application_submission::Entity, Submission::SubmittedAt))
        .column((application_hire::Entity, Hire::HiredAt))
        .from(application_hire::Entity)
        .inner_join(
            application_submission::Entity,
            Expr::col((application_submission::Entity, Submission::ApplicationId))
                .equals((application_hire::Entity, Hire::ApplicationId)),
        )
        .and_where(Expr::col((application_submission::Entity, Submission::CompanyId)).eq(company))
        .and_where(Expr::col((application_hire::Entity, Hire::HiredAt)).gte(start))
        .and_where(Expr::col((application_hire::Entity, Hire::HiredAt)).lt(end))
        .to_owned();
    let mut to_hire = Vec::new();
    for row in db.query_all(db.get_database_backend().build(&hires)).await? {
        to_hire.push(hours_between(row.try_get("", "submitted_at")?, row.try_get("", "hired_at")?));
    }
    Ok((Durations::of(to_first), Durations::of(to_hire)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_are_checked() {
        assert!(Range::new(day("2026-01-02"), day("2026-01-01"), Granularity::Day, Tz::UTC).is_err());
        assert!(Range::new(day("2016-01-01"), day("2026-01-01"), Granularity::Month, Tz::UTC).is_err());
        assert!(Range::new(day("2025-01-01"), day("2026-06-01"), Granularity::Day, Tz::UTC).is_err());
        assert!(Range::new(day("2025-01-01"), day("2026-06-01"), Granularity::Week, Tz::UTC).is_ok());
        assert!(Range::new(day("2026-01-01"), day("2026-01-01"), Granularity::Day, Tz::UTC).is_ok());
    }

    #[test]
    fn hours_fall_on_the_local_day_they_start_in() {
        let paris = timezone("Europe/Paris").unwrap();
        let range = Range::new(day("2026-12-02"), day("2026-12-02"), Granularity::Day, paris).unwrap();
        assert_eq!(range.local_day("2026-12-01T23"), Some(day("2026-12-02")), "00:00 in Paris");
        assert_eq!(range.local_day("2026-12-01T22"), None, "23:00 the day before");
        assert_eq!(range.local_day("2026-12-02T22"), Some(day("2026-12-02")), "23:00 in Paris");
        assert_eq!(range.local_day("2026-12-02T23"), None, "23:00 UTC is the next day in Paris");
        let (first, last) = range.keys();
        assert!(first.as_str() <= "2026-12-01T23" && last.as_str() >= "2026-12-02T22", "{first} {last}");
        assert_eq!(range.instants().0.to_rfc3339(), "2026-12-01T23:00:00+00:00");
        assert!(timezone("Mars/Olympus").is_err());
    }

    #[test]
    fn durations_take_the_nearest_rank() {
        let durations = Durations::of((1..=10).rev().map(f64::from).collect());
        assert_eq!(durations, Durations { count: 10, median_hours: Some(5.0), p90_hours: Some(9.0) });
        assert_eq!(Durations::of(Vec::new()), Durations::default());
    }

    #[test]
    fn periods_start_on_mondays_and_first_days() {
        let range = Range::new(day("2026-12-02"), day("2026-12-15"), Granularity::Week, Tz::UTC).unwrap();
        assert_eq!(range.periods(), vec![day("2026-11-30"), day("2026-12-07"), day("2026-12-14")]);
        let range = Range::new(day("2026-11-20"), day("2027-01-03"), Granularity::Month, Tz::UTC).unwrap();
        assert_eq!(range.periods(), vec![day("2026-11-01"), day("2026-12-01"), day("2027-01-01")]);
    }
}
