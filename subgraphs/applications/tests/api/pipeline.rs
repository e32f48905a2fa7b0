//! Applying and the pipeline, and the original's mistakes, each shown impossible.

use jobgraph_applications::entities::{application, status_change};
use jobgraph_shared::events::payloads::{ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn};
use jobgraph_shared::testing::{data, error_code};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{APPLY, MOVE, TestApp, in_days};

const HISTORY: &str = "query($id: ID!) { application(id: $id) { status history { from to reason actor { id } } } }";

#[tokio::test]
async fn a_seeker_applies_and_the_employer_runs_the_pipeline_with_every_step_in_the_history() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let input = json!({ "jobId": job.id, "coverLetter": "Hello", "resumeUrl": "https://cv.example.com/ada.pdf",
        "expectedSalary": { "amount": 90000, "currency": "eur" }, "availabilityDate": "2027-01-15" });
    let applied = app.gql(APPLY, json!({ "input": input }), Some(&cast.applicant.token)).await;
    assert_eq!(data(&applied)["applyToJob"]["status"], "APPLIED");
    let id = data(&applied)["applyToJob"]["id"].as_str().unwrap().to_string();
    let stored = application::Entity::find_by_id(Uuid::parse_str(&id).unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.company_id, job.company_id, "the company comes from the job, never from the client");
    assert_eq!(stored.expected_salary_currency.as_deref(), Some("EUR"));

    for to in ["SCREENING", "INTERVIEW", "OFFER"] {
        app.moved(&cast.employer, &id, to).await;
    }
    let hired = app.gql(MOVE, json!({ "id": id, "to": "HIRED", "reason": "great fit" }), Some(&cast.admin.token)).await;
    assert_eq!(data(&hired)["moveApplication"]["status"], "HIRED");

    let seen = app.gql(HISTORY, json!({ "id": id }), Some(&cast.applicant.token)).await;
    let history = data(&seen)["application"]["history"].as_array().unwrap().clone();
    let steps: Vec<(serde_json::Value, serde_json::Value, serde_json::Value)> =
        history.iter().map(|step| (step["from"].clone(), step["to"].clone(), step["actor"]["id"].clone())).collect();
    let (applicant, employer, admin) =
        (json!(cast.applicant.id.to_string()), json!(cast.employer.id.to_string()), json!(cast.admin.id.to_string()));
    assert_eq!(
        steps,
        vec![
            (json!(null), json!("APPLIED"), applicant),
            (json!("APPLIED"), json!("SCREENING"), employer.clone()),
            (json!("SCREENING"), json!("INTERVIEW"), employer.clone()),
            (json!("INTERVIEW"), json!("OFFER"), employer),
            (json!("OFFER"), json!("HIRED"), admin),
        ],
        "each step names the caller who made it, from the verified token"
    );
    assert_eq!(history[4]["reason"], "great fit");

    let types: Vec<String> = app.recorded_events().await.into_iter().map(|e| e.event_type).collect();
    assert_eq!(types[0], "application.submitted");
    assert_eq!(types.len(), 5);
    let submitted = app.recorded_events().await[0].decode::<ApplicationSubmitted>().unwrap();
    assert_eq!((submitted.job_owner_id, submitted.job_title.as_str()), (cast.employer.id, "Senior Rust Engineer"));
    let last = app.recorded_events().await.pop().unwrap().decode::<ApplicationStatusChanged>().unwrap();
    assert_eq!((last.from.as_str(), last.to.as_str()), ("OFFER", "HIRED"));
}

