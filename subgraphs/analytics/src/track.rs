//! Tracked events: what only the client sees, checked and recorded through
//! the outbox (the consumer writes them and counts them, so a replay does
//! the same). Privacy: no address or user agent is kept; the visitor id is
//! a hash of them (or of the session, when no address came) with a salt
//! that changes every UTC day and is deleted the day after, so a visitor
//! cannot be followed from one day to the next. `properties` is for what
//! was on screen (a search's result count, a list's page), never personal data.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobgraph_shared::events::payloads::AnalyticsEventTracked;
use jobgraph_shared::server::Client;
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::OUTBOX;
use crate::entities::visitor_salt;

/// At most this many events per `trackEvents` call.
pub const MAX_BATCH: usize = 100;
/// `properties`, as JSON, at most this many bytes.
pub const MAX_PROPERTIES_BYTES: usize = 4096;
/// An event said to have happened earlier than this is counted as of this long ago.
pub const MAX_AGE: Duration = Duration::hours(24);

/// What a client tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    JobViewed,
    JobListViewed,
    ApplyStarted,
    SearchPerformed,
    CompanyViewed,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::JobViewed => "JOB_VIEWED",
            Kind::JobListViewed => "JOB_LIST_VIEWED",
            Kind::ApplyStarted => "APPLY_STARTED",
            Kind::SearchPerformed => "SEARCH_PERFORMED",
            Kind::CompanyViewed => "COMPANY_VIEWED",
        }
    }
}

/// One event as the client sent it.
#[derive(Clone, Debug)]
pub struct Tracked {
    pub kind: Kind,
    pub session_id: String,
    pub job_id: Option<String>,
    pub company_id: Option<String>,
    pub properties: Option<serde_json::Value>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub referrer: Option<String>,
}

/// Checks every event (nothing is recorded unless all are good), then
/// records them in one transaction. `field` names the input in errors
/// (`input`, or `inputs` with the event's index).
pub async fn track(
    db: &sea_orm::DatabaseConnection,
    user: Option<Uuid>,
    client: &Client,
    events: Vec<Tracked>,
    field: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    if events.is_empty() || events.len() > MAX_BATCH {
        return Err(Error::bad_input(field, format!("send 1 to {MAX_BATCH} events")));
    }
    let name = |index: usize, part: &str| {
        if field == "inputs" { format!("{field}[{index}].{part}") } else { format!("{field}.{part}") }
    };
    let mut checked = Vec::with_capacity(events.len());
    for (index, event) in events.into_iter().enumerate() {
        checked.push(check(event, now, |part| name(index, part))?);
    }
    let txn = jobgraph_shared::db::begin_write(db).await?;
    let salt = salt_of(&txn, now.date_naive()).await?;
    for event in &mut checked {
        event.user_id = user;
        event.visitor_id = visitor_id(&salt, client, &event.session_id);
    }
    // One statement for the batch (at most 100 rows of 14 values: within every engine's limit).
    OUTBOX.record_all(&txn, user, &checked).await?;
    txn.commit().await?;
    Ok(checked.len())
}

fn check(event: Tracked, now: DateTime<Utc>, name: impl Fn(&str) -> String) -> Result<AnalyticsEventTracked> {
    let session_id = event.session_id.trim().to_string();
    if session_id.is_empty() || session_id.chars().count() > 100 {
        return Err(Error::bad_input(name("sessionId"), "must be 1 to 100 characters"));
    }
    let id = |part: &str, value: Option<String>| {
        value.map(|value| jobgraph_shared::text::id(&name(part), &value)).transpose()
    };
    let job_id = id("jobId", event.job_id)?;
    let company_id = id("companyId", event.company_id)?;
    match event.kind {
        Kind::JobViewed | Kind::ApplyStarted if job_id.is_none() => {
            return Err(Error::bad_input(name("jobId"), format!("is required for {}", event.kind.name())));
        }
        Kind::CompanyViewed if company_id.is_none() => {
            return Err(Error::bad_input(name("companyId"), "is required for COMPANY_VIEWED"));
        }
        _ => {}
    }
    let properties = event.properties.unwrap_or_else(|| serde_json::json!({}));
    if !properties.is_object() {
        return Err(Error::bad_input(name("properties"), "must be a JSON object"));
    }
    if serde_json::to_vec(&properties).map_or(usize::MAX, |json| json.len()) > MAX_PROPERTIES_BYTES {
        return Err(Error::bad_input(name("properties"), format!("must be at most {MAX_PROPERTIES_BYTES} bytes")));
    }
    let short = |part: &str, value: Option<String>, max: usize| -> Result<Option<String>> {
        let value = value.map(|value| value.trim().to_string()).filter(|value| !value.is_empty());
        match value {
            Some(value) if value.chars().count() > max => {
                Err(Error::bad_input(name(part), format!("must be at most {max} characters")))
            }
            value => Ok(value),
        }
    };
    Ok(AnalyticsEventTracked {
        tracked_id: Uuid::now_v7(),
        kind: event.kind.name().to_string(),
        user_id: None,
        visitor_id: String::new(),
        session_id,
        job_id,
        company_id,
        properties,
        utm_source: short("utmSource", event.utm_source, 100)?,
        utm_medium: short("utmMedium", event.utm_medium, 100)?,
        utm_campaign: short("utmCampaign", event.utm_campaign, 100)?,
        referrer: short("referrer", event.referrer, 2048)?,
        // A client's clock may be off, or replay old events: counted within a day's window, never in the future.
        occurred_at: event.occurred_at.map_or(now, |at| at.clamp(now - MAX_AGE, now)),
    })
}

/// The day's salt, made by whichever request comes first that day; the
/// salts of days before yesterday are deleted on the way.
async fn salt_of(db: &impl ConnectionTrait, day: NaiveDate) -> Result<String> {
    let key = day.to_string();
    let fresh = visitor_salt::ActiveModel {
        day: Set(key.clone()),
        salt: Set(format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())),
    };
    visitor_salt::Entity::insert(fresh)
        .on_conflict(OnConflict::column(visitor_salt::Column::Day).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    let stale = (day - Duration::days(1)).to_string();
    visitor_salt::Entity::delete_many().filter(visitor_salt::Column::Day.lt(stale)).exec(db).await?;
    let salt = visitor_salt::Entity::find_by_id(key).one(db).await?;
    salt.map(|row| row.salt).ok_or_else(|| Error::internal(anyhow::anyhow!("the day's salt is missing")))
}

/// sha256(salt, address or session, user agent), 128 bits in hex.
fn visitor_id(salt: &str, client: &Client, session_id: &str) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    for part in [salt, client.address.as_deref().unwrap_or(session_id), client.user_agent.as_deref().unwrap_or("")] {
        context.update(part.as_bytes());
        context.update(b"\0");
    }
    context.finish().as_ref()[..16].iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_is_the_same_within_a_day_and_differs_across_salts() {
        let client = Client { address: Some("203.0.113.9".into()), user_agent: Some("Firefox".into()) };
        let other = Client { address: Some("203.0.113.10".into()), user_agent: Some("Firefox".into()) };
        assert_eq!(visitor_id("a", &client, "s1"), visitor_id("a", &client, "s2"));
        assert_ne!(visitor_id("a", &client, "s1"), visitor_id("b", &client, "s1"));
        assert_ne!(visitor_id("a", &client, "s1"), visitor_id("a", &other, "s1"));
        // Without an address, the session stands in for it.
        let anonymous = Client::default();
        assert_ne!(visitor_id("a", &anonymous, "s1"), visitor_id("a", &anonymous, "s2"));
    }
}
