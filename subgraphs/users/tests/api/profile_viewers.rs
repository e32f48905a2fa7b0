//! Employers read an applicant's profile only through an application to one
//! of their jobs (`application.submitted` tells users), and never the
//! desired salary.

use std::time::Duration;

use jobgraph_shared::auth::Role;
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::payloads::ApplicationSubmitted;
use jobgraph_shared::events::{Consumer, Delivery, Envelope, Mode, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::data;
use jobgraph_users::domain::application_events::ApplicationEvents;
use serde_json::json;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::helpers::TestApp;

const PROFILE: &str = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { firstName seekerProfile { headline skills desiredSalary { amount } } } } }";

#[tokio::test]
async fn the_employer_applied_to_reads_the_profile_and_nobody_else() {
    let app = TestApp::spawn().await;
    let seeker = app.register("ada@example.com", Role::JobSeeker).await;
    let employer = app.register("grace@example.com", Role::Employer).await;
    let other_employer = app.register("eve@example.com", Role::Employer).await;
    let update = "mutation { updateSeekerProfile(input: { headline: \"Compiler engineer\", skills: [\"Rust\"], desiredSalary: { amount: 150000, currency: \"EUR\" } }) { headline } }";
    data(&app.gql(update, json!({}), Some(&seeker.access)).await);
    let representations = json!({ "r": [{ "__typename": "User", "id": seeker.id }] });
    let app = &app;
    let profile = |token: &str| {
        let token = token.to_string();
        let representations = representations.clone();
        async move {
            let response = app.gql(PROFILE, representations, Some(&token)).await;
            data(&response)["_entities"][0]["seekerProfile"].clone()
        }
    };
    assert!(profile(&employer.access).await.is_null(), "not before an application");

    let submitted = ApplicationSubmitted {
        application_id: Uuid::now_v7(),
        job_id: Uuid::now_v7(),
        company_id: Uuid::now_v7(),
        applicant_id: seeker.id.parse().unwrap(),
        job_owner_id: employer.id.parse().unwrap(),
        job_title: "Compiler Engineer".into(),
        submitted_at: chrono::Utc::now(),
        source: None,
    };
    let envelope = Envelope::new("applications", None, &submitted).unwrap();
    let delivery = Delivery {
        topic: Topic::Applications.name().into(),
        partition: 0,
        offset: 0,
        key: Some(envelope.aggregate_id.to_string()),
        payload: serde_json::to_vec(&envelope).unwrap(),
        headers: vec![],
    };
    let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(1) };
    let consumer = Consumer::new("users", app.db.clone(), ApplicationEvents, Transport::Bus(Bus::new()), retry);
    assert!(consumer.handle_batch(&[delivery], Mode::Live, &CancellationToken::new()).await);

    let seen = profile(&employer.access).await;
    assert_eq!(seen["headline"], "Compiler engineer", "{seen}");
    assert_eq!(seen["skills"], json!(["Rust"]));
    assert!(seen["desiredSalary"].is_null(), "the desired salary stays the seeker's: {seen}");
    assert!(profile(&other_employer.access).await.is_null(), "another employer sees nothing");
    let other_seeker = app.register("bob@example.com", Role::JobSeeker).await;
    assert!(profile(&other_seeker.access).await.is_null());
    assert_eq!(profile(&seeker.access).await["desiredSalary"]["amount"], 150000, "the seeker sees it all");
    let admin = app.admin().await;
    assert_eq!(profile(&admin.access).await["desiredSalary"]["amount"], 150000);
}
