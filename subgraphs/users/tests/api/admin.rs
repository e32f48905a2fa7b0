use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};

/// Runs `mutation` on `target` as anonymous, a job seeker, an employer and an
/// admin: only the admin passes; the others get the expected code and the
/// account is unchanged.
async fn only_admins(app: &TestApp, mutation: &str, field: &str) {
    let cast = app.cast().await;
    let target = app.register("target@example.com", Role::JobSeeker).await;
    let before = app.gql("{ users(first: 100, filter: { includeDeleted: true }) { edges { node { id role isVerified isActive isDeleted } } } }", json!({}), Some(&cast.admin.access)).await;
    for (token, code) in [
        (None, "UNAUTHENTICATED"),
        (Some(&cast.seeker.access), "FORBIDDEN"),
        (Some(&cast.employer.access), "FORBIDDEN"),
        (Some(&target.access), "FORBIDDEN"),
    ] {
        let response = app.gql(mutation, json!({ "id": target.id }), token.map(String::as_str)).await;
        assert_eq!(error_code(&response), Some(code), "{mutation}: {response}");
    }
    let after = app.gql("{ users(first: 100, filter: { includeDeleted: true }) { edges { node { id role isVerified isActive isDeleted } } } }", json!({}), Some(&cast.admin.access)).await;
    assert_eq!(before, after, "refused calls wrote nothing");
    let response = app.gql(mutation, json!({ "id": target.id }), Some(&cast.admin.access)).await;
    assert_eq!(data(&response)[field]["id"], Value::String(target.id.clone()), "{response}");
}

#[tokio::test]
async fn only_admins_set_roles() {
    let app = TestApp::spawn().await;
    only_admins(&app, "mutation($id: ID!) { setUserRole(id: $id, role: EMPLOYER) { id role } }", "setUserRole").await;
}

#[tokio::test]
async fn only_admins_verify() {
    let app = TestApp::spawn().await;
    only_admins(&app, "mutation($id: ID!) { verifyUser(id: $id) { id isVerified } }", "verifyUser").await;
}

#[tokio::test]
async fn only_admins_deactivate_and_deactivation_blocks_sign_in() {
    let app = TestApp::spawn().await;
    only_admins(&app, "mutation($id: ID!) { deactivateUser(id: $id) { id isActive } }", "deactivateUser").await;
    let login = app
        .gql(
            "mutation { login(email: \"target@example.com\", password: \"correct horse battery\") { accessToken } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(error_code(&login), Some("FORBIDDEN"));
}

#[tokio::test]
async fn only_admins_activate() {
    let app = TestApp::spawn().await;
    only_admins(&app, "mutation($id: ID!) { activateUser(id: $id) { id isActive } }", "activateUser").await;
}

#[tokio::test]
async fn only_admins_list_users() {
    let app = TestApp::spawn().await;
    let cast = app.cast().await;
    let query = "{ users(first: 10, filter: { role: JOB_SEEKER }) { totalCount edges { node { email } } } }";
    assert_eq!(error_code(&app.gql(query, json!({}), None).await), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&app.gql(query, json!({}), Some(&cast.seeker.access)).await), Some("FORBIDDEN"));
    assert_eq!(error_code(&app.gql(query, json!({}), Some(&cast.employer.access)).await), Some("FORBIDDEN"));
    let listed = app.gql(query, json!({}), Some(&cast.admin.access)).await;
    assert_eq!(data(&listed)["users"]["totalCount"], 1);
    assert_eq!(data(&listed)["users"]["edges"][0]["node"]["email"], "seeker@example.com");
    let searched =
        app.gql("{ users(filter: { query: \"EMPLOY\" }) { totalCount } }", json!({}), Some(&cast.admin.access)).await;
    assert_eq!(data(&searched)["users"]["totalCount"], 1);
    let too_many = app.gql("{ users(first: 1000) { totalCount } }", json!({}), Some(&cast.admin.access)).await;
    assert_eq!(error_code(&too_many), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn admins_cannot_demote_or_deactivate_themselves() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let demote = app
        .gql(
            "mutation($id: ID!) { setUserRole(id: $id, role: JOB_SEEKER) { id } }",
            json!({ "id": admin.id }),
            Some(&admin.access),
        )
        .await;
    assert_eq!(error_code(&demote), Some("FORBIDDEN"));
    let deactivate = app
        .gql("mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": admin.id }), Some(&admin.access))
        .await;
    assert_eq!(error_code(&deactivate), Some("FORBIDDEN"));
}

#[tokio::test]
async fn users_delete_themselves_admins_anyone_and_only_admins_restore() {
    let app = TestApp::spawn().await;
    let cast = app.cast().await;
    let delete = "mutation($id: ID!) { deleteUser(id: $id) { id isDeleted } }";
    let restore = "mutation($id: ID!) { restoreUser(id: $id) { id isDeleted } }";
    assert_eq!(error_code(&app.gql(delete, json!({ "id": cast.seeker.id }), None).await), Some("UNAUTHENTICATED"));
    assert_eq!(
        error_code(&app.gql(delete, json!({ "id": cast.seeker.id }), Some(&cast.employer.access)).await),
        Some("FORBIDDEN")
    );
    let deleted = app.gql(delete, json!({ "id": cast.seeker.id }), Some(&cast.seeker.access)).await;
    assert_eq!(data(&deleted)["deleteUser"]["isDeleted"], true);
    // The deleted account cannot sign in, and its email is free again.
    let login = app
        .gql(
            "mutation { login(email: \"seeker@example.com\", password: \"correct horse battery\") { accessToken } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(error_code(&login), Some("UNAUTHENTICATED"));
    let reused = app.register("seeker@example.com", Role::JobSeeker).await;
    assert_ne!(reused.id, cast.seeker.id);
    for token in [None, Some(&cast.employer.access), Some(&reused.access)] {
        let response = app.gql(restore, json!({ "id": cast.seeker.id }), token.map(String::as_str)).await;
        assert!(matches!(error_code(&response), Some("UNAUTHENTICATED" | "FORBIDDEN")), "{response}");
    }
    // The email belongs to a live account now: restoring would break uniqueness.
    let conflict = app.gql(restore, json!({ "id": cast.seeker.id }), Some(&cast.admin.access)).await;
    assert_eq!(error_code(&conflict), Some("CONFLICT"));
    data(&app.gql(delete, json!({ "id": reused.id }), Some(&cast.admin.access)).await);
    let restored = app.gql(restore, json!({ "id": cast.seeker.id }), Some(&cast.admin.access)).await;
    assert_eq!(data(&restored)["restoreUser"]["isDeleted"], false);
    assert_eq!(count_rows(&app.db, "users").await, 4);
}

#[tokio::test]
async fn malformed_ids_are_bad_input() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let response = app.gql("mutation { verifyUser(id: \"not-an-id\") { id } }", json!({}), Some(&admin.access)).await;
    assert_eq!(error_code(&response), Some("BAD_USER_INPUT"));
    let missing = app
        .gql(
            "mutation { verifyUser(id: \"01900000-0000-7000-8000-000000000000\") { id } }",
            json!({}),
            Some(&admin.access),
        )
        .await;
    assert_eq!(error_code(&missing), Some("NOT_FOUND"));
    let _ = PASSWORD;
}