#[tokio::test]
async fn status_cannot_be_set_to_anything() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(&cast.applicant, &job).await;
    let before = app.snapshot().await;
    // Skipping stages, going back, or the applicant moving it forward: refused.
    for (to, token, code) in [
        ("OFFER", &cast.employer.token, "CONFLICT"),
        ("HIRED", &cast.admin.token, "CONFLICT"),
        ("APPLIED", &cast.employer.token, "CONFLICT"),
        ("SCREENING", &cast.applicant.token, "FORBIDDEN"),
        ("WITHDRAWN", &cast.employer.token, "FORBIDDEN"),
    ] {
        let response = app.gql(MOVE, json!({ "id": id, "to": to }), Some(token)).await;
        assert_eq!(error_code(&response), Some(code), "to {to}: {response}");
    }
    let unknown = app.gql(MOVE, json!({ "id": id, "to": "PROMOTED" }), Some(&cast.employer.token)).await;
    assert_eq!(error_code(&unknown), Some("BAD_USER_INPUT"));
    assert_eq!(app.snapshot().await, before, "refused moves wrote nothing");

    // Final statuses stay final.
    app.moved(&cast.employer, &id, "REJECTED").await;
    for to in ["SCREENING", "REJECTED"] {
        let response = app.gql(MOVE, json!({ "id": id, "to": to }), Some(&cast.employer.token)).await;
        assert_eq!(error_code(&response), Some("CONFLICT"), "{response}");
    }
    let withdraw = "mutation($id: ID!) { withdrawApplication(id: $id) { status } }";
    let response = app.gql(withdraw, json!({ "id": id }), Some(&cast.applicant.token)).await;
    assert_eq!(error_code(&response), Some("CONFLICT"), "a rejected application cannot be withdrawn");
}

#[tokio::test]
async fn the_applicant_withdraws_and_the_employer_is_told() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(&cast.applicant, &job).await;
    let withdraw = "mutation($id: ID!) { withdrawApplication(id: $id, reason: \"took another offer\") { status } }";
    let response = app.gql(withdraw, json!({ "id": id }), Some(&cast.applicant.token)).await;
    assert_eq!(data(&response)["withdrawApplication"]["status"], "WITHDRAWN");
    let withdrawn = app.recorded_events().await.pop().unwrap().decode::<ApplicationWithdrawn>().unwrap();
    assert_eq!(withdrawn.job_owner_id, cast.employer.id);
    assert_eq!(withdrawn.reason.as_deref(), Some("took another offer"));
}

#[tokio::test]
async fn applying_is_checked_against_the_job_and_refusals_write_nothing() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let before = app.snapshot().await;
    let cases = [
        (json!({ "jobId": Uuid::now_v7() }), &cast.applicant.token, "NOT_FOUND"),
        (json!({ "jobId": "not-an-id" }), &cast.applicant.token, "BAD_USER_INPUT"),
        (json!({ "jobId": job.id, "resumeUrl": "ftp://x" }), &cast.applicant.token, "BAD_USER_INPUT"),
        (
            json!({ "jobId": job.id, "expectedSalary": { "amount": -1, "currency": "EUR" } }),
            &cast.applicant.token,
            "BAD_USER_INPUT",
        ),
        (
            json!({ "jobId": job.id, "expectedSalary": { "amount": 1, "currency": "euros" } }),
            &cast.applicant.token,
            "BAD_USER_INPUT",
        ),
        (json!({ "jobId": job.id, "coverLetter": "x".repeat(10_001) }), &cast.applicant.token, "BAD_USER_INPUT"),
        // The employer id never comes from the client: there is no such field.
        (json!({ "jobId": job.id, "companyId": Uuid::now_v7() }), &cast.applicant.token, "BAD_USER_INPUT"),
        // Only job seekers apply.
        (json!({ "jobId": job.id }), &cast.employer.token, "FORBIDDEN"),
        (json!({ "jobId": job.id }), &cast.admin.token, "FORBIDDEN"),
    ];
    for (input, token, code) in cases {
        let response = app.gql(APPLY, json!({ "input": input }), Some(token)).await;
        assert_eq!(error_code(&response), Some(code), "{input}: {response}");
    }
    let anonymous = app.gql(APPLY, json!({ "input": { "jobId": job.id } }), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    assert_eq!(app.snapshot().await, before, "nothing written");
}

