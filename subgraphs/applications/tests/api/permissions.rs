//! The permission matrix: every query and mutation tried as anonymous, the
//! applicant, another seeker, the job's employer, another employer and an admin.

use jobgraph_shared::testing::{data, error_code};
use serde_json::{Value, json};

use crate::helpers::{Cast, MOVE, TestApp, in_days};

/// An application at INTERVIEW with an interview (with feedback) and a note.
async fn scene(app: &TestApp, cast: &Cast) -> (String, String, String) {
    let job = app.open_job(&cast.employer).await;
    let id = app.apply(&cast.applicant, &job).await;
    app.moved(&cast.employer, &id, "SCREENING").await;
    app.moved(&cast.employer, &id, "INTERVIEW").await;
    let note = "mutation($id: ID!) { addRecruiterNote(applicationId: $id, body: \"sharp\") { id } }";
    data(&app.gql(note, json!({ "id": id }), Some(&cast.employer.token)).await);
    let interview = schedule(app, cast, &id, 1).await;
    (id, job.id.to_string(), interview)
}

async fn schedule(app: &TestApp, cast: &Cast, application: &str, day: i64) -> String {
    let query = "mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id } }";
    let input = json!({ "applicationId": application, "type": "PHONE", "scheduledAt": in_days(day).to_rfc3339(), "timezone": "Europe/Berlin" });
    let response = app.gql(query, json!({ "input": input }), Some(&cast.employer.token)).await;
    data(&response)["scheduleInterview"]["id"].as_str().unwrap().to_string()
}

fn outcome(response: &Value) -> String {
    match error_code(response) {
        Some(code) => code.to_string(),
        None => "ok".to_string(),
    }
}

#[tokio::test]
async fn who_sees_an_application_its_notes_and_interview_feedback() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let (id, _, interview) = scene(&app, &cast).await;
    let complete = "mutation($id: ID!) { completeInterview(id: $id, feedback: \"strong\") { id } }";
    data(&app.gql(complete, json!({ "id": interview }), Some(&cast.employer.token)).await);
    let query = "query($id: ID!) { application(id: $id) { id interviews { feedback } } }";
    let notes = "query($id: ID!) { application(id: $id) { notes { body } } }";
    for (who, token) in cast.everyone() {
        let seen = app.gql(query, json!({ "id": id }), token).await;
        let application = &data(&seen)["application"];
        let expected = matches!(who, "applicant" | "employer" | "admin");
        assert_eq!(!application.is_null(), expected, "{who} sees the application: {seen}");
        if !expected {
            continue;
        }
        let feedback = &application["interviews"][0]["feedback"];
        assert_eq!(feedback.is_null(), who == "applicant", "{who}: feedback is the employer's: {seen}");
        let noted = app.gql(notes, json!({ "id": id }), token).await;
        if who == "applicant" {
            assert_eq!(error_code(&noted), Some("FORBIDDEN"), "{noted}");
            assert!(noted["data"]["application"]["notes"].is_null());
        } else {
            assert_eq!(noted["data"]["application"]["notes"][0]["body"], "sharp", "{who}: {noted}");
        }
    }
}

#[tokio::test]
async fn lists_of_applications_by_caller() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let (_, job, _) = scene(&app, &cast).await;
    let mine = "{ myApplications { totalCount } }";
    let job_side = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Job { applicationCount myApplication { id } applications { totalCount } } } }";
    let user_side =
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { applications { totalCount } } } }";
    let job_rep = json!({ "r": [{ "__typename": "Job", "id": job }] });
    let user_rep = json!({ "r": [{ "__typename": "User", "id": cast.applicant.id }] });
    for (who, token) in cast.everyone() {
        let response = app.gql(mine, json!({}), token).await;
        let expected = match who {
            "anonymous" => "UNAUTHENTICATED".to_string(),
            "applicant" => "1".to_string(),
            _ => "0".to_string(),
        };
        let got = if error_code(&response).is_some() {
            outcome(&response)
        } else {
            data(&response)["myApplications"]["totalCount"].to_string()
        };
        assert_eq!(got, expected, "myApplications as {who}: {response}");

        let response = app.gql(job_side, job_rep.clone(), token).await;
        let entity = &response["data"]["_entities"][0];
        assert_eq!(entity["applicationCount"], 1, "the count is public ({who}): {response}");
        assert_eq!(!entity["myApplication"].is_null(), who == "applicant", "{who}: {response}");
        let pipeline_visible = matches!(who, "employer" | "admin");
        assert_eq!(
            entity["applications"]["totalCount"] == 1,
            pipeline_visible,
            "Job.applications as {who}: {response}"
        );
        if !pipeline_visible {
            let code = error_code(&response).unwrap();
            assert!(code == "FORBIDDEN" || code == "UNAUTHENTICATED", "{who}: {response}");
        }

        let response = app.gql(user_side, user_rep.clone(), token).await;
        let expected = match who {
            "anonymous" => "UNAUTHENTICATED",
            "applicant" | "admin" => "ok",
            _ => "FORBIDDEN",
        };
        assert_eq!(outcome(&response), expected, "User.applications as {who}: {response}");
    }
}

