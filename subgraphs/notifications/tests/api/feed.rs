//! The feed: the caller's notifications, the unread count, marking read,
//! and preferences deciding what arrives.

use jobgraph_notifications::entities::enums::Channel;
use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::json;

use crate::helpers::TestApp;

const FEED: &str = "query($unread: Boolean) { notifications(first: 10, unreadOnly: $unread) { totalCount edges { node { id title category channel status readAt link } } } unreadNotificationCount }";

#[tokio::test]
async fn the_feed_counts_unread_and_marking_read_brings_it_to_zero() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    app.moved(&employer, &seeker, &job, application, "SCREENING", "INTERVIEW").await;

    let feed = app.gql(FEED, json!({}), Some(&seeker.token)).await;
    assert_eq!(data(&feed)["unreadNotificationCount"], 3, "{feed}");
    let edges = data(&feed)["notifications"]["edges"].as_array().unwrap().clone();
    assert_eq!(edges.len(), 3);
    assert_eq!(edges[0]["node"]["title"], "Your application for Rust Engineer: interview", "newest first");
    assert_eq!(edges[2]["node"]["category"], "ACCOUNT");

    let first = edges[0]["node"]["id"].clone();
    let read = "mutation($id: ID!) { markNotificationRead(id: $id) { id status readAt } }";
    let response = app.gql(read, json!({ "id": first }), Some(&seeker.token)).await;
    assert_eq!(data(&response)["markNotificationRead"]["status"], "READ", "{response}");
    // Reading it again changes nothing and records no second event.
    app.gql(read, json!({ "id": first }), Some(&seeker.token)).await;
    let unread = app.gql(FEED, json!({ "unread": true }), Some(&seeker.token)).await;
    assert_eq!(data(&unread)["notifications"]["totalCount"], 2, "{unread}");
    assert_eq!(data(&unread)["unreadNotificationCount"], 2);

    let all = app.gql("mutation { markAllNotificationsRead }", json!({}), Some(&seeker.token)).await;
    assert_eq!(data(&all)["markAllNotificationsRead"], 2, "{all}");
    let feed = app.gql(FEED, json!({}), Some(&seeker.token)).await;
    assert_eq!(data(&feed)["unreadNotificationCount"], 0);
    let reads = app.recorded_events().await.into_iter().filter(|e| e.event_type == "notification.read").count();
    assert_eq!(reads, 3, "one notification.read per notification read");

    // The employer's feed is their own.
    let theirs = app.gql(FEED, json!({}), Some(&employer.token)).await;
    assert_eq!(data(&theirs)["notifications"]["totalCount"], 2, "welcome and the application: {theirs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn marking_all_read_concurrently_records_each_read_once() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let stages = ["APPLIED", "SCREENING", "INTERVIEW", "OFFER", "HIRED"];
    for n in 0..5 {
        let job = app.job(&employer, &format!("Job {n}")).await;
        let application = app.applied(&seeker, &job).await;
        for pair in stages.windows(2) {
            app.moved(&employer, &seeker, &job, application, pair[0], pair[1]).await;
        }
    }
    let unread = 1 + 5 * 4; // the welcome and every move
    // Sixteen calls at once, released together.
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(16));
    let marks = (0..16).map(|_| {
        let (app, gate, token) = (app.clone(), gate.clone(), seeker.token.clone());
        tokio::spawn(async move {
            gate.wait().await;
            app.gql("mutation { markAllNotificationsRead }", json!({}), Some(&token)).await
        })
    });
    let mut marked = 0;
    for mark in futures::future::join_all(marks).await {
        marked += data(&mark.unwrap())["markAllNotificationsRead"].as_i64().unwrap();
    }
    assert_eq!(marked, unread, "each unread notification marked by exactly one of the calls");
    let reads = app.recorded_events().await.into_iter().filter(|e| e.event_type == "notification.read").count();
    assert_eq!(reads as i64, unread);
}

