use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{Backend, count_rows, data, error_code};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp};

const REGISTER: &str =
    "mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id email role } } }";
const LOGIN: &str =
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }";
const REFRESH: &str = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }";
const ME: &str = "{ me { id email firstName role } }";

fn registration(email: &str) -> serde_json::Value {
    json!({ "email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "Lovelace", "role": "JOB_SEEKER" })
}

#[tokio::test]
async fn register_signs_in_and_me_answers() {
    let app = TestApp::spawn().await;
    let response = app.gql(REGISTER, json!({ "input": registration("  Ada@Example.COM ") }), None).await;
    let payload = &data(&response)["register"];
    assert_eq!(payload["user"]["email"], "ada@example.com", "the email is normalised and shown to its owner");
    let token = payload["accessToken"].as_str().unwrap();
    let me = app.gql(ME, json!({}), Some(token)).await;
    assert_eq!(data(&me)["me"]["email"], "ada@example.com");
    assert_eq!(data(&me)["me"]["role"], "JOB_SEEKER");
    let anonymous = app.gql(ME, json!({}), None).await;
    assert_eq!(data(&anonymous)["me"], json!(null));
}

#[tokio::test]
async fn register_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let cases = [
        (json!({ "email": "not-an-email" }), "BAD_USER_INPUT"),
        (json!({ "password": "short" }), "BAD_USER_INPUT"),
        (json!({ "password": "password123" }), "BAD_USER_INPUT"),
        (json!({ "firstName": "   " }), "BAD_USER_INPUT"),
        (json!({ "lastName": "x".repeat(101) }), "BAD_USER_INPUT"),
        (json!({ "role": "ADMIN" }), "BAD_USER_INPUT"),
        (json!({ "role": "OVERLORD" }), "BAD_USER_INPUT"),
    ];
    for (change, code) in cases {
        let mut input = registration("ada@example.com");
        for (key, value) in change.as_object().unwrap() {
            input[key] = value.clone();
        }
        let response = app.gql(REGISTER, json!({ "input": input }), None).await;
        assert_eq!(error_code(&response), Some(code), "{change}: {response}");
        assert!(response["errors"][0]["message"].as_str().unwrap().len() > 5, "a message a person can act on");
    }
    assert_eq!(count_rows(&app.db, "users").await, 0);
}

#[tokio::test]
async fn a_duplicate_email_conflicts_whatever_its_case() {
    let app = TestApp::spawn().await;
    data(&app.gql(REGISTER, json!({ "input": registration("ada@example.com") }), None).await);
    let response = app.gql(REGISTER, json!({ "input": registration("ADA@example.com") }), None).await;
    assert_eq!(error_code(&response), Some("CONFLICT"));
    assert_eq!(count_rows(&app.db, "users").await, 1);
}

#[tokio::test]
async fn login_errors_do_not_reveal_whether_an_email_exists() {
    let app = TestApp::spawn().await;
    app.register("ada@example.com", Role::JobSeeker).await;
    let wrong_password = app.gql(LOGIN, json!({ "e": "ada@example.com", "p": "wrong password!" }), None).await;
    let unknown_email = app.gql(LOGIN, json!({ "e": "nobody@example.com", "p": PASSWORD }), None).await;
    assert_eq!(error_code(&wrong_password), Some("UNAUTHENTICATED"));
    assert_eq!(wrong_password["errors"][0]["message"], unknown_email["errors"][0]["message"]);
    assert_eq!(error_code(&unknown_email), Some("UNAUTHENTICATED"));
    let right = app.gql(LOGIN, json!({ "e": " ADA@example.com", "p": PASSWORD }), None).await;
    assert!(data(&right)["login"]["accessToken"].is_string());
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let account = app.register("ada@example.com", Role::JobSeeker).await;
    let first = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    let rotated = data(&first)["refreshToken"]["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(rotated, account.refresh);
    // The old token again: a thief or a replay. The whole family dies.
    let reused = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    assert_eq!(error_code(&reused), Some("UNAUTHENTICATED"));
    let after_reuse = app.gql(REFRESH, json!({ "t": rotated }), None).await;
    assert_eq!(error_code(&after_reuse), Some("UNAUTHENTICATED"), "the rotated token is revoked too");
    let garbage = app.gql(REFRESH, json!({ "t": "not-a-token" }), None).await;
    assert_eq!(error_code(&garbage), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let account = app.register("ada@example.com", Role::JobSeeker).await;
    let response =
        app.gql("mutation($t: String!) { logout(refreshToken: $t) }", json!({ "t": account.refresh }), None).await;
    assert_eq!(data(&response)["logout"], true);
    let refreshed = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    assert_eq!(error_code(&refreshed), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn change_password_checks_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let account = app.register("ada@example.com", Role::JobSeeker).await;
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { refreshToken accessToken } }";
    let anonymous = app.gql(change, json!({ "c": PASSWORD, "n": "a whole new secret" }), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let wrong =
        app.gql(change, json!({ "c": "not my password", "n": "a whole new secret" }), Some(&account.access)).await;
    assert_eq!(error_code(&wrong), Some("BAD_USER_INPUT"));
    let weak = app.gql(change, json!({ "c": PASSWORD, "n": "short" }), Some(&account.access)).await;
    assert_eq!(error_code(&weak), Some("BAD_USER_INPUT"));
    let done = app.gql(change, json!({ "c": PASSWORD, "n": "a whole new secret" }), Some(&account.access)).await;
    assert!(data(&done)["changePassword"]["refreshToken"].is_string());
    let old_session = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    assert_eq!(error_code(&old_session), Some("UNAUTHENTICATED"));
    // The old access token ends too, though it has not expired (within the second
    // it takes the revocations to be read again); the new session's works.
    let changed_at = std::time::Instant::now();
    loop {
        let old_token = app.gql(ME, json!({}), Some(&account.access)).await;
        if error_code(&old_token) == Some("UNAUTHENTICATED") {
            break;
        }
        assert!(changed_at.elapsed() < std::time::Duration::from_secs(3), "{old_token}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let new_token = done["data"]["changePassword"]["accessToken"].as_str().unwrap();
    assert_eq!(data(&app.gql(ME, json!({}), Some(new_token)).await)["me"]["email"], "ada@example.com");
    let revoked = app.recorded_events().await.into_iter().filter(|e| e.event_type == "user.sessions_revoked").count();
    assert_eq!(revoked, 1, "the other services hear of it");
    let old_password = app.gql(LOGIN, json!({ "e": "ada@example.com", "p": PASSWORD }), None).await;
    assert_eq!(error_code(&old_password), Some("UNAUTHENTICATED"));
    let new_password = app.gql(LOGIN, json!({ "e": "ada@example.com", "p": "a whole new secret" }), None).await;
    assert!(data(&new_password)["login"]["accessToken"].is_string());
}

#[tokio::test]
async fn invalid_bearer_tokens_are_refused() {
    let app = TestApp::spawn().await;
    for token in ["garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."] {
        let response = app.gql(ME, json!({}), Some(token)).await;
        assert_eq!(error_code(&response), Some("UNAUTHENTICATED"), "{token}");
    }
}

#[tokio::test]
async fn jwks_health_and_readiness_are_served() {
    let app = TestApp::spawn().await;
    let (status, body) = app.client.get("/.well-known/jwks.json").await;
    assert!(status.is_success());
    let jwks: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(jwks["keys"][0]["kid"], app.service.signing_key.public_key().kid());
    assert_eq!(app.client.get("/health").await.0.as_u16(), 200);
    assert_eq!(app.client.get("/ready").await.0.as_u16(), 200);
    // GraphiQL only where exploring is on (dev); off by default.
    assert_eq!(app.client.get("/graphql").await.0.as_u16(), 405);
}

#[tokio::test]
async fn the_session_flow_works_on_sqlite_too() {
    let app = TestApp::spawn_on(Backend::Sqlite).await;
    let account = app.register("ada@example.com", Role::Employer).await;
    let duplicate = app.gql(REGISTER, json!({ "input": registration("Ada@example.com") }), None).await;
    assert_eq!(error_code(&duplicate), Some("CONFLICT"));
    let me = app.gql(ME, json!({}), Some(&account.access)).await;
    assert_eq!(data(&me)["me"]["email"], "ada@example.com");
    let refreshed = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    assert!(data(&refreshed)["refreshToken"]["accessToken"].is_string());
    let reused = app.gql(REFRESH, json!({ "t": account.refresh }), None).await;
    assert_eq!(error_code(&reused), Some("UNAUTHENTICATED"));
    let admin = app.admin().await;
    let list = app.gql("{ users(first: 10) { totalCount } }", json!({}), Some(&admin.access)).await;
    assert_eq!(data(&list)["users"]["totalCount"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_lock_the_email_whether_or_not_it_has_an_account() {
    use jobgraph_users::domain::login_throttle::LoginThrottle;
    use std::time::Duration;

    let throttle = LoginThrottle {
        free_failures: 3,
        first_lock: Duration::from_secs(2),
        longest_lock: Duration::from_secs(60),
        window: Duration::from_secs(3600),
    };
    let app = TestApp::spawn_with(Backend::Postgres, throttle).await;
    data(&app.gql(REGISTER, json!({ "input": registration("ada@example.com") }), None).await);
    let login =
        |email: &'static str, password: &'static str| app.gql(LOGIN, json!({ "e": email, "p": password }), None);

    // Concurrent guesses all count (replicas share the count through the database).
    let guesses = futures::future::join_all((0..3).map(|_| login("ada@example.com", "wrong guess"))).await;
    assert!(guesses.iter().all(|g| error_code(g) == Some("UNAUTHENTICATED")), "{guesses:?}");
    let known = login("ada@example.com", PASSWORD).await;
    assert_eq!(error_code(&known), Some("RATE_LIMITED"), "locked, even with the right password: {known}");
    // An email nobody has is locked the same way, with the same words: a lock reveals nothing.
    for _ in 0..3 {
        assert_eq!(error_code(&login("nobody@example.com", "wrong guess").await), Some("UNAUTHENTICATED"));
    }
    let unknown = login("nobody@example.com", "wrong guess").await;
    assert_eq!(error_code(&unknown), Some("RATE_LIMITED"), "{unknown}");
    let words = |response: &serde_json::Value| {
        let message = response["errors"][0]["message"].as_str().unwrap().to_string();
        message.split(" in ").next().unwrap().to_string()
    };
    assert_eq!(words(&known), words(&unknown));

    // The lock ends; a success forgets the failures.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    data(&login("ada@example.com", PASSWORD).await);
    assert_eq!(count_rows(&app.db, "failed_logins").await, 1, "only the unknown email's failures remain");
    // Each failure past the free ones doubles the lock.
    let lock = || async {
        use sea_orm::EntityTrait as _;
        let row = jobgraph_users::entities::failed_login::Entity::find_by_id("ada@example.com".to_string())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        (row.failures, (row.locked_until.unwrap() - row.last_failed_at).num_seconds())
    };
    for _ in 0..3 {
        login("ada@example.com", "wrong guess").await;
    }
    assert_eq!(lock().await, (3, 2));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(error_code(&login("ada@example.com", "wrong guess").await), Some("UNAUTHENTICATED"));
    assert_eq!(lock().await, (4, 4), "the second lock is twice the first");
}