#[tokio::test]
async fn who_may_change_an_application() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let (id, _, interview) = scene(&app, &cast).await;
    let note = "mutation($id: ID!) { addRecruiterNote(applicationId: $id, body: \"x\") { id } }";
    let reschedule = "mutation($id: ID!, $at: DateTime!) { rescheduleInterview(id: $id, scheduledAt: $at) { status } }";
    let withdraw = "mutation($id: ID!) { withdrawApplication(id: $id) { status } }";
    let delete = "mutation($id: ID!) { deleteApplication(id: $id) { id } }";
    let restore = "mutation($id: ID!) { restoreApplication(id: $id) { id } }";
    let expect = |who: &str, allowed: &[&str]| -> &'static str {
        if who == "anonymous" {
            "UNAUTHENTICATED"
        } else if allowed.contains(&who) {
            "ok"
        } else {
            "FORBIDDEN"
        }
    };
    // Refused callers first; the allowed ones last, as they change the state.
    let order = ["anonymous", "other seeker", "other employer", "applicant", "employer", "admin"];
    let token = |who: &str| cast.everyone().into_iter().find(|(name, _)| *name == who).unwrap().1;
    for (n, who) in order.into_iter().enumerate() {
        let at = in_days(3 + n as i64).to_rfc3339();
        let noted = app.gql(note, json!({ "id": id }), token(who)).await;
        assert_eq!(outcome(&noted), expect(who, &["employer", "admin"]), "note as {who}: {noted}");
        let moved = app.gql(reschedule, json!({ "id": interview, "at": at }), token(who)).await;
        assert_eq!(outcome(&moved), expect(who, &["employer", "admin"]), "reschedule as {who}: {moved}");
    }
    for who in ["anonymous", "other seeker", "other employer", "applicant"] {
        let response = app.gql(MOVE, json!({ "id": id, "to": "OFFER" }), token(who)).await;
        assert_eq!(outcome(&response), expect(who, &["employer", "admin"]), "move as {who}: {response}");
    }
    for who in ["anonymous", "other seeker", "other employer", "employer", "admin"] {
        let response = app.gql(withdraw, json!({ "id": id }), token(who)).await;
        assert_eq!(outcome(&response), expect(who, &["applicant"]), "withdraw as {who}: {response}");
    }
    for who in ["anonymous", "other seeker", "other employer", "employer"] {
        let response = app.gql(delete, json!({ "id": id }), token(who)).await;
        assert_eq!(outcome(&response), expect(who, &["applicant", "admin"]), "delete as {who}: {response}");
    }
    assert_eq!(outcome(&app.gql(delete, json!({ "id": id }), token("applicant")).await), "ok");
    for who in ["anonymous", "other seeker", "other employer", "employer", "applicant"] {
        let response = app.gql(restore, json!({ "id": id }), token(who)).await;
        assert_eq!(outcome(&response), expect(who, &["admin"]), "restore as {who}: {response}");
    }
    assert_eq!(outcome(&app.gql(restore, json!({ "id": id }), token("admin")).await), "ok");
    assert_eq!(outcome(&app.gql(MOVE, json!({ "id": id, "to": "OFFER" }), token("employer")).await), "ok");
    assert_eq!(outcome(&app.gql(withdraw, json!({ "id": id }), token("applicant")).await), "ok");
}

/// What one row of the matrix acts on: a fresh scene for every caller.
struct Scene {
    application: String,
    interview: String,
    /// Another open job of the employer, nobody applied to yet.
    other_job: String,
    /// Another seeker's application to the job, deleted.
    deleted: String,
}

