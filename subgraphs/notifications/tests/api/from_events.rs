//! Who is told what, from which event; replays and redeliveries tell nobody twice.

use jobgraph_notifications::entities::enums::{Category, Channel, NotificationStatus};
use jobgraph_shared::auth::Role;
use jobgraph_shared::events::Mode;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, ApplicationWithdrawn, InterviewScheduled, InterviewSnapshot, JobStatusChanged,
    UserUpdated,
};
use jobgraph_shared::testing::count_rows;

use crate::helpers::{TestApp, noon};

#[tokio::test]
async fn a_new_user_is_welcomed_in_the_app_and_by_email() {
    let app = TestApp::spawn().await;
    let seeker = app.user(Role::JobSeeker).await;
    let feed = app.notifications_of(&seeker, Channel::InApp).await;
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0].kind, "welcome");
    assert_eq!(feed[0].category, Category::Account);
    assert!(feed[0].title.starts_with("Welcome to Jobgraph, First"), "{}", feed[0].title);
    let email = app.notifications_of(&seeker, Channel::Email).await;
    assert_eq!(email.len(), 1);
    assert_eq!(email[0].status, NotificationStatus::Pending);
    assert_eq!(email[0].email_to.as_deref(), Some(format!("{}@example.com", seeker.id).as_str()));
    assert!(email[0].email_html.as_deref().unwrap().starts_with("<p>Hello First"));
    // Each notification is published as notification.created.
    let created = app.recorded_events().await.into_iter().filter(|e| e.event_type == "notification.created").count();
    assert_eq!(created, 2);
}

#[tokio::test]
async fn the_pipeline_tells_the_employer_and_the_applicant_each_their_part() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;

    let told = app.notifications_of(&employer, Channel::InApp).await;
    assert_eq!(told.last().unwrap().kind, "application.submitted");
    assert!(told.last().unwrap().body.contains("applied to Rust Engineer"), "{}", told.last().unwrap().body);
    assert_eq!(told.last().unwrap().application_id, Some(application));
    assert_eq!(told.last().unwrap().job_id, Some(job.id));
    // The applicant is not told of their own application.
    assert_eq!(app.notifications_of(&seeker, Channel::InApp).await.len(), 1, "only the welcome");

    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    let feed = app.notifications_of(&seeker, Channel::InApp).await;
    let moved = feed.last().unwrap();
    assert_eq!(moved.kind, "application.status_changed");
    assert_eq!(moved.title, "Your application for Rust Engineer: screening");
    assert_eq!(moved.link.as_deref(), Some(format!("/applications/{application}").as_str()));

    // A move the applicant made themself (a withdrawal) tells the employer, not them.
    app.moved(&seeker, &seeker, &job, application, "SCREENING", "WITHDRAWN").await;
    let withdrawn = ApplicationWithdrawn {
        application_id: application,
        job_id: job.id,
        applicant_id: seeker.id,
        job_owner_id: employer.id,
        reason: Some("took another offer".into()),
        at: noon(),
    };
    app.deliver(&withdrawn, Some(seeker.id)).await;
    assert_eq!(app.notifications_of(&seeker, Channel::InApp).await.len(), 2, "welcome and screening only");
    let last = app.notifications_of(&employer, Channel::InApp).await.pop().unwrap();
    assert_eq!(last.kind, "application.withdrawn");
    assert!(last.body.contains("Reason: took another offer"), "{}", last.body);
}

#[tokio::test]
async fn an_interview_is_told_in_its_own_timezone() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    let interview = InterviewSnapshot {
        interview_id: uuid::Uuid::now_v7(),
        application_id: application,
        job_id: job.id,
        applicant_id: seeker.id,
        kind: "VIDEO".into(),
        // 13:30 UTC is 14:30 in Berlin in December, 08:30 in New York.
        scheduled_at: "2026-12-08T13:30:00Z".parse().unwrap(),
        duration_minutes: 45,
        timezone: "Europe/Berlin".into(),
        location: None,
        meeting_url: Some("https://meet.example.com/x".into()),
    };
    app.deliver(&InterviewScheduled { interview: interview.clone() }, Some(employer.id)).await;
    let told = app.notifications_of(&seeker, Channel::InApp).await.pop().unwrap();
    assert_eq!(told.kind, "interview.scheduled");
    assert_eq!(told.category, Category::Interviews);
    assert_eq!(told.title, "Interview for Rust Engineer: Tuesday, 8 December 2026, 14:30");
    assert!(
        told.body.contains("(Europe/Berlin)") && told.body.contains("Join: https://meet.example.com/x"),
        "{}",
        told.body
    );
    assert_eq!(told.interview_id, Some(interview.interview_id));
}

