use jobgraph_shared::testing::{count_rows, data, error_code};
use serde_json::json;

use crate::helpers::{CREATE_JOB, TestApp, job_input};

const UPDATE: &str = "mutation($id: ID!, $v: Int!, $input: UpdateJobInput!) { updateJob(id: $id, version: $v, input: $input) { title version salary { min max } locations { city } skills { skill { name } required } } }";

#[tokio::test]
async fn only_the_companys_owner_or_an_admin_posts_its_jobs() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let input = json!({ "input": job_input(&company, json!({})) });
    for (who, token) in cast.everyone() {
        let response = app.gql(CREATE_JOB, input.clone(), token).await;
        let expected = match who {
            "anonymous" => Some("UNAUTHENTICATED"),
            "seeker" | "other employer" => Some("FORBIDDEN"),
            _ => None,
        };
        assert_eq!(error_code(&response), expected, "{who}: {response}");
        if expected.is_none() {
            assert_eq!(data(&response)["createJob"]["status"], "DRAFT");
        }
    }
    assert_eq!(count_rows(&app.db, "jobs").await, 2, "the owner's and the admin's");
}

#[tokio::test]
async fn bad_job_input_gets_a_clear_error_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let cases = [
        json!({ "title": "" }),
        json!({ "title": "x".repeat(201) }),
        json!({ "description": "   " }),
        json!({ "salary": { "min": 120000, "max": 90000, "currency": "EUR" } }),
        json!({ "salary": { "min": -1, "max": 90000, "currency": "EUR" } }),
        json!({ "salary": { "min": 1, "max": 2, "currency": "euros" } }),
        json!({ "employmentType": "SOMETIMES" }),
        json!({ "companyId": "not-an-id" }),
        json!({ "companyId": "01900000-0000-7000-8000-000000000000" }),
        json!({ "expiresAt": "2001-01-01T00:00:00Z" }),
        json!({ "expiresAt": "2999-01-01T00:00:00Z", "applicationDeadline": "2999-06-01T00:00:00Z" }),
        json!({ "maxApplications": 0 }),
        json!({ "remotePolicy": "ON_SITE", "locations": [] }),
        json!({ "locations": [{ "city": "Berlin", "countryCode": "DEU" }] }),
        json!({ "locations": [{ "city": "Berlin", "countryCode": "DE", "lat": 91.0 }] }),
        json!({ "skills": [{ "skillId": "01900000-0000-7000-8000-000000000000" }] }),
        json!({ "categoryIds": ["01900000-0000-7000-8000-000000000000"] }),
    ];
    for extra in cases {
        let response =
            app.gql(CREATE_JOB, json!({ "input": job_input(&company, extra.clone()) }), Some(&cast.owner.token)).await;
        let code = error_code(&response);
        assert!(matches!(code, Some("BAD_USER_INPUT") | Some("NOT_FOUND")), "{extra}: {response}");
        assert!(!response["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    let featured = app
        .gql(
            CREATE_JOB,
            json!({ "input": job_input(&company, json!({ "isFeatured": true })) }),
            Some(&cast.owner.token),
        )
        .await;
    assert_eq!(error_code(&featured), Some("FORBIDDEN"), "only admins feature jobs");
    assert_eq!(count_rows(&app.db, "jobs").await, 0);
    assert_eq!(count_rows(&app.db, "job_locations").await, 0);
}

#[tokio::test]
async fn updates_need_the_owner_and_the_current_version() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let rust = app.skill(&cast.admin, "Rust").await;
    let id = app.draft(&cast.owner, &company, json!({})).await;
    let before = app.snapshot().await;
    for (who, token) in cast.everyone() {
        if matches!(who, "owner" | "admin") {
            continue;
        }
        let response = app.gql(UPDATE, json!({ "id": id, "v": 1, "input": { "title": "Taken over" } }), token).await;
        let expected = if token.is_none() { "UNAUTHENTICATED" } else { "FORBIDDEN" };
        assert_eq!(error_code(&response), Some(expected), "{who}");
    }
    assert_eq!(app.snapshot().await, before);
    let input = json!({ "title": "Staff Rust Engineer", "salary": { "min": 100000, "max": 150000, "currency": "EUR" },
        "locations": [{ "city": "Lisbon", "countryCode": "pt" }], "skills": [{ "skillId": rust, "required": false }] });
    let edited = app.gql(UPDATE, json!({ "id": id, "v": 1, "input": input }), Some(&cast.owner.token)).await;
    assert_eq!(
        data(&edited)["updateJob"],
        json!({ "title": "Staff Rust Engineer", "version": 2, "salary": { "min": 100000, "max": 150000 },
                "locations": [{ "city": "Lisbon" }], "skills": [{ "skill": { "name": "Rust" }, "required": false }] })
    );
    let stale = app
        .gql(UPDATE, json!({ "id": id, "v": 1, "input": { "title": "Lost update" } }), Some(&cast.owner.token))
        .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"));
    let bad = app
        .gql(
            UPDATE,
            json!({ "id": id, "v": 2, "input": { "salary": { "min": 5, "max": 1, "currency": "EUR" } } }),
            Some(&cast.owner.token),
        )
        .await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"));
    let no_place =
        app.gql(UPDATE, json!({ "id": id, "v": 2, "input": { "locations": [] } }), Some(&cast.owner.token)).await;
    assert_eq!(error_code(&no_place), Some("BAD_USER_INPUT"), "a hybrid job keeps a location");
    let by_admin =
        app.gql(UPDATE, json!({ "id": id, "v": 2, "input": { "title": "Principal" } }), Some(&cast.admin.token)).await;
    assert_eq!(data(&by_admin)["updateJob"]["version"], 3);
}

#[tokio::test]
async fn the_status_machine_allows_only_its_transitions() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let id = app.draft(&cast.owner, &company, json!({})).await;
    let run = |name: &'static str| format!("mutation($id: ID!) {{ {name}(id: $id) {{ status publishedAt }} }}");
    let step = |name: &'static str| {
        let app = &app;
        let id = id.clone();
        let token = cast.owner.token.clone();
        async move { app.gql(&run(name), json!({ "id": id }), Some(&token)).await }
    };
    // DRAFT: cannot be paused, closed or filled.
    for refused in ["pauseJob", "closeJob", "markJobFilled"] {
        assert_eq!(error_code(&step(refused).await), Some("CONFLICT"), "DRAFT -> {refused}");
    }
    assert_eq!(data(&step("publishJob").await)["publishJob"]["status"], "PUBLISHED");
    assert_eq!(error_code(&step("publishJob").await), Some("CONFLICT"), "PUBLISHED -> PUBLISHED");
    assert_eq!(data(&step("pauseJob").await)["pauseJob"]["status"], "PAUSED");
    assert_eq!(data(&step("publishJob").await)["publishJob"]["status"], "PUBLISHED");
    assert_eq!(data(&step("closeJob").await)["closeJob"]["status"], "CLOSED");
    assert_eq!(error_code(&step("pauseJob").await), Some("CONFLICT"), "CLOSED -> PAUSED");
    assert_eq!(data(&step("publishJob").await)["publishJob"]["status"], "PUBLISHED", "a repost");
    assert_eq!(data(&step("markJobFilled").await)["markJobFilled"]["status"], "FILLED");
    for refused in ["publishJob", "pauseJob", "closeJob"] {
        assert_eq!(error_code(&step(refused).await), Some("CONFLICT"), "FILLED -> {refused}");
    }
    // Others may not move it at all.
    let other = app.gql(&run("closeJob"), json!({ "id": id }), Some(&cast.other_employer.token)).await;
    assert_eq!(error_code(&other), Some("FORBIDDEN"));
    let seeker = app.gql(&run("closeJob"), json!({ "id": id }), Some(&cast.seeker.token)).await;
    assert_eq!(error_code(&seeker), Some("FORBIDDEN"));
    let anonymous = app.gql(&run("closeJob"), json!({ "id": id }), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let stale = app
        .gql(
            "mutation($id: ID!) { closeJob(id: $id, version: 1) { status } }",
            json!({ "id": id }),
            Some(&cast.owner.token),
        )
        .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"));
}

