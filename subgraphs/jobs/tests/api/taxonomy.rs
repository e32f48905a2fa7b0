use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::json;

use crate::helpers::TestApp;

/// Every taxonomy mutation is the admins' alone: everybody else is refused
/// and nothing is written.
#[tokio::test]
async fn only_admins_manage_categories_and_skills() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let category = app.category(&cast.admin, "Engineering").await;
    let skill = app.skill(&cast.admin, "Rust").await;
    let mutations = [
        ("mutation { createCategory(input: { name: \"Design\" }) { id } }", json!({})),
        ("mutation($id: ID!) { updateCategory(id: $id, input: { name: \"Eng\" }) { id } }", json!({ "id": category })),
        ("mutation($id: ID!) { deleteCategory(id: $id) { id } }", json!({ "id": category })),
        ("mutation { createSkill(input: { name: \"Go\", aliases: [\"Golang\"] }) { id } }", json!({})),
        ("mutation($id: ID!) { updateSkill(id: $id, input: { aliases: [\"rs\"] }) { id } }", json!({ "id": skill })),
    ];
    for (mutation, variables) in &mutations {
        for (who, token) in cast.everyone() {
            if who == "admin" {
                continue;
            }
            let response = app.gql(mutation, variables.clone(), token).await;
            let expected = if token.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
            assert_eq!(error_code(&response), Some(expected), "{who}: {mutation}");
        }
    }
    assert_eq!(count_rows(&app.db, "categories").await, 1);
    assert_eq!(count_rows(&app.db, "skills").await, 1);
    let skills = app.gql("{ skills { edges { node { name aliases } } } }", json!({}), None).await;
    assert_eq!(data(&skills)["skills"]["edges"][0]["node"], json!({ "name": "Rust", "aliases": [] }));
    for (mutation, variables) in &mutations {
        let response = app.gql(mutation, variables.clone(), Some(&cast.admin.token)).await;
        assert!(response.get("errors").is_none(), "admin: {mutation}: {response}");
    }
}

#[tokio::test]
async fn the_category_tree_refuses_cycles_duplicates_and_deleting_used_nodes() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let admin = Some(cast.admin.token.as_str());
    let root = app.category(&cast.admin, "Engineering").await;
    let child = data(
        &app.gql(
            "mutation($p: ID!) { createCategory(input: { name: \"Backend\", parentId: $p }) { id parent { name } } }",
            json!({ "p": root }),
            admin,
        )
        .await,
    )["createCategory"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cycle = app
        .gql(
            "mutation($id: ID!, $p: ID!) { updateCategory(id: $id, input: { parentId: $p }) { id } }",
            json!({ "id": root, "p": child }),
            admin,
        )
        .await;
    assert_eq!(error_code(&cycle), Some("BAD_USER_INPUT"));
    let duplicate =
        app.gql("mutation { createCategory(input: { name: \"Engineering\" }) { id } }", json!({}), admin).await;
    assert_eq!(error_code(&duplicate), Some("CONFLICT"));
    let orphan = app.gql("mutation { createCategory(input: { name: \"X\", parentId: \"01900000-0000-7000-8000-000000000000\" }) { id } }", json!({}), admin).await;
    assert_eq!(error_code(&orphan), Some("BAD_USER_INPUT"));
    let has_children =
        app.gql("mutation($id: ID!) { deleteCategory(id: $id) { id } }", json!({ "id": root }), admin).await;
    assert_eq!(error_code(&has_children), Some("CONFLICT"));
    let company = app.company(&cast.owner, "Acme").await;
    app.draft(&cast.owner, &company, json!({ "categoryIds": [child] })).await;
    let in_use = app.gql("mutation($id: ID!) { deleteCategory(id: $id) { id } }", json!({ "id": child }), admin).await;
    assert_eq!(error_code(&in_use), Some("CONFLICT"));
    let tree = app.gql("{ categories { name children { name parent { name } } } }", json!({}), None).await;
    assert_eq!(
        data(&tree)["categories"],
        json!([{ "name": "Engineering", "children": [{ "name": "Backend", "parent": { "name": "Engineering" } }] }])
    );
    let duplicate_skill =
        app.gql("mutation { createSkill(input: { name: \"rust\", slug: \"rust\" }) { id } }", json!({}), admin).await;
    assert!(duplicate_skill.get("errors").is_none());
    let again = app.gql("mutation { createSkill(input: { name: \"Rust!\" }) { id } }", json!({}), admin).await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
    let found = app.gql("{ skills(query: \"RUS\") { totalCount } }", json!({}), None).await;
    assert_eq!(data(&found)["skills"]["totalCount"], 1);
}