#[tokio::test]
async fn only_open_jobs_take_applications() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let refused = |response: serde_json::Value| {
        assert_eq!(error_code(&response), Some("CONFLICT"), "{response}");
    };
    // Draft, paused, filled, deleted, past its deadline or expiry.
    let mut draft = crate::helpers::snapshot(cast.employer.id, "DRAFT");
    app.deliver(&jobgraph_shared::events::payloads::JobCreated { job: draft.clone() }).await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": draft.id } }), Some(&cast.applicant.token)).await);
    app.job_becomes(&mut draft, "PUBLISHED").await;
    app.apply(&cast.applicant, &draft).await;
    app.job_becomes(&mut draft, "FILLED").await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": draft.id } }), Some(&cast.other_seeker.token)).await);

    let mut deleted = app.open_job(&cast.employer).await;
    deleted.deleted_at = Some(chrono::Utc::now());
    deleted.version += 1;
    let event = jobgraph_shared::events::payloads::JobDeleted {
        job_id: deleted.id,
        company_id: deleted.company_id,
        deleted_at: chrono::Utc::now(),
        job: deleted.clone(),
    };
    app.deliver(&event).await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": deleted.id } }), Some(&cast.applicant.token)).await);

    let mut late = crate::helpers::snapshot(cast.employer.id, "PUBLISHED");
    late.application_deadline = Some(in_days(-1));
    app.deliver(&jobgraph_shared::events::payloads::JobCreated { job: late.clone() }).await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": late.id } }), Some(&cast.applicant.token)).await);

    // maxApplications: the second applicant is one too many; a withdrawal frees the place.
    let mut small = crate::helpers::snapshot(cast.employer.id, "PUBLISHED");
    small.max_applications = Some(1);
    app.deliver(&jobgraph_shared::events::payloads::JobCreated { job: small.clone() }).await;
    let first = app.apply(&cast.applicant, &small).await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": small.id } }), Some(&cast.other_seeker.token)).await);
    app.moved(&cast.applicant, &first, "WITHDRAWN").await;
    app.apply(&cast.other_seeker, &small).await;

    // An older event arriving late does not reopen a filled job.
    let mut stale = draft.clone();
    stale.status = "PUBLISHED".into();
    stale.version = 1;
    app.deliver(&jobgraph_shared::events::payloads::JobUpdated { changed: vec!["title".into()], job: stale }).await;
    refused(app.gql(APPLY, json!({ "input": { "jobId": draft.id } }), Some(&cast.other_seeker.token)).await);
}

#[tokio::test]
async fn nobody_applies_to_their_own_companys_job() {
    let app = TestApp::spawn().await;
    // An owner who is (now) a job seeker, as a token may say.
    let owner_as_seeker = app.actor(jobgraph_shared::auth::Role::JobSeeker);
    let job = app.open_job(&owner_as_seeker).await;
    let response = app.gql(APPLY, json!({ "input": { "jobId": job.id } }), Some(&owner_as_seeker.token)).await;
    assert_eq!(error_code(&response), Some("FORBIDDEN"), "{response}");
}

