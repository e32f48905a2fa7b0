//! What the index holds as jobs and companies change: only published jobs
//! of listed companies are found, and what left comes back with its events.

use jobgraph_shared::events::payloads::{CompanyCreated, JobCreated, JobDeleted};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn closed_deleted_and_suspended_jobs_leave_and_come_back_with_their_events() {
    let app = TestApp::spawn().await;
    let mut acme = app.company("Acme");
    let first = job(&acme, "Platform Engineer", 1);
    let second = job(&acme, "Platform Engineer", 1);
    app.publish(&first);
    app.publish(&second);
    let found = || async { app.search(json!({ "query": "platform engineer" })).await.0 };
    assert_eq!(found().await.len(), 2);

    app.change_status(&first, "CLOSED");
    assert_eq!(found().await, vec![second.id.to_string()]);
    app.change_status(&first, "PUBLISHED");
    assert_eq!(found().await.len(), 2, "a reposted job is found again");

    acme.is_suspended = true;
    app.update_company(&acme, "isSuspended");
    assert!(found().await.is_empty(), "a suspended company's jobs leave search");
    acme.is_suspended = false;
    app.update_company(&acme, "isSuspended");
    assert_eq!(found().await.len(), 2, "and come back when the suspension is lifted");

    let deleted =
        JobDeleted { job_id: second.id, company_id: acme.id, deleted_at: chrono::Utc::now(), job: second.clone() };
    app.apply(&[event(&deleted)]);
    assert_eq!(found().await, vec![first.id.to_string()]);
    // A redelivered event leaves one document, not two.
    app.apply(&[event(&JobCreated { job: first.clone() }), event(&JobCreated { job: first.clone() })]);
    assert_eq!(found().await, vec![first.id.to_string()]);
}

#[tokio::test]
async fn jobs_carry_their_companys_name_whichever_event_comes_first() {
    let app = TestApp::spawn().await;
    let mut company =
        jobgraph_shared::testing::company_snapshot(uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), chrono::Utc::now());
    company.name = "Initech".into();
    // The job's event arrives before its company's (another partition).
    let posted = job(&company, "Analyst", 1);
    app.apply(&[event(&JobCreated { job: posted.clone() }), event(&CompanyCreated { company: company.clone() })]);
    assert_eq!(app.search(json!({ "query": "initech" })).await.0, vec![posted.id.to_string()]);
    company.name = "Initrode".into();
    company.is_verified = true;
    app.update_company(&company, "name");
    assert!(app.search(json!({ "query": "initech " })).await.0.is_empty());
    assert_eq!(app.search(json!({ "query": "initrode", "filter": { "verifiedOnly": true } })).await.0.len(), 1);
}

#[tokio::test]
async fn suggestions_similar_jobs_and_companies() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme Robotics");
    let hooli = app.company("Hooli");
    let rust = with_skills(job(&acme, "Rust Engineer", 1), &["Rust", "Tokio"]);
    let rust_too = with_skills(job(&hooli, "Senior Rust Engineer", 1), &["Rust"]);
    let chef = job(&hooli, "Chef", 1);
    for job in [&rust, &rust_too, &chef] {
        app.publish(job);
    }
    let response = app.gql(r#"{ suggest(prefix: "ru") { kind text count } }"#, json!({})).await;
    assert_eq!(
        response["data"]["suggest"],
        json!([
            { "kind": "SKILL", "text": "Rust", "count": 2 },
            { "kind": "TITLE", "text": "Rust Engineer", "count": 1 },
            { "kind": "TITLE", "text": "Senior Rust Engineer", "count": 1 }
        ]),
        "{response}"
    );
    // Any word of a title starts a suggestion of it, once; skills, companies and places match from their start.
    let response = app.gql(r#"{ suggest(prefix: "eng") { kind text count } }"#, json!({})).await;
    assert_eq!(
        response["data"]["suggest"],
        json!([
            { "kind": "TITLE", "text": "Rust Engineer", "count": 1 },
            { "kind": "TITLE", "text": "Senior Rust Engineer", "count": 1 }
        ]),
        "{response}"
    );
    let response = app.gql(r#"{ suggest(prefix: "robo") { kind text } }"#, json!({})).await;
    assert_eq!(response["data"]["suggest"], json!([]), "company names match from their start: {response}");
    let response = app.gql(r#"{ suggest(prefix: "acme r") { kind text } }"#, json!({})).await;
    assert_eq!(response["data"]["suggest"], json!([{ "kind": "COMPANY", "text": "Acme Robotics" }]));

    let similar = app
        .gql(
            r#"query ($id: ID!) { _entities(representations: [{ __typename: "Job", id: $id }]) { ... on Job { similarJobs(first: 5) { id } } } }"#,
            json!({ "id": rust.id }),
        )
        .await;
    assert_eq!(similar["data"]["_entities"][0]["similarJobs"], json!([{ "id": rust_too.id.to_string() }]), "{similar}");

    let companies =
        app.gql(r#"{ searchCompanies(query: "hooli") { totalCount edges { node { id } } } }"#, json!({})).await;
    assert_eq!(companies["data"]["searchCompanies"]["totalCount"], 1, "{companies}");
    assert_eq!(companies["data"]["searchCompanies"]["edges"][0]["node"]["id"], hooli.id.to_string());
}

/// What the feed matches against saved searches: the jobs a batch makes
/// findable that were not before; not a job the index already holds, a
/// draft, or a job its company's suspension hides.
#[tokio::test]
async fn a_batch_names_the_jobs_it_newly_makes_findable() {
    use jobgraph_shared::events::payloads::{JobSnapshot, JobStatusChanged};

    let app = TestApp::spawn().await;
    let mut acme = app.company("Acme");
    let held = job(&acme, "Platform Engineer", 1);
    app.publish(&held);
    let new = job(&acme, "Data Engineer", 1);
    let mut draft = job(&acme, "Site Engineer", 1);
    draft.status = "DRAFT".into();
    let ids = |jobs: Vec<JobSnapshot>| jobs.into_iter().map(|job| job.id).collect::<Vec<_>>();
    let found = app
        .index
        .apply(&[
            event(&JobCreated { job: held.clone() }),
            event(&JobCreated { job: new.clone() }),
            event(&JobCreated { job: draft }),
        ])
        .unwrap();
    assert_eq!(ids(found), vec![new.id], "only the job not found before");

    let mut closed = held.clone();
    closed.status = "CLOSED".into();
    app.apply(&[event(&JobStatusChanged { from: "PUBLISHED".into(), to: "CLOSED".into(), job: closed })]);
    let reposted = JobStatusChanged { from: "CLOSED".into(), to: "PUBLISHED".into(), job: held.clone() };
    assert_eq!(ids(app.index.apply(&[event(&reposted)]).unwrap()), vec![held.id], "published again: new again");

    acme.is_suspended = true;
    app.update_company(&acme, "isSuspended");
    let hidden = job(&acme, "Hidden Engineer", 1);
    assert!(app.index.apply(&[event(&JobCreated { job: hidden })]).unwrap().is_empty(), "hidden: not news");
}
