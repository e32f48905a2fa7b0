use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::json;

use crate::helpers::{CREATE_COMPANY, TestApp};

#[tokio::test]
async fn only_employers_and_admins_create_companies() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let input = json!({ "input": { "name": "Acme Labs" } });
    assert_eq!(error_code(&app.gql(CREATE_COMPANY, input.clone(), None).await), Some("UNAUTHENTICATED"));
    assert_eq!(error_code(&app.gql(CREATE_COMPANY, input.clone(), Some(&cast.seeker.token)).await), Some("FORBIDDEN"));
    assert_eq!(count_rows(&app.db, "companies").await, 0);
    let made = app.gql(CREATE_COMPANY, input, Some(&cast.owner.token)).await;
    assert_eq!(data(&made)["createCompany"]["slug"], "acme-labs");
    let by_admin = app.gql(CREATE_COMPANY, json!({ "input": { "name": "Admin Co" } }), Some(&cast.admin.token)).await;
    assert_eq!(data(&by_admin)["createCompany"]["slug"], "admin-co");
}

#[tokio::test]
async fn company_input_is_validated_and_slugs_are_unique_among_live_companies() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    for input in [
        json!({ "name": "" }),
        json!({ "name": "x".repeat(201) }),
        json!({ "name": "Acme", "slug": "Not A Slug" }),
        json!({ "name": "Acme", "website": "acme" }),
        json!({ "name": "Acme", "foundedYear": 3000 }),
        json!({ "name": "Acme", "size": "HUGE" }),
        json!({ "name": "Acme", "headquarters": { "city": "Berlin", "countryCode": "Germany" } }),
        json!({ "name": "!!!" }),
    ] {
        let response = app.gql(CREATE_COMPANY, json!({ "input": input }), Some(&cast.owner.token)).await;
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{input}: {response}");
    }
    assert_eq!(count_rows(&app.db, "companies").await, 0);
    let first = app.company(&cast.owner, "Acme").await;
    let taken = app.gql(CREATE_COMPANY, json!({ "input": { "name": "ACME" } }), Some(&cast.other_employer.token)).await;
    assert_eq!(error_code(&taken), Some("CONFLICT"));
    assert_eq!(count_rows(&app.db, "companies").await, 1);
    // Once deleted, the slug is free again.
    data(
        &app.gql(
            "mutation($id: ID!) { deleteCompany(id: $id) { id } }",
            json!({ "id": first }),
            Some(&cast.owner.token),
        )
        .await,
    );
    let reused =
        app.gql(CREATE_COMPANY, json!({ "input": { "name": "Acme" } }), Some(&cast.other_employer.token)).await;
    assert_eq!(data(&reused)["createCompany"]["slug"], "acme");
}

#[tokio::test]
async fn only_the_owner_or_an_admin_edits_and_a_stale_version_conflicts() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let id = app.company(&cast.owner, "Acme").await;
    let update = "mutation($id: ID!, $v: Int!, $name: String!) { updateCompany(id: $id, version: $v, input: { name: $name }) { name version } }";
    let before = app.snapshot().await;
    for (who, token, code) in [
        ("anonymous", None, "UNAUTHENTICATED"),
        ("seeker", Some(&cast.seeker.token), "FORBIDDEN"),
        ("other employer", Some(&cast.other_employer.token), "FORBIDDEN"),
    ] {
        let response =
            app.gql(update, json!({ "id": id, "v": 1, "name": "Hijacked" }), token.map(String::as_str)).await;
        assert_eq!(error_code(&response), Some(code), "{who}");
    }
    assert_eq!(app.snapshot().await, before, "refused edits wrote nothing");
    let edited = app.gql(update, json!({ "id": id, "v": 1, "name": "Acme Inc" }), Some(&cast.owner.token)).await;
    assert_eq!(data(&edited)["updateCompany"], json!({ "name": "Acme Inc", "version": 2 }));
    let stale = app.gql(update, json!({ "id": id, "v": 1, "name": "Old" }), Some(&cast.owner.token)).await;
    assert_eq!(error_code(&stale), Some("CONFLICT"));
    let by_admin = app.gql(update, json!({ "id": id, "v": 2, "name": "Acme Group" }), Some(&cast.admin.token)).await;
    assert_eq!(data(&by_admin)["updateCompany"]["version"], 3);
    let clear = "mutation($id: ID!) { updateCompany(id: $id, version: 3, input: { website: null, industry: \"Software\" }) { website industry } }";
    assert_eq!(
        data(&app.gql(clear, json!({ "id": id }), Some(&cast.owner.token)).await)["updateCompany"]["industry"],
        "Software"
    );
}