async fn fresh_scene(app: &TestApp, cast: &Cast) -> Scene {
    let (application, _, interview) = scene(app, cast).await;
    let other_job = app.open_job(&cast.employer).await;
    let stranger = app.actor(jobgraph_shared::auth::Role::JobSeeker);
    let deleted = app.apply(&stranger, &other_job).await;
    let delete = "mutation($id: ID!) { deleteApplication(id: $id) { id } }";
    data(&app.gql(delete, json!({ "id": deleted }), Some(&stranger.token)).await);
    Scene { application, interview, other_job: other_job.id.to_string(), deleted }
}

/// A mutation, its document, who may run it, and its variables on a scene.
type Row = (&'static str, &'static str, &'static [&'static str], fn(&Scene) -> Value);

/// Every mutation of the subgraph, who may run it, and on what. A mutation
/// without a row fails `every_mutation_has_a_row`.
fn matrix() -> Vec<Row> {
    const EMPLOYER_SIDE: &[&str] = &["employer", "admin"];
    vec![
        (
            "applyToJob",
            "mutation($j: ID!) { applyToJob(input: { jobId: $j }) { id } }",
            &["applicant", "other seeker"],
            |s| json!({ "j": s.other_job }),
        ),
        (
            "withdrawApplication",
            "mutation($id: ID!) { withdrawApplication(id: $id) { id } }",
            &["applicant"],
            |s| json!({ "id": s.application }),
        ),
        (
            "moveApplication",
            "mutation($id: ID!) { moveApplication(id: $id, to: OFFER) { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.application }),
        ),
        (
            "addRecruiterNote",
            "mutation($id: ID!) { addRecruiterNote(applicationId: $id, body: \"x\") { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.application }),
        ),
        (
            "deleteApplication",
            "mutation($id: ID!) { deleteApplication(id: $id) { id } }",
            &["applicant", "admin"],
            |s| json!({ "id": s.application }),
        ),
        (
            "restoreApplication",
            "mutation($id: ID!) { restoreApplication(id: $id) { id } }",
            &["admin"],
            |s| json!({ "id": s.deleted }),
        ),
        (
            "scheduleInterview",
            "mutation($id: ID!, $at: DateTime!) { scheduleInterview(input: { applicationId: $id, type: PHONE, scheduledAt: $at, timezone: \"UTC\" }) { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.application, "at": in_days(9).to_rfc3339() }),
        ),
        (
            "rescheduleInterview",
            "mutation($id: ID!, $at: DateTime!) { rescheduleInterview(id: $id, scheduledAt: $at) { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.interview, "at": in_days(8).to_rfc3339() }),
        ),
        (
            "cancelInterview",
            "mutation($id: ID!) { cancelInterview(id: $id) { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.interview }),
        ),
        (
            "completeInterview",
            "mutation($id: ID!) { completeInterview(id: $id, feedback: \"fine\") { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.interview }),
        ),
        (
            "markInterviewNoShow",
            "mutation($id: ID!) { markInterviewNoShow(id: $id) { id } }",
            EMPLOYER_SIDE,
            |s| json!({ "id": s.interview }),
        ),
    ]
}

#[test]
fn every_mutation_has_a_row() {
    let rows: Vec<&str> = matrix().iter().map(|row| row.0).collect();
    jobgraph_shared::testing::assert_every_mutation_has_a_row(&jobgraph_applications::sdl(), &rows);
}

#[tokio::test]
async fn every_mutation_as_every_caller() {
    let app = TestApp::spawn().await;
    for (name, document, allowed, variables) in matrix() {
        for who in ["anonymous", "applicant", "other seeker", "employer", "other employer", "admin"] {
            let cast = app.cast();
            let scene = fresh_scene(&app, &cast).await;
            let token = cast.everyone().into_iter().find(|(caller, _)| *caller == who).unwrap().1;
            let before = app.snapshot().await;
            let response = app.gql(document, variables(&scene), token).await;
            let expected = jobgraph_shared::testing::expected_outcome(who, allowed);
            assert_eq!(outcome(&response), expected, "{name} as {who}: {response}");
            if expected != "ok" {
                assert_eq!(app.snapshot().await, before, "{name} as {who}: a refusal writes nothing");
            }
        }
    }
}
