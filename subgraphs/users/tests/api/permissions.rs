//! The permission matrix of every mutation of users, generated from a
//! table: each tried as anonymous, the account's owner, another user of the
//! same role, a user of another role and an admin, on fresh accounts each
//! time. A mutation without a row fails `every_mutation_has_a_row`.

use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{data, error_code};
use serde_json::{Value, json};

use crate::helpers::{Account, PASSWORD, TestApp};

/// The accounts a row acts on, made afresh for every caller.
struct Scene {
    target: Account,
    target_email: String,
    deactivated: String,
    deleted: String,
}

fn email(label: &str) -> String {
    format!("{label}-{}@example.com", uuid::Uuid::now_v7().simple())
}

/// A mutation, its document, who may run it, and its variables on a scene.
type Row = (&'static str, &'static str, &'static [&'static str], fn(&Scene) -> Value);

const EVERYONE: &[&str] = &["anonymous", "owner", "other seeker", "employer", "admin"];
const SIGNED_IN: &[&str] = &["owner", "other seeker", "employer", "admin"];
const ADMIN: &[&str] = &["admin"];

fn matrix() -> Vec<Row> {
    vec![
        (
            "register",
            "mutation($e: String!) { register(input: { email: $e, password: \"correct horse battery\", firstName: \"A\", lastName: \"B\", role: JOB_SEEKER }) { accessToken } }",
            EVERYONE,
            |_| json!({ "e": email("new") }),
        ),
        (
            "login",
            "mutation($e: String!) { login(email: $e, password: \"correct horse battery\") { accessToken } }",
            EVERYONE,
            |s| json!({ "e": s.target_email() }),
        ),
        (
            "refreshToken",
            "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }",
            EVERYONE,
            |s| json!({ "t": s.target.refresh }),
        ),
        (
            "logout",
            "mutation($t: String!) { logout(refreshToken: $t) }",
            EVERYONE,
            |s| json!({ "t": s.target.refresh }),
        ),
        (
            "changePassword",
            "mutation { changePassword(currentPassword: \"correct horse battery\", newPassword: \"a different passphrase\") { accessToken } }",
            SIGNED_IN,
            |_| json!({}),
        ),
        ("updateMe", "mutation { updateMe(input: { bio: \"hello\" }) { id } }", SIGNED_IN, |_| json!({})),
        // Job seekers keep a profile; admins pass every role check.
        (
            "updateSeekerProfile",
            "mutation { updateSeekerProfile(input: { headline: \"h\" }) { headline } }",
            &["owner", "other seeker", "admin"],
            |_| json!({}),
        ),
        (
            "deleteUser",
            "mutation($id: ID!) { deleteUser(id: $id) { id } }",
            &["owner", "admin"],
            |s| json!({ "id": s.target.id }),
        ),
        (
            "setUserRole",
            "mutation($id: ID!) { setUserRole(id: $id, role: EMPLOYER) { id } }",
            ADMIN,
            |s| json!({ "id": s.target.id }),
        ),
        ("verifyUser", "mutation($id: ID!) { verifyUser(id: $id) { id } }", ADMIN, |s| json!({ "id": s.target.id })),
        (
            "deactivateUser",
            "mutation($id: ID!) { deactivateUser(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.target.id }),
        ),
        (
            "activateUser",
            "mutation($id: ID!) { activateUser(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.deactivated }),
        ),
        ("restoreUser", "mutation($id: ID!) { restoreUser(id: $id) { id } }", ADMIN, |s| json!({ "id": s.deleted })),
    ]
}

impl Scene {
    fn target_email(&self) -> String {
        self.target_email.clone()
    }
}

#[test]
fn every_mutation_has_a_row() {
    let rows: Vec<&str> = matrix().iter().map(|row| row.0).collect();
    jobgraph_shared::testing::assert_every_mutation_has_a_row(&jobgraph_users::sdl(), &rows);
}

#[tokio::test]
async fn every_mutation_as_every_caller() {
    let app = TestApp::spawn().await;
    for (name, document, allowed, variables) in matrix() {
        for who in ["anonymous", "owner", "other seeker", "employer", "admin"] {
            // A fresh admin too: some rows end the caller's sessions or change their password.
            let admin_email = email("admin");
            jobgraph_users::domain::accounts::create_admin(&app.db, &admin_email, PASSWORD, "Root", "Admin")
                .await
                .unwrap();
            let admin = app.login(&admin_email, PASSWORD).await;
            let target_email = email("target");
            let target = app.register(&target_email, Role::JobSeeker).await;
            let other = app.register(&email("other"), Role::JobSeeker).await;
            let employer = app.register(&email("employer"), Role::Employer).await;
            let deactivated = app.register(&email("off"), Role::JobSeeker).await;
            let off = "mutation($id: ID!) { deactivateUser(id: $id) { id } }";
            data(&app.gql(off, json!({ "id": deactivated.id }), Some(&admin.access)).await);
            let deleted = app.register(&email("gone"), Role::JobSeeker).await;
            let delete = "mutation($id: ID!) { deleteUser(id: $id) { id } }";
            data(&app.gql(delete, json!({ "id": deleted.id }), Some(&deleted.access)).await);
            let token = match who {
                "owner" => Some(target.access.clone()),
                "other seeker" => Some(other.access.clone()),
                "employer" => Some(employer.access.clone()),
                "admin" => Some(admin.access.clone()),
                _ => None,
            };
            let scene = Scene { target, target_email, deactivated: deactivated.id, deleted: deleted.id };
            let events = app.recorded_events().await.len();
            let response = app.gql(document, variables(&scene), token.as_deref()).await;
            let expected = jobgraph_shared::testing::expected_outcome(who, allowed);
            assert_eq!(error_code(&response).unwrap_or("ok"), expected, "{name} as {who}: {response}");
            if expected != "ok" {
                assert_eq!(app.recorded_events().await.len(), events, "{name} as {who}: a refusal records nothing");
            }
        }
    }
}
