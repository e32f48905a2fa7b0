//! The permission matrix: every query, mutation and `User` field tried as
//! anonymous, the user, another user and an admin. Every mutation must have
//! a row, so a new one without a rule fails here.

use jobgraph_notifications::entities::enums::Channel;
use jobgraph_shared::testing::{assert_every_mutation_has_a_row, data, error_code, expected_outcome};
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn outcome(response: &Value) -> String {
    error_code(response).unwrap_or("ok").to_string()
}

#[tokio::test]
async fn every_operation_as_every_caller() {
    let app = TestApp::spawn().await;
    let cast = app.cast().await;
    let owned = app.notifications_of(&cast.user, Channel::InApp).await[0].id.to_string();
    let template = json!({ "key": "welcome", "channel": "IN_APP", "locale": "en", "subject": "Hi {{ recipient.first_name }}", "textBody": "Hello", "htmlBody": "<p>Hello</p>" });
    let user_rep = json!({ "r": [{ "__typename": "User", "id": cast.user.id }] });
    let everyone_signed_in: &[&str] = &["user", "other user", "admin"];
    // (operation, document, variables, who may)
    let mutations: Vec<(&str, &str, Value, &[&str])> = vec![
        (
            "markNotificationRead",
            "mutation($id: ID!) { markNotificationRead(id: $id) { id } }",
            json!({ "id": owned }),
            &["user"],
        ),
        ("markAllNotificationsRead", "mutation { markAllNotificationsRead }", json!({}), everyone_signed_in),
        (
            "updateNotificationPreference",
            "mutation { updateNotificationPreference(input: { category: MARKETING, channel: EMAIL, enabled: true }) { enabled } }",
            json!({}),
            everyone_signed_in,
        ),
        (
            "updateNotificationSettings",
            "mutation { updateNotificationSettings(input: { timezone: \"UTC\" }) { timezone } }",
            json!({}),
            everyone_signed_in,
        ),
        (
            "saveNotificationTemplate",
            "mutation($input: SaveNotificationTemplateInput!) { saveNotificationTemplate(input: $input) { version } }",
            json!({ "input": template }),
            &["admin"],
        ),
    ];
    let rows: Vec<&str> = mutations.iter().map(|(name, ..)| *name).collect();
    assert_every_mutation_has_a_row(&jobgraph_notifications::sdl(), &rows);
    let queries: Vec<(&str, &str, Value, &[&str])> = vec![
        ("notifications", "{ notifications { totalCount } }", json!({}), everyone_signed_in),
        ("unreadNotificationCount", "{ unreadNotificationCount }", json!({}), everyone_signed_in),
        ("notificationPreferences", "{ notificationPreferences { timezone } }", json!({}), everyone_signed_in),
        ("notificationTemplates", "{ notificationTemplates { version } }", json!({}), &["admin"]),
        ("previewTemplate", "{ previewTemplate(key: \"welcome\") { subject } }", json!({}), &["admin"]),
        (
            "User.notifications",
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { notifications { totalCount } } } }",
            user_rep.clone(),
            &["user", "admin"],
        ),
        (
            "User.unreadNotificationCount",
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { unreadNotificationCount } } }",
            user_rep.clone(),
            &["user", "admin"],
        ),
        (
            "User.notificationPreferences",
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { notificationPreferences { timezone } } } }",
            user_rep.clone(),
            &["user", "admin"],
        ),
    ];
    for (name, document, variables, allowed) in mutations.iter().chain(queries.iter()) {
        for (who, token) in cast.everyone() {
            let response = app.gql(document, variables.clone(), token).await;
            assert_eq!(outcome(&response), expected_outcome(who, allowed), "{name} as {who}: {response}");
        }
    }
    // The subscription: anonymous is refused; every signed-in caller gets
    // their own stream, and a notification of the user reaches only theirs.
    let mut streams = Vec::new();
    for (who, token) in cast.everyone() {
        streams.push((who, crate::subscription::subscribe_as(&app, token).await));
    }
    let (anonymous, frames) = &mut streams[0];
    let refusal = tokio::time::timeout(std::time::Duration::from_secs(5), frames.recv()).await.unwrap().unwrap();
    let refusal = crate::subscription::payload(&refusal).unwrap();
    assert_eq!(refusal["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{anonymous}: {refusal}");
    let users_notification = app.notifications_of(&cast.user, Channel::InApp).await[0].id;
    app.live.publish(cast.user.id, jobgraph_notifications::domain::live::Arrived::Id(users_notification));
    for (who, frames) in &mut streams[1..] {
        let frame = tokio::time::timeout(std::time::Duration::from_millis(500), frames.recv()).await;
        let expected = expected_outcome(who, &["user"]) == "ok";
        assert_eq!(frame.is_ok(), expected, "notificationAdded as {who}: {frame:?}");
    }

    // Each sees their own feed: the other user's holds only their own welcome.
    let theirs = app.gql("{ notifications { edges { node { id } } } }", json!({}), Some(&cast.other.token)).await;
    let ids: Vec<&Value> =
        data(&theirs)["notifications"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]["id"]).collect();
    assert!(!ids.contains(&&json!(owned)), "{theirs}");
}
