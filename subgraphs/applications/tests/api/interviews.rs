//! Interviews: scheduling rules, overlaps, the lifecycle and its events.

use jobgraph_shared::events::payloads::{InterviewCancelled, InterviewRescheduled, InterviewScheduled};
use jobgraph_shared::testing::{data, error_code};
use serde_json::{Value, json};

use crate::helpers::{Cast, TestApp, in_days};

const SCHEDULE: &str = "mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id status timezone scheduledAt endsAt } }";

async fn at_interview_stage(app: &TestApp, cast: &Cast, seeker: &crate::helpers::Actor) -> String {
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(seeker, &job).await;
    app.moved(&cast.employer, &id, "SCREENING").await;
    app.moved(&cast.employer, &id, "INTERVIEW").await;
    id
}

fn input(application: &str, at: chrono::DateTime<chrono::Utc>, extra: Value) -> Value {
    let mut input = json!({ "applicationId": application, "type": "VIDEO", "scheduledAt": at.to_rfc3339(),
        "durationMinutes": 60, "timezone": "America/New_York", "meetingUrl": "https://meet.example.com/x" });
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    json!({ "input": input })
}

#[tokio::test]
async fn scheduling_checks_the_stage_and_the_slot_and_refusals_write_nothing() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let job = app.open_job(&cast.employer).await;
    let early = app.apply(&cast.applicant, &job).await;
    let refused = app.gql(SCHEDULE, input(&early, in_days(2), json!({})), Some(&cast.employer.token)).await;
    assert_eq!(error_code(&refused), Some("CONFLICT"), "not before the INTERVIEW stage: {refused}");

    let id = at_interview_stage(&app, &cast, &cast.other_seeker).await;
    let before = app.snapshot().await;
    for (extra, field) in [
        (json!({ "scheduledAt": in_days(-1).to_rfc3339() }), "scheduledAt"),
        (json!({ "durationMinutes": 5 }), "durationMinutes"),
        (json!({ "timezone": "Mars/Olympus_Mons" }), "timezone"),
        (json!({ "meetingUrl": null }), "meetingUrl"),
        (json!({ "type": "ONSITE", "location": null }), "location"),
        (json!({ "meetingUrl": "javascript:alert(1)" }), "meetingUrl"),
    ] {
        let response = app.gql(SCHEDULE, input(&id, in_days(2), extra.clone()), Some(&cast.employer.token)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{extra}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response}");
    }
    assert_eq!(app.snapshot().await, before);

    let scheduled = app.gql(SCHEDULE, input(&id, in_days(2), json!({})), Some(&cast.employer.token)).await;
    let interview = &data(&scheduled)["scheduleInterview"];
    assert_eq!(
        (interview["status"].as_str(), interview["timezone"].as_str()),
        (Some("SCHEDULED"), Some("America/New_York"))
    );
    let event = app.recorded_events().await.pop().unwrap().decode::<InterviewScheduled>().unwrap();
    assert_eq!(event.interview.timezone, "America/New_York");
    assert_eq!(event.interview.applicant_id, cast.other_seeker.id);
}

