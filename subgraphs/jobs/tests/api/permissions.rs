//! The permission matrix of every mutation of jobs, generated from a table:
//! each tried as anonymous, a job seeker (another role), the company's
//! owner, another employer (the same role) and an admin, on a fresh scene
//! each time. A mutation without a row fails `every_mutation_has_a_row`.

use jobgraph_shared::testing::{data, error_code};
use serde_json::{Value, json};

use crate::helpers::{Cast, TestApp};

/// What a row acts on, made afresh for every caller.
struct Scene {
    company: String,
    deleted_company: String,
    draft: String,
    published: String,
    deleted_job: String,
    category: String,
    skill: String,
}

async fn scene(app: &TestApp, cast: &Cast) -> Scene {
    let unique = uuid::Uuid::now_v7().simple().to_string();
    let company = app.company(&cast.owner, &format!("Acme {unique}")).await;
    let deleted_company = app.company(&cast.owner, &format!("Gone {unique}")).await;
    let delete_company = "mutation($id: ID!) { deleteCompany(id: $id) { id } }";
    data(&app.gql(delete_company, json!({ "id": deleted_company }), Some(&cast.owner.token)).await);
    let draft = app.draft(&cast.owner, &company, json!({})).await;
    let published = app.published(&cast.owner, &company, json!({})).await;
    let deleted_job = app.draft(&cast.owner, &company, json!({})).await;
    data(
        &app.gql(
            "mutation($id: ID!) { deleteJob(id: $id) { id } }",
            json!({ "id": deleted_job }),
            Some(&cast.owner.token),
        )
        .await,
    );
    let admin = Some(cast.admin.token.as_str());
    let category = app
        .gql(
            "mutation($n: String!) { createCategory(input: { name: $n }) { id } }",
            json!({ "n": format!("Cat {unique}") }),
            admin,
        )
        .await;
    let skill = app
        .gql(
            "mutation($n: String!) { createSkill(input: { name: $n }) { id } }",
            json!({ "n": format!("Skill {unique}") }),
            admin,
        )
        .await;
    Scene {
        company,
        deleted_company,
        draft,
        published,
        deleted_job,
        category: data(&category)["createCategory"]["id"].as_str().unwrap().to_string(),
        skill: data(&skill)["createSkill"]["id"].as_str().unwrap().to_string(),
    }
}

/// A mutation, its document, who may run it, and its variables on a scene.
type Row = (&'static str, &'static str, &'static [&'static str], fn(&Scene) -> Value);

fn matrix() -> Vec<Row> {
    const OWNER_SIDE: &[&str] = &["owner", "admin"];
    const ADMIN: &[&str] = &["admin"];
    vec![
        (
            "createCompany",
            "mutation($n: String!) { createCompany(input: { name: $n }) { id } }",
            // Employers; admins pass every role check.
            &["owner", "other employer", "admin"],
            |_| json!({ "n": format!("New {}", uuid::Uuid::now_v7().simple()) }),
        ),
        (
            "updateCompany",
            "mutation($id: ID!) { updateCompany(id: $id, version: 1, input: { description: \"x\" }) { id } }",
            OWNER_SIDE,
            |s| json!({ "id": s.company }),
        ),
        (
            "deleteCompany",
            "mutation($id: ID!) { deleteCompany(id: $id) { id } }",
            OWNER_SIDE,
            |s| json!({ "id": s.company }),
        ),
        (
            "restoreCompany",
            "mutation($id: ID!) { restoreCompany(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.deleted_company }),
        ),
        (
            "verifyCompany",
            "mutation($id: ID!) { verifyCompany(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.company }),
        ),
        (
            "suspendCompany",
            "mutation($id: ID!) { suspendCompany(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.company }),
        ),
        (
            "createJob",
            "mutation($c: ID!) { createJob(input: { companyId: $c, title: \"T\", description: \"D\", employmentType: FULL_TIME, experienceLevel: MID, remotePolicy: REMOTE }) { id } }",
            OWNER_SIDE,
            |s| json!({ "c": s.company }),
        ),
        (
            "updateJob",
            "mutation($id: ID!) { updateJob(id: $id, version: 1, input: { title: \"New title\" }) { id } }",
            OWNER_SIDE,
            |s| json!({ "id": s.draft }),
        ),
        ("publishJob", "mutation($id: ID!) { publishJob(id: $id) { id } }", OWNER_SIDE, |s| json!({ "id": s.draft })),
        ("pauseJob", "mutation($id: ID!) { pauseJob(id: $id) { id } }", OWNER_SIDE, |s| json!({ "id": s.published })),
        ("closeJob", "mutation($id: ID!) { closeJob(id: $id) { id } }", OWNER_SIDE, |s| json!({ "id": s.published })),
        (
            "markJobFilled",
            "mutation($id: ID!) { markJobFilled(id: $id) { id } }",
            OWNER_SIDE,
            |s| json!({ "id": s.published }),
        ),
        ("deleteJob", "mutation($id: ID!) { deleteJob(id: $id) { id } }", OWNER_SIDE, |s| json!({ "id": s.draft })),
        ("restoreJob", "mutation($id: ID!) { restoreJob(id: $id) { id } }", ADMIN, |s| json!({ "id": s.deleted_job })),
        (
            "createCategory",
            "mutation($n: String!) { createCategory(input: { name: $n }) { id } }",
            ADMIN,
            |_| json!({ "n": format!("New {}", uuid::Uuid::now_v7().simple()) }),
        ),
        (
            "updateCategory",
            "mutation($id: ID!) { updateCategory(id: $id, input: { name: \"Renamed\" }) { id } }",
            ADMIN,
            |s| json!({ "id": s.category }),
        ),
        (
            "deleteCategory",
            "mutation($id: ID!) { deleteCategory(id: $id) { id } }",
            ADMIN,
            |s| json!({ "id": s.category }),
        ),
        (
            "createSkill",
            "mutation($n: String!) { createSkill(input: { name: $n }) { id } }",
            ADMIN,
            |_| json!({ "n": format!("New {}", uuid::Uuid::now_v7().simple()) }),
        ),
        (
            "updateSkill",
            "mutation($id: ID!) { updateSkill(id: $id, input: { aliases: [\"x\"] }) { id } }",
            ADMIN,
            |s| json!({ "id": s.skill }),
        ),
    ]
}

#[test]
fn every_mutation_has_a_row() {
    let rows: Vec<&str> = matrix().iter().map(|row| row.0).collect();
    jobgraph_shared::testing::assert_every_mutation_has_a_row(&jobgraph_jobs::sdl(), &rows);
}

#[tokio::test]
async fn every_mutation_as_every_caller() {
    let app = TestApp::spawn().await;
    for (name, document, allowed, variables) in matrix() {
        for who in ["anonymous", "seeker", "owner", "other employer", "admin"] {
            let cast = app.cast();
            let scene = scene(&app, &cast).await;
            let token = cast.everyone().into_iter().find(|(caller, _)| *caller == who).unwrap().1;
            let before = app.snapshot().await;
            let response = app.gql(document, variables(&scene), token).await;
            let expected = jobgraph_shared::testing::expected_outcome(who, allowed);
            let got = error_code(&response).unwrap_or("ok");
            assert_eq!(got, expected, "{name} as {who}: {response}");
            if expected != "ok" {
                assert!(app.snapshot().await == before, "{name} as {who}: a refusal writes nothing");
            }
        }
    }
}
