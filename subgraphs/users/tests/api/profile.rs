use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{data, error_code};
use serde_json::json;

use crate::helpers::TestApp;

const UPDATE_ME: &str =
    "mutation($input: UpdateMeInput!) { updateMe(input: $input) { firstName bio phone dateOfBirth } }";
const PROFILE: &str = "mutation($input: UpdateSeekerProfileInput!) { updateSeekerProfile(input: $input) { headline skills desiredSalary { amount currency } } }";

#[tokio::test]
async fn update_me_edits_only_the_callers_own_account() {
    let app = TestApp::spawn().await;
    let ada = app.register("ada@example.com", Role::JobSeeker).await;
    let anonymous = app.gql(UPDATE_ME, json!({ "input": { "firstName": "Eve" } }), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let response = app
        .gql(
            UPDATE_ME,
            json!({ "input": { "firstName": " Augusta ", "bio": "Poet of numbers", "phone": "+44 20 7946 0958" } }),
            Some(&ada.access),
        )
        .await;
    assert_eq!(data(&response)["updateMe"]["firstName"], "Augusta");
    assert_eq!(data(&response)["updateMe"]["phone"], "+44 20 7946 0958");
    let cleared = app.gql(UPDATE_ME, json!({ "input": { "bio": null } }), Some(&ada.access)).await;
    assert_eq!(data(&cleared)["updateMe"]["bio"], json!(null));
    assert_eq!(data(&cleared)["updateMe"]["firstName"], "Augusta", "fields left out stay");
}

#[tokio::test]
async fn update_me_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let ada = app.register("ada@example.com", Role::JobSeeker).await;
    for input in [
        json!({ "bio": "x".repeat(1001) }),
        json!({ "firstName": "" }),
        json!({ "phone": "call me maybe" }),
        json!({ "dateOfBirth": "2024-01-01" }),
        json!({ "dateOfBirth": "not a date" }),
        json!({ "avatarUrl": "ftp://example.com/a.png" }),
    ] {
        let response = app.gql(UPDATE_ME, json!({ "input": input }), Some(&ada.access)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{input}");
    }
    let me = app.gql("{ me { firstName bio phone dateOfBirth avatarUrl } }", json!({}), Some(&ada.access)).await;
    assert_eq!(
        data(&me)["me"],
        json!({ "firstName": "Test", "bio": null, "phone": null, "dateOfBirth": null, "avatarUrl": null })
    );
}

#[tokio::test]
async fn only_job_seekers_write_a_seeker_profile() {
    let app = TestApp::spawn().await;
    let cast = app.cast().await;
    let input = json!({ "input": { "headline": "Rustacean", "skills": ["Rust", "SQL"], "desiredSalary": { "amount": 90000, "currency": "eur" } } });
    assert_eq!(error_code(&app.gql(PROFILE, input.clone(), None).await), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&app.gql(PROFILE, input.clone(), Some(&cast.employer.access)).await), Some("FORBIDDEN"));
    let saved = app.gql(PROFILE, input, Some(&cast.seeker.access)).await;
    assert_eq!(data(&saved)["updateSeekerProfile"]["desiredSalary"], json!({ "amount": 90000, "currency": "EUR" }));
    let bad = app.gql(PROFILE, json!({ "input": { "yearsExperience": -1 } }), Some(&cast.seeker.access)).await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let bad_url = app.gql(PROFILE, json!({ "input": { "githubUrl": "github" } }), Some(&cast.seeker.access)).await;
    assert_eq!(error_code(&bad_url), Some("BAD_USER_INPUT"));
    let me = app.gql("{ me { seekerProfile { headline skills } } }", json!({}), Some(&cast.seeker.access)).await;
    assert_eq!(data(&me)["me"]["seekerProfile"], json!({ "headline": "Rustacean", "skills": ["Rust", "SQL"] }));
}
