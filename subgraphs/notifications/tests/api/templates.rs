//! Templates: admins save versions that are checked when saved, preview
//! them against sample data, and the newest version is what users receive.

use jobgraph_notifications::entities::enums::Channel;
use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::{Value, json};

use crate::helpers::TestApp;

const SAVE: &str = "mutation($input: SaveNotificationTemplateInput!) { saveNotificationTemplate(input: $input) { id key channel locale version subject } }";

fn template(subject: &str) -> Value {
    json!({
        "key": "application.status_changed",
        "channel": "EMAIL",
        "locale": "en",
        "subject": subject,
        "textBody": "Hi {{ recipient.first_name }}, {{ job.title }} is at {{ status_text }}.",
        "htmlBody": "<p>Hi {{ recipient.first_name }}, <b>{{ job.title }}</b> is at {{ status_text }}.</p>",
    })
}

#[tokio::test]
async fn saved_versions_are_previewed_and_the_newest_is_sent() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let first = app.gql(SAVE, json!({ "input": template("v1: {{ job.title }}") }), Some(&admin.token)).await;
    assert_eq!(data(&first)["saveNotificationTemplate"]["version"], 1, "{first}");
    let second = app.gql(SAVE, json!({ "input": template("Update on {{ job.title }}") }), Some(&admin.token)).await;
    assert_eq!(data(&second)["saveNotificationTemplate"]["version"], 2, "{second}");

    let list = app
        .gql(
            "{ notificationTemplates(key: \"application.status_changed\") { version subject } }",
            json!({}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(data(&list)["notificationTemplates"].as_array().unwrap().len(), 2, "{list}");
    let preview = "query($version: Int) { previewTemplate(key: \"application.status_changed\", channel: EMAIL, locale: \"en\", version: $version) { subject textBody htmlBody } }";
    let old = app.gql(preview, json!({ "version": 1 }), Some(&admin.token)).await;
    assert_eq!(data(&old)["previewTemplate"]["subject"], "v1: Senior Rust Engineer", "{old}");
    let now = app.gql(preview, json!({}), Some(&admin.token)).await;
    assert_eq!(data(&now)["previewTemplate"]["subject"], "Update on Senior Rust Engineer");
    assert_eq!(
        data(&now)["previewTemplate"]["htmlBody"],
        "<p>Hi Ada, <b>Senior Rust Engineer</b> is at interview.</p>"
    );
    // A shipped default previews in German too.
    let german = app
        .gql("{ previewTemplate(key: \"welcome\", locale: \"de\") { subject } }", json!({}), Some(&admin.token))
        .await;
    assert_eq!(data(&german)["previewTemplate"]["subject"], "Willkommen bei Jobgraph, Ada", "{german}");

    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "R&D <Lead>").await;
    let application = app.applied(&seeker, &job).await;
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    let email = app.notifications_of(&seeker, Channel::Email).await.pop().unwrap();
    assert_eq!(email.title, "Update on R&D <Lead>", "the subject is plain text");
    assert!(email.email_html.unwrap().contains("<b>R&amp;D &lt;Lead&gt;</b>"), "the HTML body escapes");
    // The in-app channel was not overridden: it keeps the shipped default.
    let in_app = app.notifications_of(&seeker, Channel::InApp).await.pop().unwrap();
    assert_eq!(in_app.title, "Your application for R&D <Lead>: screening");
}

#[tokio::test]
async fn a_template_that_would_not_render_is_refused_when_saved_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let admin = app.user(Role::Admin).await;
    let cases = [
        (json!({ "htmlBody": "<p>{{ recipient.nickname }}</p>" }), "htmlBody"),
        (json!({ "textBody": "{% if %}" }), "textBody"),
        (json!({ "subject": "{{ job.title" }), "subject"),
        (json!({ "subject": "  " }), "subject"),
        (json!({ "locale": "english" }), "locale"),
        (json!({ "key": "application.teleported" }), "key"),
    ];
    for (change, field) in cases {
        let mut input = template("fine");
        for (name, value) in change.as_object().unwrap() {
            input[name] = value.clone();
        }
        let response = app.gql(SAVE, json!({ "input": input }), Some(&admin.token)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response}");
    }
    let mut bad_enum = template("fine");
    bad_enum["channel"] = json!("PIGEON");
    let response = app.gql(SAVE, json!({ "input": bad_enum }), Some(&admin.token)).await;
    assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{response}");
    assert_eq!(count_rows(&app.db, "templates").await, 0);
}