#[tokio::test]
async fn drafts_show_only_to_their_owner_and_admins() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let id = app.draft(&cast.owner, &company, json!({})).await;
    let query = "query($id: ID!) { job(id: $id) { id status } }";
    for (who, token) in cast.everyone() {
        let response = app.gql(query, json!({ "id": id }), token).await;
        let visible = !data(&response)["job"].is_null();
        assert_eq!(visible, matches!(who, "owner" | "admin"), "{who}");
    }
}

#[tokio::test]
async fn deleted_jobs_leave_listings_and_only_admins_restore_them() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    let id = app.published(&cast.owner, &company, json!({})).await;
    let delete = "mutation($id: ID!) { deleteJob(id: $id) { isDeleted } }";
    let restore = "mutation($id: ID!) { restoreJob(id: $id) { isDeleted status } }";
    for (who, token) in cast.everyone() {
        if matches!(who, "owner" | "admin") {
            continue;
        }
        let response = app.gql(delete, json!({ "id": id }), token).await;
        assert!(matches!(error_code(&response), Some("UNAUTHENTICATED" | "FORBIDDEN")), "{who}");
    }
    assert_eq!(
        data(&app.gql(delete, json!({ "id": id }), Some(&cast.owner.token)).await)["deleteJob"]["isDeleted"],
        true
    );
    let listing = app.gql("{ jobs { totalCount } }", json!({}), None).await;
    assert_eq!(data(&listing)["jobs"]["totalCount"], 0);
    let public =
        app.gql("query($id: ID!) { job(id: $id) { id } }", json!({ "id": id }), Some(&cast.seeker.token)).await;
    assert_eq!(data(&public)["job"], json!(null));
    let owner =
        app.gql("query($id: ID!) { job(id: $id) { isDeleted } }", json!({ "id": id }), Some(&cast.owner.token)).await;
    assert_eq!(data(&owner)["job"]["isDeleted"], true);
    let edit =
        app.gql(UPDATE, json!({ "id": id, "v": 3, "input": { "title": "Ghost" } }), Some(&cast.owner.token)).await;
    assert_eq!(error_code(&edit), Some("CONFLICT"), "a deleted job is restored before it is edited");
    assert_eq!(error_code(&app.gql(restore, json!({ "id": id }), Some(&cast.owner.token)).await), Some("FORBIDDEN"));
    let restored = app.gql(restore, json!({ "id": id }), Some(&cast.admin.token)).await;
    assert_eq!(data(&restored)["restoreJob"], json!({ "isDeleted": false, "status": "PUBLISHED" }));
}

#[tokio::test]
async fn a_suspended_company_cannot_post_or_publish_and_its_jobs_leave_listings() {
    let app = TestApp::spawn().await;
    let cast = app.cast();
    let company = app.company(&cast.owner, "Acme").await;
    app.published(&cast.owner, &company, json!({})).await;
    let draft = app.draft(&cast.owner, &company, json!({})).await;
    data(
        &app.gql(
            "mutation($id: ID!) { suspendCompany(id: $id) { id } }",
            json!({ "id": company }),
            Some(&cast.admin.token),
        )
        .await,
    );
    assert_eq!(data(&app.gql("{ jobs { totalCount } }", json!({}), None).await)["jobs"]["totalCount"], 0);
    let post = app.gql(CREATE_JOB, json!({ "input": job_input(&company, json!({})) }), Some(&cast.owner.token)).await;
    assert_eq!(error_code(&post), Some("FORBIDDEN"));
    let publish = app
        .gql("mutation($id: ID!) { publishJob(id: $id) { id } }", json!({ "id": draft }), Some(&cast.owner.token))
        .await;
    assert_eq!(error_code(&publish), Some("FORBIDDEN"));
}