#[tokio::test]
async fn a_job_that_ends_tells_only_the_applicants_still_in_the_running() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let (open, rejected) = (app.user(Role::JobSeeker).await, app.user(Role::JobSeeker).await);
    let mut job = app.job(&employer, "Rust Engineer").await;
    let kept = app.applied(&open, &job).await;
    let turned_down = app.applied(&rejected, &job).await;
    app.moved(&employer, &rejected, &job, turned_down, "APPLIED", "REJECTED").await;
    let before = app.notifications_of(&rejected, Channel::InApp).await.len();

    job.status = "FILLED".into();
    job.version += 1;
    app.deliver(
        &JobStatusChanged { from: "PUBLISHED".into(), to: "FILLED".into(), job: job.clone() },
        Some(employer.id),
    )
    .await;
    let told = app.notifications_of(&open, Channel::InApp).await.pop().unwrap();
    assert_eq!(told.kind, "job.closed");
    assert_eq!(told.title, "Rust Engineer is no longer open");
    assert_eq!(told.application_id, Some(kept));
    assert_eq!(
        app.notifications_of(&rejected, Channel::InApp).await.len(),
        before,
        "a rejected applicant hears nothing"
    );
}

#[tokio::test]
async fn a_user_is_written_to_in_their_language() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let mut user = crate::helpers::person(seeker.id, noon() + chrono::Duration::seconds(1));
    user.first_name = "Grete".into();
    user.locale = Some("de-AT".into());
    app.deliver(&UserUpdated { changed: vec!["locale".into()], user }, Some(seeker.id)).await;
    let job = app.job(&employer, "Rust-Entwicklerin").await;
    let application = app.applied(&seeker, &job).await;
    app.moved(&employer, &seeker, &job, application, "APPLIED", "OFFER").await;
    let told = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    // de-AT has no template of its own: German, the language, is next.
    assert_eq!(told.title, "Ihre Bewerbung für Rust-Entwicklerin: offer");
    assert!(told.body.starts_with("Hallo Grete,"), "{}", told.body);
}

#[tokio::test]
async fn a_redelivered_event_tells_nobody_twice_and_a_replay_tells_nobody() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    let changed = jobgraph_shared::events::payloads::ApplicationStatusChanged {
        application_id: application,
        job_id: job.id,
        applicant_id: seeker.id,
        from: "APPLIED".into(),
        to: "SCREENING".into(),
        reason: None,
        at: noon(),
    };
    let envelope = app.envelope(&changed, Some(employer.id));
    let before = count_rows(&app.db, "notifications").await;
    app.deliver_envelope(&envelope, Mode::Live).await;
    app.deliver_envelope(&envelope, Mode::Live).await;
    assert_eq!(count_rows(&app.db, "notifications").await, before + 2, "one in the feed, one email: once");

    // A replay rebuilds caches and tells nobody, even of events it has not seen.
    let moved_again = jobgraph_shared::events::payloads::ApplicationStatusChanged { to: "INTERVIEW".into(), ..changed };
    app.deliver_envelope(&app.envelope(&moved_again, Some(employer.id)), Mode::Replay).await;
    assert_eq!(count_rows(&app.db, "notifications").await, before + 2);
}

