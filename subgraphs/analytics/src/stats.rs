//! Reading the rollups: a checked range, the days grouped into periods,
//! and the counts of a job, a company's jobs, or the platform.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::{job, job_daily, platform_daily};

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

/// A checked range of UTC days, both ends included.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
}

impl Range {
    pub fn new(from: NaiveDate, to: NaiveDate, granularity: Granularity) -> Result<Range> {
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
        Ok(Range { from, to, granularity })
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

    fn days(&self) -> (String, String) {
        (self.from.to_string(), self.to.to_string())
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

    fn add(&mut self, range: &Range, day: &str, metric: String, value: i64) {
        let Ok(day) = day.parse::<NaiveDate>() else { return };
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

/// The owners of `jobs` that analytics has heard of, with their companies.
pub async fn job_owners(db: &impl ConnectionTrait, jobs: &[Uuid]) -> Result<HashMap<Uuid, job::Model>> {
    let rows = job::Entity::find().filter(job::Column::JobId.is_in(jobs.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.job_id, row)).collect())
}

/// Each of `jobs`' series over `range`, read in one statement.
pub async fn job_series(db: &impl ConnectionTrait, jobs: &[Uuid], range: &Range) -> Result<HashMap<Uuid, Series>> {
    let (from, to) = range.days();
    let rows = job_daily::Entity::find()
        .filter(job_daily::Column::JobId.is_in(jobs.iter().copied()))
        .filter(job_daily::Column::Day.between(from, to))
        .all(db)
        .await?;
    let mut series: HashMap<Uuid, Series> = jobs.iter().map(|job| (*job, Series::empty(range))).collect();
    for row in rows {
        if let Some(job) = series.get_mut(&row.job_id) {
            job.add(range, &row.day, row.metric, row.value);
        }
    }
    Ok(series)
}

/// The series of every job of `company`, summed, in one statement.
pub async fn company_series(db: &impl ConnectionTrait, company: Uuid, range: &Range) -> Result<Series> {
    let (from, to) = range.days();
    let jobs_of_company = Query::select()
        .column(job::Column::JobId)
        .from(job::Entity)
        .and_where(job::Column::CompanyId.eq(company))
        .to_owned();
    let rows = job_daily::Entity::find()
        .filter(job_daily::Column::JobId.in_subquery(jobs_of_company))
        .filter(job_daily::Column::Day.between(from, to))
        .all(db)
        .await?;
    let mut series = Series::empty(range);
    for row in rows {
        series.add(range, &row.day, row.metric, row.value);
    }
    Ok(series)
}

/// The platform's series over `range`.
pub async fn platform_series(db: &impl ConnectionTrait, range: &Range) -> Result<Series> {
    let (from, to) = range.days();
    let rows = platform_daily::Entity::find().filter(platform_daily::Column::Day.between(from, to)).all(db).await?;
    let mut series = Series::empty(range);
    for row in rows {
        series.add(range, &row.day, row.metric, row.value);
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_are_checked() {
        assert!(Range::new(day("2026-01-02"), day("2026-01-01"), Granularity::Day).is_err());
        assert!(Range::new(day("2016-01-01"), day("2026-01-01"), Granularity::Month).is_err());
        assert!(Range::new(day("2025-01-01"), day("2026-06-01"), Granularity::Day).is_err());
        assert!(Range::new(day("2025-01-01"), day("2026-06-01"), Granularity::Week).is_ok());
        assert!(Range::new(day("2026-01-01"), day("2026-01-01"), Granularity::Day).is_ok());
    }

    #[test]
    fn periods_start_on_mondays_and_first_days() {
        let range = Range::new(day("2026-12-02"), day("2026-12-15"), Granularity::Week).unwrap();
        assert_eq!(range.periods(), vec![day("2026-11-30"), day("2026-12-07"), day("2026-12-14")]);
        let range = Range::new(day("2026-11-20"), day("2027-01-03"), Granularity::Month).unwrap();
        assert_eq!(range.periods(), vec![day("2026-11-01"), day("2026-12-01"), day("2027-01-01")]);
    }
}
