//! Search history and statistics: every first page searched is recorded
//! (with the user, when signed in); a user reads and clears their own;
//! admins read the top and zero-result queries and the click-through rate
//! by day.

use chrono::{DateTime, NaiveDate, Utc};
use jobgraph_shared::Error;
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::entities::{search_click, search_query};

pub const HISTORY_LIST: &str = "SearchHistoryEntry";
/// The longest range statistics are read over.
pub const MAX_STATISTICS_DAYS: i64 = 366;
const MAX_POSITION: i32 = 1000;

fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Records a first page searched; returns its id (the `searchId` clicks name).
pub async fn record(
    db: &DatabaseConnection,
    user: Option<Uuid>,
    query: &str,
    filter: Option<String>,
    result_count: usize,
    at: DateTime<Utc>,
) -> Result<Uuid, Error> {
    let id = Uuid::now_v7();
    let row = search_query::ActiveModel {
        id: Set(id),
        user_id: Set(user),
        query: Set(query.trim().to_string()),
        filter: Set(filter),
        result_count: Set(result_count as i64),
        day: Set(day(at)),
        searched_at: Set(at),
    };
    search_query::Entity::insert(row).exec_without_returning(db).await.map_err(Error::internal)?;
    Ok(id)
}

/// A result of search `search` clicked; a second click on it counts once.
pub async fn record_click(
    db: &DatabaseConnection,
    search: Uuid,
    job: Uuid,
    position: i32,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    if !(1..=MAX_POSITION).contains(&position) {
        return Err(Error::bad_input("position", format!("must be between 1 and {MAX_POSITION}")));
    }
    if search_query::Entity::find_by_id(search).one(db).await.map_err(Error::internal)?.is_none() {
        return Err(Error::not_found("no such search: use the searchId searchJobs answered"));
    }
    let click = search_click::ActiveModel {
        id: Set(Uuid::now_v7()),
        search_id: Set(search),
        job_id: Set(job),
        position: Set(position),
        day: Set(day(at)),
        clicked_at: Set(at),
    };
    search_click::Entity::insert(click)
        .on_conflict(
            OnConflict::columns([search_click::Column::SearchId, search_click::Column::JobId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map_err(Error::internal)?;
    Ok(())
}

/// `user`'s searches, newest first.
pub async fn history(
    db: &DatabaseConnection,
    user: Uuid,
    page: &PageArgs,
) -> Result<(PageWindow, Vec<search_query::Model>), Error> {
    page.validate(HISTORY_LIST)?;
    let mine = search_query::Entity::find().filter(search_query::Column::UserId.eq(user));
    let total = mine.clone().count(db).await.map_err(Error::internal)?;
    let window = page.window(HISTORY_LIST, total)?;
    let rows = mine
        .order_by_desc(search_query::Column::SearchedAt)
        .order_by_desc(search_query::Column::Id)
        .offset(window.offset)
        .limit(window.limit)
        .all(db)
        .await
        .map_err(Error::internal)?;
    Ok((window, rows))
}

/// Forgets who made `user`'s searches (the statistics keep the queries); returns how many.
pub async fn clear(db: &DatabaseConnection, user: Uuid) -> Result<u64, Error> {
    let cleared = search_query::Entity::update_many()
        .col_expr(search_query::Column::UserId, Expr::value(Option::<Uuid>::None))
        .filter(search_query::Column::UserId.eq(user))
        .exec(db)
        .await
        .map_err(Error::internal)?;
    Ok(cleared.rows_affected)
}

#[derive(Clone, Debug, PartialEq)]
pub struct DayStatistics {
    pub day: NaiveDate,
    pub searches: i64,
    pub zero_result_searches: i64,
    pub clicks: i64,
}

#[derive(Clone, Debug, PartialEq, FromQueryResult)]
pub struct QueryCount {
    pub query: String,
    pub searches: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statistics {
    pub days: Vec<DayStatistics>,
    pub top_queries: Vec<QueryCount>,
    pub zero_result_queries: Vec<QueryCount>,
}

#[derive(FromQueryResult)]
struct DayCount {
    day: String,
    count: i64,
}

/// What was searched from `from` to `to` (UTC days, both included).
pub async fn statistics(
    db: &DatabaseConnection,
    from: NaiveDate,
    to: NaiveDate,
    first: i32,
) -> Result<Statistics, Error> {
    if to < from {
        return Err(Error::bad_input("to", "must not be before from"));
    }
    if (to - from).num_days() >= MAX_STATISTICS_DAYS {
        return Err(Error::bad_input("to", format!("a range is at most {MAX_STATISTICS_DAYS} days")));
    }
    if !(1..=100).contains(&first) {
        return Err(Error::bad_input("first", "must be between 1 and 100"));
    }
    let (from_day, to_day) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    let in_range = |query: sea_orm::Select<search_query::Entity>| {
        query
            .filter(search_query::Column::Day.gte(from_day.clone()))
            .filter(search_query::Column::Day.lte(to_day.clone()))
    };
    let per_day = |zero_only: bool| {
        let mut query = in_range(search_query::Entity::find())
            .select_only()
            .column(search_query::Column::Day)
            .column_as(search_query::Column::Id.count(), "count")
            .group_by(search_query::Column::Day);
        if zero_only {
            query = query.filter(search_query::Column::ResultCount.eq(0));
        }
        query.into_model::<DayCount>()
    };
    let searches = per_day(false).all(db).await.map_err(Error::internal)?;
    let zero = per_day(true).all(db).await.map_err(Error::internal)?;
    let clicks = search_click::Entity::find()
        .filter(search_click::Column::Day.gte(from_day.clone()))
        .filter(search_click::Column::Day.lte(to_day.clone()))
        .select_only()
        .column(search_click::Column::Day)
        .column_as(search_click::Column::Id.count(), "count")
        .group_by(search_click::Column::Day)
        .into_model::<DayCount>()
        .all(db)
        .await
        .map_err(Error::internal)?;
    let count_on = |counts: &[DayCount], day: &str| counts.iter().find(|c| c.day == day).map_or(0, |c| c.count);
    let days = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|date| {
            let key = date.format("%Y-%m-%d").to_string();
            DayStatistics {
                day: date,
                searches: count_on(&searches, &key),
                zero_result_searches: count_on(&zero, &key),
                clicks: count_on(&clicks, &key),
            }
        })
        .collect();
    let top = |zero_only: bool| {
        let mut query = in_range(search_query::Entity::find())
            .filter(search_query::Column::Query.ne(""))
            .select_only()
            .column(search_query::Column::Query)
            .column_as(search_query::Column::Id.count(), "searches")
            .group_by(search_query::Column::Query)
            .order_by_desc(Expr::cust("searches"))
            .order_by_asc(search_query::Column::Query)
            .limit(first as u64);
        if zero_only {
            query = query.filter(search_query::Column::ResultCount.eq(0));
        }
        query.into_model::<QueryCount>()
    };
    Ok(Statistics {
        days,
        top_queries: top(false).all(db).await.map_err(Error::internal)?,
        zero_result_queries: top(true).all(db).await.map_err(Error::internal)?,
    })
}
