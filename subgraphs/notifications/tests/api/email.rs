//! Email: sent over SMTP to a real server, retried with backoff, held
//! through quiet hours, gathered into one daily digest; in dev, files.

use chrono::Duration;
use jobgraph_notifications::domain::email::{Mailer, Pass};
use jobgraph_notifications::entities::enums::{Channel, NotificationStatus};
use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{count_rows, data};
use serde_json::json;

use crate::helpers::{SmtpServer, TestApp, noon};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn an_email_reaches_a_real_smtp_server_with_its_subject_and_both_parts() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start();
    let seeker = app.user(Role::JobSeeker).await;
    let sender = app.sender(Mailer::smtp(&smtp.url()).unwrap());
    let pass = sender.pass().await.unwrap();
    let email = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    assert_eq!(pass, Pass { sent: 1, ..Pass::default() }, "{:?}", email.last_error);

    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(message.contains("Subject: Welcome to Jobgraph, First"), "{message}");
    assert!(message.contains(&format!("To: {}@example.com", seeker.id)), "{message}");
    assert!(message.contains("Content-Type: multipart/alternative"), "{message}");
    assert!(message.contains("Content-Type: text/plain"), "{message}");
    assert!(message.contains("Content-Type: text/html"), "{message}");
    assert!(message.contains("<p>Hello First"), "{message}");
    let email = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    assert_eq!(email.status, NotificationStatus::Sent);
    assert_eq!(email.sent_at, Some(noon()));
    // Sent once: another pass sends nothing.
    assert_eq!(sender.pass().await.unwrap(), Pass::default());
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn a_transient_failure_is_retried_with_backoff_and_the_last_attempt_fails_for_good() {
    let app = TestApp::spawn().await;
    let port = free_port();
    let sender = app.sender(Mailer::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap());
    let seeker = app.user(Role::JobSeeker).await;

    // Nobody listens: the first attempt fails and waits the backoff (60 s).
    assert_eq!(sender.pass().await.unwrap(), Pass { retried: 1, ..Pass::default() });
    let email = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    assert_eq!((email.status, email.attempts), (NotificationStatus::Pending, 1));
    assert_eq!(email.deliver_after, Some(noon() + Duration::seconds(60)));
    assert!(email.last_error.is_some());
    assert_eq!(sender.pass().await.unwrap(), Pass::default(), "not due before the backoff");

    // The server comes back: the next attempt goes through.
    let smtp = SmtpServer::start_on(port);
    app.clock.set(noon() + Duration::seconds(61));
    assert_eq!(sender.pass().await.unwrap(), Pass { sent: 1, ..Pass::default() });
    assert_eq!(smtp.messages().len(), 1);
    drop(smtp);

    // With the server gone for good, three attempts (60 s, then 120 s apart) and it is FAILED.
    let other = app.user(Role::JobSeeker).await;
    let mut now = noon() + Duration::seconds(61);
    let mut outcomes = Vec::new();
    for wait in [0, 60, 120] {
        now += Duration::seconds(wait);
        app.clock.set(now);
        outcomes.push(sender.pass().await.unwrap());
    }
    assert_eq!(outcomes[2], Pass { failed: 1, ..Pass::default() }, "{outcomes:?}");
    let email = app.notifications_of(&other, Channel::Email).await.pop().unwrap();
    assert_eq!((email.status, email.attempts), (NotificationStatus::Failed, 3));
}

#[tokio::test]
async fn quiet_hours_hold_email_until_they_end_in_the_users_timezone() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start();
    let sender = app.sender(Mailer::smtp(&smtp.url()).unwrap());
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    sender.pass().await.unwrap(); // the welcomes
    let update =
        "mutation($input: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $input) { timezone } }";
    let quiet =
        json!({ "input": { "timezone": "Europe/Berlin", "quietHoursStart": "22:00", "quietHoursEnd": "07:00" } });
    data(&app.gql(update, quiet, Some(&seeker.token)).await);

    // 22:30 UTC is 23:30 in Berlin: held until 07:00 there, 06:00 UTC.
    let late = "2026-12-03T22:30:00Z".parse().unwrap();
    app.clock.set(late);
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    let held = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    assert_eq!(held.deliver_after, Some("2026-12-04T06:00:00Z".parse().unwrap()));
    let before = smtp.messages().len();
    assert_eq!(sender.pass().await.unwrap().sent, 1, "the employer's email, not the seeker's");
    app.clock.set("2026-12-04T05:59:00Z".parse().unwrap());
    assert_eq!(sender.pass().await.unwrap().sent, 0);
    app.clock.set("2026-12-04T06:00:00Z".parse().unwrap());
    assert_eq!(sender.pass().await.unwrap().sent, 1);
    assert_eq!(smtp.messages().len(), before + 2);
}

#[tokio::test]
async fn a_daily_digest_is_one_email_the_next_day_listing_the_days_items() {
    let app = TestApp::spawn().await;
    let smtp = SmtpServer::start();
    let sender = app.sender(Mailer::smtp(&smtp.url()).unwrap());
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    sender.pass().await.unwrap(); // the welcomes
    let update = "mutation($input: UpdateNotificationPreferenceInput!) { updateNotificationPreference(input: $input) { frequency } }";
    let digest = json!({ "input": { "category": "APPLICATION_UPDATES", "channel": "EMAIL", "enabled": true, "frequency": "DAILY_DIGEST" } });
    data(&app.gql(update, digest, Some(&seeker.token)).await);

    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    app.moved(&employer, &seeker, &job, application, "SCREENING", "INTERVIEW").await;
    let before = smtp.messages().len();
    let today = sender.pass().await.unwrap();
    assert_eq!(today.digests, 0, "the day is not over");

    app.clock.set(noon() + Duration::hours(20)); // 08:00 the next day
    // Two replicas' senders at once: one digest between them.
    let replica = app.sender(Mailer::smtp(&smtp.url()).unwrap());
    let (first, second) = tokio::join!(sender.pass(), replica.pass());
    assert_eq!(first.unwrap().digests + second.unwrap().digests, 1);
    assert_eq!(sender.pass().await.unwrap().digests, 0, "once a day");
    let messages = smtp.messages();
    let digests: Vec<_> = messages.iter().filter(|m| m.contains("Subject: Your Jobgraph digest")).collect();
    assert_eq!(digests.len(), 1, "{messages:#?}");
    assert!(digests[0].contains("Subject: Your Jobgraph digest: 2 new"), "{}", digests[0]);
    assert!(digests[0].contains("screening") && digests[0].contains("interview"), "{}", digests[0]);
    assert_eq!(messages.len(), before + 2, "the employer's instant email and the seeker's digest");
    let items = app.notifications_of(&seeker, Channel::Email).await;
    assert!(items.iter().all(|item| item.status == NotificationStatus::Sent), "{items:#?}");
    assert_eq!(count_rows(&app.db, "digests_sent").await, 1);
}

#[tokio::test]
async fn in_dev_mail_lands_as_files_a_person_can_open() {
    let app = TestApp::spawn().await;
    let dir = std::env::temp_dir().join(format!("jobgraph-mail-{}", uuid::Uuid::now_v7().simple()));
    let sender = app.sender(Mailer::files(dir.clone()).unwrap());
    app.user(Role::JobSeeker).await;
    assert_eq!(sender.pass().await.unwrap().sent, 1);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let message = std::fs::read_to_string(&files[0]).unwrap();
    assert!(message.contains("Subject: Welcome to Jobgraph"), "{message}");
    std::fs::remove_dir_all(dir).ok();
}