#[tokio::test]
async fn only_admins_verify_suspend_and_restore() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let id = app.company(&cast.owner, "Acme").await;
    for mutation in [
        "mutation($id: ID!) { verifyCompany(id: $id) { id isVerified } }",
        "mutation($id: ID!) { suspendCompany(id: $id) { id isSuspended } }",
    ] {
        let before = app.snapshot().await;
        for (who, token) in cast.everyone() {
            if who == "admin" {
                continue;
            }
            let response = app.gql(mutation, json!({ "id": id }), token).await;
            let expected = if token.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
            assert_eq!(error_code(&response), Some(expected), "{who}: {mutation}");
        }
        assert_eq!(app.snapshot().await, before);
        data(&app.gql(mutation, json!({ "id": id }), Some(&cast.admin.token)).await);
    }
    // Suspended: hidden from the public, shown to its owner.
    let query = "query($id: ID!) { company(id: $id) { name isVerified isSuspended } }";
    assert_eq!(data(&app.gql(query, json!({ "id": id }), None).await)["company"], json!(null));
    let owner_view = app.gql(query, json!({ "id": id }), Some(&cast.owner.token)).await;
    assert_eq!(data(&owner_view)["company"], json!({ "name": "Acme", "isVerified": true, "isSuspended": true }));

    let delete = "mutation($id: ID!) { deleteCompany(id: $id) { isDeleted } }";
    assert_eq!(
        error_code(&app.gql(delete, json!({ "id": id }), Some(&cast.other_employer.token)).await),
        Some("FORBIDDEN")
    );
    assert_eq!(
        data(&app.gql(delete, json!({ "id": id }), Some(&cast.owner.token)).await)["deleteCompany"]["isDeleted"],
        true
    );
    let restore = "mutation($id: ID!) { restoreCompany(id: $id) { isDeleted } }";
    assert_eq!(error_code(&app.gql(restore, json!({ "id": id }), Some(&cast.owner.token)).await), Some("FORBIDDEN"));
    assert_eq!(
        data(&app.gql(restore, json!({ "id": id }), Some(&cast.admin.token)).await)["restoreCompany"]["isDeleted"],
        false
    );
}

#[tokio::test]
async fn companies_are_found_by_slug_and_listed_by_owner() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let id = app.company(&cast.owner, "Acme Labs").await;
    app.company(&cast.other_employer, "Globex").await;
    let by_slug = app.gql("{ company(slug: \"acme-labs\") { id owner { id } } }", json!({}), None).await;
    assert_eq!(data(&by_slug)["company"]["id"], id.as_str());
    assert_eq!(data(&by_slug)["company"]["owner"]["id"], cast.owner.id.to_string());
    let neither = app.gql("{ company { id } }", json!({}), None).await;
    assert_eq!(error_code(&neither), Some("BAD_USER_INPUT"));
    let listed = app.gql("{ companies(query: \"glo\") { totalCount edges { node { name } } } }", json!({}), None).await;
    assert_eq!(data(&listed)["companies"]["totalCount"], 1);
    let owned = app
        .gql(
            "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { companies { totalCount edges { node { id } } } } } }",
            json!({ "r": [{ "__typename": "User", "id": cast.owner.id }] }),
            None,
        )
        .await;
    assert_eq!(data(&owned)["_entities"][0]["companies"]["edges"][0]["node"]["id"], id.as_str());
}