#[tokio::test]
async fn a_saved_search_match_is_a_job_alert_in_the_app_and_by_email_as_the_search_asks() {
    use jobgraph_shared::events::payloads::SearchAlertMatched;
    let app = TestApp::spawn().await;
    let seeker = app.user(Role::JobSeeker).await;
    // JOB_ALERTS email is a daily digest unless the seeker asks otherwise.
    let instant = "mutation { updateNotificationPreference(input: { category: JOB_ALERTS, channel: EMAIL, enabled: true, frequency: INSTANT }) { frequency } }";
    app.gql(instant, serde_json::json!({}), Some(&seeker.token)).await;
    for (search, frequency) in [("Remote Rust", "INSTANT"), ("Kiel", "DAILY")] {
        let alert = SearchAlertMatched {
            saved_search_id: uuid::Uuid::now_v7(),
            user_id: seeker.id,
            search_name: search.into(),
            frequency: frequency.into(),
            job_id: uuid::Uuid::now_v7(),
            job_title: "Lighthouse Keeper".into(),
            company_name: Some("Beacon Ltd".into()),
            matched_at: noon(),
        };
        app.deliver(&alert, None).await;
    }
    let feed = app.notifications_of(&seeker, Channel::InApp).await;
    let alerts: Vec<_> = feed.iter().filter(|n| n.category == Category::JobAlerts).collect();
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[0].title, "New job for \"Remote Rust\": Lighthouse Keeper");
    assert!(alerts[0].body.contains("at Beacon Ltd"), "{}", alerts[0].body);
    assert_eq!(alerts[0].link.as_deref(), Some(format!("/jobs/{}", alerts[0].job_id.unwrap()).as_str()));
    let emails: Vec<_> = app
        .notifications_of(&seeker, Channel::Email)
        .await
        .into_iter()
        .filter(|n| n.category == Category::JobAlerts)
        .map(|n| n.digest)
        .collect();
    assert_eq!(emails, vec![false, true], "an INSTANT search mails at once; a DAILY one waits for the digest");
}

/// A batch of events is told with a few statements whatever its size: the
/// recipients, their preferences and the templates are read once, the
/// notifications and their events written once; what is left per event is
/// its own cache (the application) and its job's title.
#[tokio::test]
async fn a_batch_of_status_changes_costs_two_statements_an_event_beyond_a_fixed_few() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let mut costs = Vec::new();
    for size in [1, 10] {
        let mut seekers = Vec::new();
        let mut changes = Vec::new();
        for _ in 0..size {
            let seeker = app.user(Role::JobSeeker).await;
            let application = app.applied(&seeker, &job).await;
            let changed = ApplicationStatusChanged {
                application_id: application,
                job_id: job.id,
                applicant_id: seeker.id,
                from: "APPLIED".into(),
                to: "SCREENING".into(),
                reason: None,
                at: noon(),
            };
            changes.push(app.envelope(&changed, Some(employer.id)));
            seekers.push(seeker);
        }
        app.statements.clear();
        app.deliver_batch(&changes, Mode::Live).await;
        costs.push(app.statements.statements().len());
        for seeker in &seekers {
            let told = app.notifications_of(seeker, Channel::InApp).await;
            assert_eq!(told.last().unwrap().kind, "application.status_changed");
            assert_eq!(told.last().unwrap().title, "Your application for Rust Engineer: screening");
            let mailed = app.notifications_of(seeker, Channel::Email).await;
            assert_eq!(mailed.last().unwrap().kind, "application.status_changed");
        }
    }
    assert_eq!(costs[1] - costs[0], 2 * 9, "statements for 1 and for 10 status changes: {costs:?}");
}

/// More notices than one statement can hold (PostgreSQL takes 65,535
/// parameters; a notification has 21) are written in several: a job with
/// thousands of applicants closing, or a backlog read in one batch.
#[tokio::test]
async fn thousands_of_notices_at_once_are_all_made() {
    use jobgraph_notifications::domain::deliver::{About, Notice, notify_all};
    use jobgraph_notifications::domain::templates::Kind;

    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let notices: Vec<Notice> = (0..4000)
        .map(|_| Notice {
            recipient: employer.id,
            kind: Kind::ApplicationSubmitted,
            context: serde_json::json!({
                "job": { "title": "Rust Engineer" },
                "applicant": { "first_name": "Ada", "last_name": "Lovelace" },
            }),
            about: About::default(),
            at: noon(),
            traceparent: None,
        })
        .collect();
    let made = notify_all(&app.db, notices).await.unwrap();
    assert_eq!(made.len(), 8000, "in the app and by email each");
    assert_eq!(count_rows(&app.db, "notifications").await, 8002, "and the welcome's two");
}