#[tokio::test]
async fn one_live_application_per_job_and_a_retry_with_its_key_makes_one() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let input = json!({ "input": { "jobId": job.id, "idempotencyKey": "attempt-1" } });
    let first = app.gql(APPLY, input.clone(), Some(&cast.applicant.token)).await;
    let retried = app.gql(APPLY, input, Some(&cast.applicant.token)).await;
    assert_eq!(
        data(&first)["applyToJob"]["id"],
        data(&retried)["applyToJob"]["id"],
        "a retry returns the same application"
    );
    let count = application::Entity::find().all(&app.db).await.unwrap().len();
    assert_eq!(count, 1);
    // Without the key, a second application is a conflict.
    let again = app.gql(APPLY, json!({ "input": { "jobId": job.id } }), Some(&cast.applicant.token)).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    // The same key for another job is a mistake, not a retry.
    let other = app.open_job(&cast.employer).await;
    let misuse = app
        .gql(
            APPLY,
            json!({ "input": { "jobId": other.id, "idempotencyKey": "attempt-1" } }),
            Some(&cast.applicant.token),
        )
        .await;
    assert_eq!(error_code(&misuse), Some("CONFLICT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_with_one_key_all_return_the_one_application() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let input = json!({ "input": { "jobId": job.id, "idempotencyKey": "double-click" } });
    let responses =
        futures::future::join_all((0..10).map(|_| app.gql(APPLY, input.clone(), Some(&cast.applicant.token)))).await;
    let ids: std::collections::HashSet<String> =
        responses.iter().map(|response| data(response)["applyToJob"]["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 1, "every retry answers with the same application: {responses:?}");
    assert_eq!(application::Entity::find().all(&app.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_deleted_application_does_not_block_a_new_one_and_is_restored_only_when_free() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(&cast.applicant, &job).await;
    let delete = "mutation($id: ID!) { deleteApplication(id: $id) { isDeleted } }";
    let deleted = app.gql(delete, json!({ "id": id }), Some(&cast.applicant.token)).await;
    assert_eq!(data(&deleted)["deleteApplication"]["isDeleted"], true);
    // Soft-deleted rows do not count in the uniqueness rule.
    let second = app.apply(&cast.applicant, &job).await;
    assert_ne!(second, id);
    let restore = "mutation($id: ID!) { restoreApplication(id: $id) { isDeleted } }";
    let refused = app.gql(restore, json!({ "id": id }), Some(&cast.admin.token)).await;
    assert_eq!(error_code(&refused), Some("CONFLICT"), "{refused}");
    app.gql(delete, json!({ "id": second }), Some(&cast.admin.token)).await;
    let restored = app.gql(restore, json!({ "id": id }), Some(&cast.admin.token)).await;
    assert_eq!(data(&restored)["restoreApplication"]["isDeleted"], false);
    let history = status_change::Entity::find()
        .filter(status_change::Column::ApplicationId.eq(Uuid::parse_str(&id).unwrap()))
        .order_by_asc(status_change::Column::At)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
}

/// The same rules on SQLite, the engine of `jobgraph dev`: applying (and a
/// retry with its key), the pipeline, an interview and a clash, a note.
#[tokio::test]
async fn the_pipeline_runs_on_sqlite_as_in_dev() {
    let app = TestApp::spawn_on(jobgraph_shared::testing::Backend::Sqlite).await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let input = json!({ "input": { "jobId": job.id, "idempotencyKey": "sqlite-1" } });
    let first = app.gql(APPLY, input.clone(), Some(&cast.applicant.token)).await;
    let again = app.gql(APPLY, input, Some(&cast.applicant.token)).await;
    let id = data(&first)["applyToJob"]["id"].as_str().unwrap().to_string();
    assert_eq!(data(&again)["applyToJob"]["id"], id.as_str());
    app.moved(&cast.employer, &id, "SCREENING").await;
    app.moved(&cast.employer, &id, "INTERVIEW").await;
    let schedule = "mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id status } }";
    let at = crate::helpers::in_days(3);
    let slot = |at: chrono::DateTime<chrono::Utc>| json!({ "input": { "applicationId": id, "type": "PHONE", "scheduledAt": at.to_rfc3339(), "durationMinutes": 30, "timezone": "UTC" } });
    assert_eq!(
        data(&app.gql(schedule, slot(at), Some(&cast.employer.token)).await)["scheduleInterview"]["status"],
        "SCHEDULED"
    );
    let clash = app.gql(schedule, slot(at + chrono::Duration::minutes(10)), Some(&cast.employer.token)).await;
    assert_eq!(error_code(&clash), Some("CONFLICT"), "{clash}");
    let note = "mutation($id: ID!) { addRecruiterNote(applicationId: $id, body: \"strong\") { body } }";
    assert_eq!(
        data(&app.gql(note, json!({ "id": id }), Some(&cast.employer.token)).await)["addRecruiterNote"]["body"],
        "strong"
    );
    let mine = app
        .gql(
            "{ myApplications { totalCount edges { node { status history { to } } } } }",
            json!({}),
            Some(&cast.applicant.token),
        )
        .await;
    assert_eq!(data(&mine)["myApplications"]["edges"][0]["node"]["status"], "INTERVIEW");
}