#[tokio::test]
async fn an_applicants_interviews_never_overlap_even_across_jobs() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let first = at_interview_stage(&app, &cast, &cast.applicant).await;
    let second = at_interview_stage(&app, &cast, &cast.applicant).await;
    let start = in_days(3);
    data(&app.gql(SCHEDULE, input(&first, start, json!({})), Some(&cast.employer.token)).await);
    let clash = app
        .gql(SCHEDULE, input(&second, start + chrono::Duration::minutes(30), json!({})), Some(&cast.employer.token))
        .await;
    assert_eq!(error_code(&clash), Some("CONFLICT"), "{clash}");
    // Back to back is fine.
    let next = app
        .gql(SCHEDULE, input(&second, start + chrono::Duration::minutes(60), json!({})), Some(&cast.employer.token))
        .await;
    let next_id = data(&next)["scheduleInterview"]["id"].as_str().unwrap().to_string();
    // Another applicant at the same time is fine too.
    let other = at_interview_stage(&app, &cast, &cast.other_seeker).await;
    data(&app.gql(SCHEDULE, input(&other, start, json!({})), Some(&cast.employer.token)).await);
    // Rescheduling into a clash is refused; a cancelled interview frees its slot.
    let reschedule =
        "mutation($id: ID!, $at: DateTime!) { rescheduleInterview(id: $id, scheduledAt: $at) { status scheduledAt } }";
    let into_clash =
        app.gql(reschedule, json!({ "id": next_id, "at": start.to_rfc3339() }), Some(&cast.employer.token)).await;
    assert_eq!(error_code(&into_clash), Some("CONFLICT"), "{into_clash}");
    let first_interview = app
        .gql(
            "query($id: ID!) { application(id: $id) { interviews { id } } }",
            json!({ "id": first }),
            Some(&cast.employer.token),
        )
        .await;
    let first_interview = data(&first_interview)["application"]["interviews"][0]["id"].as_str().unwrap().to_string();
    let cancel = "mutation($id: ID!) { cancelInterview(id: $id, reason: \"sick\") { status } }";
    assert_eq!(
        data(&app.gql(cancel, json!({ "id": first_interview }), Some(&cast.employer.token)).await)["cancelInterview"]["status"],
        "CANCELLED"
    );
    let cancelled = app.recorded_events().await.pop().unwrap().decode::<InterviewCancelled>().unwrap();
    assert_eq!(cancelled.reason.as_deref(), Some("sick"));
    let moved =
        app.gql(reschedule, json!({ "id": next_id, "at": start.to_rfc3339() }), Some(&cast.employer.token)).await;
    assert_eq!(data(&moved)["rescheduleInterview"]["status"], "RESCHEDULED");
    let event = app.recorded_events().await.pop().unwrap().decode::<InterviewRescheduled>().unwrap();
    let previous = start + chrono::Duration::minutes(60);
    assert_eq!(event.previous_scheduled_at.timestamp_micros(), previous.timestamp_micros());
    // Over is over.
    let again = app.gql(cancel, json!({ "id": first_interview }), Some(&cast.employer.token)).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    let no_show = "mutation($id: ID!) { markInterviewNoShow(id: $id) { status } }";
    assert_eq!(
        data(&app.gql(no_show, json!({ "id": next_id }), Some(&cast.employer.token)).await)["markInterviewNoShow"]["status"],
        "NO_SHOW"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_twenty_concurrent_overlapping_schedules_exactly_one_succeeds() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let cast = app.cast();
    let mut applications = Vec::new();
    for _ in 0..4 {
        applications.push(at_interview_stage(&app, &cast, &cast.applicant).await);
    }
    // Several rounds, each on a day of its own: a race that one round might
    // happen to miss is all but certain to show in one of them.
    for round in 0..5 {
        let start = in_days(5 + round);
        let gate = std::sync::Arc::new(tokio::sync::Barrier::new(20));
        let tasks: Vec<_> = (0..20)
            .map(|n| {
                let (app, gate, token) = (app.clone(), gate.clone(), cast.employer.token.clone());
                let variables = input(
                    &applications[n % applications.len()],
                    start + chrono::Duration::minutes(n as i64 % 30),
                    json!({}),
                );
                tokio::spawn(async move {
                    gate.wait().await;
                    app.gql(SCHEDULE, variables, Some(&token)).await
                })
            })
            .collect();
        let mut responses = Vec::new();
        for task in tasks {
            responses.push(task.await.unwrap());
        }
        let scheduled = responses.iter().filter(|response| response.get("errors").is_none()).count();
        let refused = responses.iter().filter(|response| error_code(response) == Some("CONFLICT")).count();
        assert_eq!((scheduled, refused), (1, 19), "round {round}: {responses:#?}");
    }
    assert_eq!(app.snapshot().await.2.len(), 5, "one interview stored per round");
}

#[tokio::test]
async fn interviews_of_closed_or_deleted_applications_are_frozen_and_do_not_block_slots() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let reschedule = "mutation($id: ID!, $at: DateTime!) { rescheduleInterview(id: $id, scheduledAt: $at) { id } }";
    let cancel = "mutation($id: ID!) { cancelInterview(id: $id) { id } }";
    let complete = "mutation($id: ID!) { completeInterview(id: $id, feedback: \"good\") { id } }";
    let no_show = "mutation($id: ID!) { markInterviewNoShow(id: $id) { id } }";
    let start = in_days(4);
    for ending in ["WITHDRAWN", "REJECTED", "HIRED", "DELETED"] {
        let id = at_interview_stage(&app, &cast, &cast.applicant).await;
        let scheduled = app.gql(SCHEDULE, input(&id, start, json!({})), Some(&cast.employer.token)).await;
        let interview = data(&scheduled)["scheduleInterview"]["id"].as_str().unwrap().to_string();
        match ending {
            "WITHDRAWN" => app.moved(&cast.applicant, &id, "WITHDRAWN").await,
            "REJECTED" => app.moved(&cast.employer, &id, "REJECTED").await,
            "HIRED" => {
                app.moved(&cast.employer, &id, "OFFER").await;
                app.moved(&cast.employer, &id, "HIRED").await;
            }
            _ => {
                let deleted = "mutation($id: ID!) { deleteApplication(id: $id) { id } }";
                data(&app.gql(deleted, json!({ "id": id }), Some(&cast.applicant.token)).await);
            }
        }
        let before = app.snapshot().await;
        for (mutation, variables) in [
            (reschedule, json!({ "id": interview, "at": in_days(6).to_rfc3339() })),
            (cancel, json!({ "id": interview })),
            (complete, json!({ "id": interview })),
            (no_show, json!({ "id": interview })),
        ] {
            let response = app.gql(mutation, variables, Some(&cast.employer.token)).await;
            assert_eq!(error_code(&response), Some("CONFLICT"), "{ending}: {mutation}: {response}");
        }
        if ending == "DELETED" {
            let note = "mutation($id: ID!) { addRecruiterNote(applicationId: $id, body: \"late\") { id } }";
            let response = app.gql(note, json!({ "id": id }), Some(&cast.employer.token)).await;
            assert_eq!(error_code(&response), Some("CONFLICT"), "a note on a deleted application: {response}");
        }
        assert_eq!(app.snapshot().await, before, "{ending}: refusals write nothing");
    }
    // The frozen interviews above hold no slot: the same time is free for a live application.
    let live = at_interview_stage(&app, &cast, &cast.applicant).await;
    data(&app.gql(SCHEDULE, input(&live, start, json!({})), Some(&cast.employer.token)).await);
}
