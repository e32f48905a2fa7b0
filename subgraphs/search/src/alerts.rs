//! Saved searches and their alerts. A seeker saves a search (words and
//! filters) with a frequency; each job the index newly finds is matched
//! against the saved searches as it is indexed: the new jobs alone go into
//! a scratch index and every saved search runs over that, never over the
//! whole index. A match publishes `search.alert_matched` through the
//! outbox, once per saved search and job (`alerts_sent`), and only for
//! jobs published after the search was saved, so a replica rebuilding its
//! index tells nobody twice.

use chrono::{DateTime, Utc};
use jobgraph_shared::Error;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::events::Outbox;
use jobgraph_shared::events::payloads::{JobSnapshot, SearchAlertMatched};
use jobgraph_shared::text;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::entities::{alert_sent, saved_search};
use crate::index::SearchIndex;
use crate::query::UserQuery;
use crate::search::{JobFilter, JobSearch};

pub const OUTBOX: Outbox = Outbox::new("search");
pub const MAX_SAVED_SEARCHES: u64 = 50;
const MAX_NAME_CHARS: usize = 100;

/// How soon a seeker hears of a new match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Instant,
    Daily,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Instant => "INSTANT",
            Frequency::Daily => "DAILY",
        }
    }
}

/// A search to save: its filter already checked, and kept as the API's JSON.
pub struct NewSavedSearch {
    pub name: String,
    pub query: String,
    pub filter_json: Option<String>,
    pub frequency: Frequency,
}

pub async fn save(
    db: &DatabaseConnection,
    index: &SearchIndex,
    user: Uuid,
    search: NewSavedSearch,
    now: DateTime<Utc>,
) -> Result<saved_search::Model, Error> {
    let name = text::required("name", &search.name, MAX_NAME_CHARS)?;
    UserQuery::parse(&search.query, &mut index.analyzer())?;
    let saved = saved_search::Entity::find()
        .filter(saved_search::Column::UserId.eq(user))
        .count(db)
        .await
        .map_err(Error::internal)?;
    if saved >= MAX_SAVED_SEARCHES {
        return Err(Error::bad_input("name", format!("at most {MAX_SAVED_SEARCHES} saved searches: delete one first")));
    }
    let row = saved_search::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        name: Set(name),
        query: Set(search.query.trim().to_string()),
        filter: Set(search.filter_json),
        frequency: Set(search.frequency.as_str().to_string()),
        created_at: Set(now),
    };
    saved_search::Entity::insert(row).exec_with_returning(db).await.map_err(Error::internal)
}

/// `user`'s saved searches, newest first.
pub async fn list(db: &DatabaseConnection, user: Uuid) -> Result<Vec<saved_search::Model>, Error> {
    saved_search::Entity::find()
        .filter(saved_search::Column::UserId.eq(user))
        .order_by_desc(saved_search::Column::CreatedAt)
        .order_by_desc(saved_search::Column::Id)
        .all(db)
        .await
        .map_err(Error::internal)
}

/// Deletes a saved search of the caller's (an admin's too): NOT_FOUND for anyone else's.
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> Result<(), Error> {
    caller.require_user()?;
    let found = saved_search::Entity::find_by_id(id).one(db).await.map_err(Error::internal)?;
    match found {
        Some(saved) if caller.owns_or_admin(saved.user_id) => {
            saved_search::Entity::delete_by_id(id).exec(db).await.map_err(Error::internal)?;
            Ok(())
        }
        _ => Err(Error::not_found("no such saved search")),
    }
}

/// Matches jobs the index has just begun to find against every saved
/// search; returns how many alerts were published.
pub async fn match_new_jobs(
    db: &DatabaseConnection,
    index: &SearchIndex,
    jobs: &[JobSnapshot],
    to_filter: impl Fn(&str) -> Option<JobFilter>,
) -> anyhow::Result<usize> {
    if jobs.is_empty() {
        return Ok(0);
    }
    let saved = saved_search::Entity::find().all(db).await?;
    if saved.is_empty() {
        return Ok(0);
    }
    let scratch = index.scratch(jobs)?;
    let mut matches = Vec::new();
    for search in &saved {
        let filter = match &search.filter {
            Some(json) => match to_filter(json) {
                Some(filter) => filter,
                None => continue,
            },
            None => JobFilter::default(),
        };
        let query = JobSearch { query: Some(search.query.clone()), filter, first: Some(100), ..JobSearch::default() };
        let Ok(found) = scratch.search_jobs(&query) else { continue };
        for hit in found.hits {
            let Some(job) = jobs.iter().find(|job| job.id == hit.id) else { continue };
            if job.published_at.is_some_and(|published| published >= search.created_at) {
                matches.push((search, job));
            }
        }
    }
    let mut published = 0;
    let now = Utc::now();
    for (search, job) in matches {
        let txn = db.begin().await?;
        let sent = alert_sent::ActiveModel { saved_search_id: Set(search.id), job_id: Set(job.id), sent_at: Set(now) };
        let inserted = alert_sent::Entity::insert(sent)
            .on_conflict(
                OnConflict::columns([alert_sent::Column::SavedSearchId, alert_sent::Column::JobId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        if inserted == 1 {
            let alert = SearchAlertMatched {
                saved_search_id: search.id,
                user_id: search.user_id,
                search_name: search.name.clone(),
                frequency: search.frequency.clone(),
                job_id: job.id,
                job_title: job.title.clone(),
                company_name: index.company(job.company_id).map(|company| company.name),
                matched_at: now,
            };
            OUTBOX.record(&txn, None, &alert).await.map_err(|error| anyhow::anyhow!("{}", error.public_message()))?;
            published += 1;
        }
        txn.commit().await?;
    }
    Ok(published)
}
