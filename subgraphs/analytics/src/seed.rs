//! Demo history for `jobgraph dev --demo`: days of plausible views, visitors
//! and apply starts for the given jobs, counted by the same rollup code as
//! live events, so a person opening a demo job's stats sees real curves
//! (weekdays busier than weekends, a job's interest fading with age).

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use jobgraph_shared::events::Envelope;
use jobgraph_shared::events::payloads::AnalyticsEventTracked;
use sea_orm::{DatabaseConnection, TransactionTrait};
use uuid::Uuid;

const SOURCES: [Option<&str>; 5] = [None, None, Some("newsletter"), Some("linkedin"), Some("google")];

/// Tracks views and apply starts of `jobs` on each of the `days` days
/// before `now`; answers how many events were counted.
pub async fn seed_demo_history(
    db: &DatabaseConnection,
    jobs: &[Uuid],
    days: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut random = fastrand::Rng::with_seed(7);
    let mut events = Vec::new();
    for job in jobs {
        let appeal = 2.0 + random.f64() * 10.0;
        for age in (1..=days).rev() {
            let day = now - Duration::days(age);
            let weekday = if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) { 0.4 } else { 1.0 };
            let freshness = 1.0 / (1.0 + (days - age) as f64 / 30.0);
            let views = (appeal * weekday * freshness * (0.6 + random.f64() * 0.8)).round() as usize;
            for _ in 0..views {
                let visitor = random.u32(0..400);
                let at = day.date_naive().and_hms_opt(random.u32(6..23), random.u32(0..60), 0).unwrap_or_default();
                let source = SOURCES[random.usize(0..SOURCES.len())];
                events.push(tracked(*job, "JOB_VIEWED", visitor, source, at.and_utc())?);
                if random.f64() < 0.08 {
                    events.push(tracked(*job, "APPLY_STARTED", visitor, source, at.and_utc())?);
                }
            }
        }
    }
    let txn = db.begin().await?;
    for batch in events.chunks(1000) {
        crate::rollups::count(&txn, batch).await?;
    }
    txn.commit().await?;
    Ok(events.len())
}

fn tracked(job: Uuid, kind: &str, visitor: u32, source: Option<&str>, at: DateTime<Utc>) -> anyhow::Result<Envelope> {
    let payload = AnalyticsEventTracked {
        tracked_id: Uuid::now_v7(),
        kind: kind.into(),
        user_id: None,
        visitor_id: format!("demo-visitor-{visitor}"),
        session_id: format!("demo-session-{visitor}"),
        job_id: Some(job),
        company_id: None,
        properties: serde_json::json!({}),
        utm_source: source.map(Into::into),
        utm_medium: None,
        utm_campaign: None,
        referrer: None,
        occurred_at: at,
    };
    let mut envelope = Envelope::new("analytics", None, &payload)?;
    envelope.occurred_at = at;
    Ok(envelope)
}
