use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::data;
use serde_json::json;

use crate::helpers::TestApp;

const ENTITIES: &str =
    "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id firstName email isDeleted } } }";

#[tokio::test]
async fn a_hundred_user_references_cost_one_statement() {
    let app = TestApp::spawn().await;
    let seeded = jobgraph_users::seed::seed_demo_users(&app.db, 99, 0, || {}).await.unwrap();
    let representations: Vec<_> = seeded.iter().map(|user| json!({ "__typename": "User", "id": user.id })).collect();
    assert_eq!(representations.len(), 100);
    app.statements.clear();
    let response = app.gql(ENTITIES, json!({ "r": representations }), None).await;
    let entities = data(&response)["_entities"].as_array().unwrap();
    assert_eq!(entities.len(), 100);
    assert!(entities.iter().all(|user| user["firstName"].is_string() && user["email"].is_null()));
    let statements = app.statements.statements();
    assert_eq!(statements.len(), 1, "one batched SELECT, got {statements:#?}");
}

#[tokio::test]
async fn private_fields_and_deleted_users_show_only_to_themselves_and_admins() {
    let app = TestApp::spawn().await;
    let cast = app.cast().await;
    let reference = json!({ "r": [{ "__typename": "User", "id": cast.seeker.id }] });
    let as_other = app.gql(ENTITIES, reference.clone(), Some(&cast.employer.access)).await;
    assert_eq!(data(&as_other)["_entities"][0]["email"], json!(null));
    let as_self = app.gql(ENTITIES, reference.clone(), Some(&cast.seeker.access)).await;
    assert_eq!(data(&as_self)["_entities"][0]["email"], "seeker@example.com");
    data(
        &app.gql(
            "mutation($id: ID!) { deleteUser(id: $id) { id } }",
            json!({ "id": cast.seeker.id }),
            Some(&cast.admin.access),
        )
        .await,
    );
    let hidden = app.gql(ENTITIES, reference.clone(), Some(&cast.employer.access)).await;
    assert_eq!(data(&hidden)["_entities"][0], json!(null));
    let anonymous = app.gql(ENTITIES, reference.clone(), None).await;
    assert_eq!(data(&anonymous)["_entities"][0], json!(null));
    let admin = app.gql(ENTITIES, reference, Some(&cast.admin.access)).await;
    assert_eq!(data(&admin)["_entities"][0]["isDeleted"], true);
    let _ = Role::Admin;
}
