//! Reading the rollups: a checked range (in a timezone), the days grouped
//! into periods, and the counts of jobs, a company's jobs, or the platform;
//! and a company's time to first application and time to hire.
//!
//! A UTC day's daily rows count on the local day its noon falls on; in
//! another timezone the hours that fall on another local day than the rest
//! of their UTC day (an hour or two a day) move their hourly counts there.
//! So a query reads about as many rows in any timezone as in UTC, and each
//! hour counts on the local day it starts in (zones with a half-hour offset
//! are exact to the hour). Unique viewers and active users
//! are counted once per UTC day (a visitor's id changes with the daily salt).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use jobgraph_shared::{Error, Result};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, Func, JoinType, Query, SelectStatement, SimpleExpr, UnionType};
use uuid::Uuid;

use crate::entities::{application_hire, application_submission, job};
use crate::rollups::{JOB_DAILY, JOB_HOURLY, PLATFORM_DAILY, PLATFORM_HOURLY, Table, hour};

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

    /// The UTC days whose daily rows make the range: the range itself in
    /// UTC, a day more on each side elsewhere (offsets are within 14 hours).
    fn utc_days(&self) -> (NaiveDate, NaiveDate) {
        if self.timezone == Tz::UTC {
            (self.from, self.to)
        } else {
            (self.from - Duration::days(1), self.to + Duration::days(1))
        }
    }

    /// The local day UTC day `day` is counted on: where its noon falls.
    fn local_day_of(&self, day: NaiveDate) -> NaiveDate {
        self.local_day_at(day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc())
    }

    fn local_day_at(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.timezone).date_naive()
    }

    /// The UTC hours that fall on another local day than the rest of their
    /// UTC day (an hour or two a day in most zones, none in UTC): their
    /// hourly rows move counts from the day their UTC day is counted on to
    /// their own.
    fn crossing_hours(&self) -> Vec<String> {
        let (first, last) = self.utc_days();
        let mut hours = Vec::new();
        if self.timezone == Tz::UTC {
            return hours;
        }
        for day in first.iter_days().take_while(|day| *day <= last) {
            let counted_on = self.local_day_of(day);
            for hour_of_day in 0..24 {
                let at = day.and_hms_opt(hour_of_day, 0, 0).expect("a whole hour").and_utc();
                if self.local_day_at(at) != counted_on {
                    hours.push(hour(at));
                }
            }
        }
        hours
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

    /// Adds a rollup row to its period: a daily row (a UTC day) to the
    /// local day it is counted on; an hourly row (a crossing hour) is moved
    /// from that day to its own.
    fn add(&mut self, range: &Range, key: &str, metric: String, value: i64) {
        if key.len() == 10 {
            let Ok(day) = key.parse::<NaiveDate>() else { return };
            self.count(range, range.local_day_of(day), metric, value);
        } else {
            let Ok(at) = NaiveDateTime::parse_from_str(&format!("{key}:00"), "%Y-%m-%dT%H:%M") else { return };
            let at = at.and_utc();
            self.count(range, range.local_day_of(at.date_naive()), metric.clone(), -value);
            self.count(range, range.local_day_at(at), metric, value);
        }
    }

    fn count(&mut self, range: &Range, day: NaiveDate, metric: String, value: i64) {
        if (range.from..=range.to).contains(&day) {
            let period = self.periods.entry(range.granularity.period_of(day)).or_default();
            *period.entry(metric).or_default() += value;
        }
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

/// The rows of a rollup that make `range`, as (`keep`..., period, metric,
/// value) where `filter` holds: the daily rows of its UTC days and, in
/// another timezone, the hourly rows of its crossing hours.
fn rollup_rows(
    range: &Range,
    daily: Table,
    hourly: Table,
    keep: &[&str],
    filter: Option<SimpleExpr>,
) -> SelectStatement {
    let select = |(table, period): (&str, &str)| {
        let mut select = Query::select();
        select
            .columns(keep.iter().map(|column| Alias::new(*column)))
            .expr_as(Expr::col(Alias::new(period)), Alias::new("period"))
            .columns([Alias::new("metric"), Alias::new("value")])
            .from(Alias::new(table));
        if let Some(filter) = &filter {
            select.and_where(filter.clone());
        }
        select
    };
    let (first, last) = range.utc_days();
    let mut rows = select(daily);
    rows.and_where(Expr::col(Alias::new(daily.1)).between(first.to_string(), last.to_string()));
    let crossing = range.crossing_hours();
    if !crossing.is_empty() {
        let mut hours = select(hourly);
        hours.and_where(Expr::col(Alias::new(hourly.1)).is_in(crossing));
        rows.union(UnionType::All, hours);
    }
    rows
}

/// Each of `jobs` that analytics has heard of (its company and owner) with
/// its series over `range`, read in one statement whatever their number:
/// the jobs joined to their rows of the range.
pub async fn jobs_with_series(
    db: &impl ConnectionTrait,
    jobs: &[Uuid],
    range: &Range,
) -> Result<HashMap<Uuid, (job::Model, Series)>> {
    let of_jobs = Expr::col(Alias::new("job_id")).is_in(jobs.iter().copied());
    let counts = rollup_rows(range, JOB_DAILY, JOB_HOURLY, &["job_id"], Some(of_jobs));
    let alias = Alias::new("counts");
    let select = Query::select()
        .columns([
            (job::Entity, job::Column::JobId),
            (job::Entity, job::Column::CompanyId),
            (job::Entity, job::Column::OwnerId),
            (job::Entity, job::Column::PublishedAt),
        ])
        .columns([
            (alias.clone(), Alias::new("period")),
            (alias.clone(), Alias::new("metric")),
            (alias.clone(), Alias::new("value")),
        ])
        .from(job::Entity)
        .join_subquery(
            JoinType::LeftJoin,
            counts,
            alias.clone(),
            Expr::col((alias, Alias::new("job_id"))).equals((job::Entity, job::Column::JobId)),
        )
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

async fn series_of(db: &impl ConnectionTrait, range: &Range, rows: SelectStatement) -> Result<Series> {
    let mut series = Series::empty(range);
    for row in db.query_all(db.get_database_backend().build(&rows)).await? {
        let period: String = row.try_get("", "period")?;
        series.add(range, &period, row.try_get("", "metric")?, row.try_get("", "value")?);
    }
    Ok(series)
}

/// The series of every job of `company`, summed, in one statement.
pub async fn company_series(db: &impl ConnectionTrait, company: Uuid, range: &Range) -> Result<Series> {
    let jobs_of_company = Query::select()
        .column(job::Column::JobId)
        .from(job::Entity)
        .and_where(Expr::col(job::Column::CompanyId).eq(company))
        .to_owned();
    let of_company = Expr::col(Alias::new("job_id")).in_subquery(jobs_of_company);
    series_of(db, range, rollup_rows(range, JOB_DAILY, JOB_HOURLY, &[], Some(of_company))).await
}

/// The platform's series over `range`.
pub async fn platform_series(db: &impl ConnectionTrait, range: &Range) -> Result<Series> {
    series_of(db, range, rollup_rows(range, PLATFORM_DAILY, PLATFORM_HOURLY, &[], None)).await
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
        // 23:00 UTC is midnight in Paris in December: the one hour a day that crosses.
        assert_eq!(range.crossing_hours(), ["2026-12-01T23", "2026-12-02T23", "2026-12-03T23"]);
        let mut series = Series::empty(&range);
        for (key, value) in [("2026-12-01", 5), ("2026-12-02", 10), ("2026-12-01T23", 3), ("2026-12-02T23", 4)] {
            series.add(&range, key, "views".into(), value);
        }
        // The 2nd in Paris: the UTC 2nd (10) less its last hour (4), with the UTC 1st's last hour (3).
        assert_eq!(series.totals()["views"], 9);
        assert_eq!(range.instants().0.to_rfc3339(), "2026-12-01T23:00:00+00:00");
        let utc = Range::new(day("2026-12-02"), day("2026-12-02"), Granularity::Day, Tz::UTC).unwrap();
        assert!(utc.crossing_hours().is_empty());
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