#[tokio::test]
async fn preferences_decide_what_arrives_and_account_notices_stay_on() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;

    let defaults = app.gql("{ notificationPreferences { items { category channel enabled frequency locked } timezone quietHours { start end } } }", json!({}), Some(&seeker.token)).await;
    let items = data(&defaults)["notificationPreferences"]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 10, "five categories on two channels");
    let marketing = items.iter().find(|i| i["category"] == "MARKETING" && i["channel"] == "EMAIL").unwrap();
    assert_eq!(marketing["enabled"], false, "marketing is opt-in");
    let alerts = items.iter().find(|i| i["category"] == "JOB_ALERTS" && i["channel"] == "EMAIL").unwrap();
    assert_eq!(alerts["frequency"], "DAILY_DIGEST");

    let update = "mutation($input: UpdateNotificationPreferenceInput!) { updateNotificationPreference(input: $input) { category channel enabled frequency } }";
    let off = json!({ "input": { "category": "APPLICATION_UPDATES", "channel": "IN_APP", "enabled": false } });
    let response = app.gql(update, off, Some(&seeker.token)).await;
    assert_eq!(data(&response)["updateNotificationPreference"]["enabled"], false, "{response}");
    let email_off = json!({ "input": { "category": "APPLICATION_UPDATES", "channel": "EMAIL", "enabled": false } });
    app.gql(update, email_off, Some(&seeker.token)).await;
    let (feed, email) = (
        app.notifications_of(&seeker, Channel::InApp).await.len(),
        app.notifications_of(&seeker, Channel::Email).await.len(),
    );
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    assert_eq!(app.notifications_of(&seeker, Channel::InApp).await.len(), feed, "in-app off: nothing in the feed");
    assert_eq!(app.notifications_of(&seeker, Channel::Email).await.len(), email, "email off: no email");

    // Refused, with nothing written: account notices in the app, a digest in the app, a bad enum.
    let rows = count_rows(&app.db, "notification_preferences").await;
    for (input, field) in [
        (json!({ "category": "ACCOUNT", "channel": "IN_APP", "enabled": false }), Some("enabled")),
        (
            json!({ "category": "INTERVIEWS", "channel": "IN_APP", "enabled": true, "frequency": "DAILY_DIGEST" }),
            Some("frequency"),
        ),
        (json!({ "category": "GOSSIP", "channel": "IN_APP", "enabled": true }), None),
    ] {
        let response = app.gql(update, json!({ "input": input }), Some(&seeker.token)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response}");
        if let Some(field) = field {
            assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response}");
        }
    }
    assert_eq!(count_rows(&app.db, "notification_preferences").await, rows);
}

#[tokio::test]
async fn settings_take_a_real_timezone_and_both_ends_of_quiet_hours() {
    let app = TestApp::spawn().await;
    let seeker = app.user(Role::JobSeeker).await;
    let update = "mutation($input: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $input) { timezone quietHours { start end } } }";
    let good =
        json!({ "input": { "timezone": "Europe/Berlin", "quietHoursStart": "22:00", "quietHoursEnd": "07:00" } });
    let response = app.gql(update, good, Some(&seeker.token)).await;
    assert_eq!(data(&response)["updateNotificationSettings"]["quietHours"]["end"], "07:00", "{response}");
    let rows = count_rows(&app.db, "notification_settings").await;
    for (input, field) in [
        (json!({ "timezone": "Mars/Olympus" }), "timezone"),
        (json!({ "timezone": "UTC", "quietHoursStart": "25:00", "quietHoursEnd": "07:00" }), "quietHoursStart"),
        (json!({ "timezone": "UTC", "quietHoursStart": "22:00" }), "quietHoursEnd"),
        (json!({ "timezone": "UTC", "quietHoursStart": "07:00", "quietHoursEnd": "07:00" }), "quietHoursEnd"),
    ] {
        let response = app.gql(update, json!({ "input": input }), Some(&seeker.token)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response}");
    }
    assert_eq!(count_rows(&app.db, "notification_settings").await, rows);
    let kept = app.gql("{ notificationPreferences { timezone } }", json!({}), Some(&seeker.token)).await;
    assert_eq!(data(&kept)["notificationPreferences"]["timezone"], "Europe/Berlin");
}
