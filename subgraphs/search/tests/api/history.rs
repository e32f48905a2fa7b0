//! Search history (the user's own) and statistics (admins'), and the
//! permission matrix of every mutation and private query.

use jobgraph_shared::auth::Role;
use jobgraph_shared::testing::{assert_every_mutation_has_a_row, count_rows, expected_outcome};
use serde_json::{Value, json};

use crate::helpers::*;

const SEARCH_ID: &str = "query ($query: String, $filter: JobSearchFilter) { searchJobs(query: $query, filter: $filter) { searchId totalCount edges { node { id } } } }";
const HISTORY: &str = "{ mySearchHistory { totalCount edges { node { query filter resultCount } } } }";

fn outcome(response: &Value) -> String {
    error_code(response).unwrap_or("ok").to_string()
}

#[tokio::test]
async fn a_users_history_is_theirs_alone_and_clearing_it_keeps_the_statistics() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    app.publish(&job(&acme, "Rust Engineer", 1));
    let (user, other, admin) = (app.token(Role::JobSeeker), app.token(Role::JobSeeker), app.token(Role::Admin));
    app.gql_as(Some(&user), SEARCH_ID, json!({ "query": "rust" })).await;
    app.gql_as(Some(&user), SEARCH_ID, json!({ "query": "go", "filter": { "remotePolicies": ["REMOTE"] } })).await;
    app.gql_as(None, SEARCH_ID, json!({ "query": "anonymous" })).await;

    let mine = app.gql_as(Some(&user), HISTORY, json!({})).await;
    assert_eq!(
        mine["data"]["mySearchHistory"]["edges"],
        json!([
            { "node": { "query": "go", "filter": "{\"remotePolicies\":[\"REMOTE\"]}", "resultCount": 0 } },
            { "node": { "query": "rust", "filter": null, "resultCount": 1 } }
        ]),
        "{mine}"
    );
    assert_eq!(app.gql_as(Some(&other), HISTORY, json!({})).await["data"]["mySearchHistory"]["totalCount"], 0);
    assert_eq!(app.gql_as(Some(&admin), HISTORY, json!({})).await["data"]["mySearchHistory"]["totalCount"], 0);
    assert_eq!(error_code(&app.gql_as(None, HISTORY, json!({})).await), Some("UNAUTHENTICATED"));

    let cleared = app.gql_as(Some(&user), "mutation { clearSearchHistory }", json!({})).await;
    assert_eq!(cleared["data"]["clearSearchHistory"], 2, "{cleared}");
    assert_eq!(app.gql_as(Some(&user), HISTORY, json!({})).await["data"]["mySearchHistory"]["totalCount"], 0);
    assert_eq!(count_rows(&app.db, "search_queries").await, 3, "the statistics keep every search");
}

#[tokio::test]
async fn statistics_count_searches_zero_results_and_clicks_by_day() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let posted = job(&acme, "Rust Engineer", 1);
    app.publish(&posted);
    let seeker = app.token(Role::JobSeeker);
    let mut search_ids = Vec::new();
    for query in ["rust", "rust", "cobol", "rust"] {
        let response = app.gql_as(Some(&seeker), SEARCH_ID, json!({ "query": query })).await;
        search_ids.push(response["data"]["searchJobs"]["searchId"].as_str().unwrap().to_string());
    }
    let click = "mutation ($s: ID!, $j: ID!, $p: Int!) { searchResultClicked(searchId: $s, jobId: $j, position: $p) }";
    for _ in 0..2 {
        // Twice: counted once.
        let clicked = app.gql(click, json!({ "s": search_ids[0], "j": posted.id, "p": 1 })).await;
        assert_eq!(clicked["data"]["searchResultClicked"], true, "{clicked}");
    }
    for (variables, code) in [
        (json!({ "s": uuid::Uuid::now_v7(), "j": posted.id, "p": 1 }), "NOT_FOUND"),
        (json!({ "s": search_ids[1], "j": posted.id, "p": 0 }), "BAD_USER_INPUT"),
        (json!({ "s": "nope", "j": posted.id, "p": 1 }), "BAD_USER_INPUT"),
    ] {
        assert_eq!(error_code(&app.gql(click, variables.clone()).await), Some(code), "{variables}");
    }
    assert_eq!(count_rows(&app.db, "search_clicks").await, 1, "bad clicks write nothing");

    let today = chrono::Utc::now().date_naive();
    let statistics = "query ($from: Date!, $to: Date!) { searchStatistics(from: $from, to: $to) { days { day searches zeroResultSearches clicks clickThroughRate } topQueries { query searches } zeroResultQueries { query searches } } }";
    let range = json!({ "from": today.pred_opt().unwrap(), "to": today });
    let answer = app.gql_as(Some(&app.token(Role::Admin)), statistics, range.clone()).await;
    let stats = &answer["data"]["searchStatistics"];
    assert_eq!(stats["days"][0]["searches"], 0, "{answer}");
    assert_eq!(
        stats["days"][1],
        json!({ "day": today.to_string(), "searches": 4, "zeroResultSearches": 1, "clicks": 1, "clickThroughRate": 0.25 })
    );
    assert_eq!(stats["topQueries"], json!([{ "query": "rust", "searches": 3 }, { "query": "cobol", "searches": 1 }]));
    assert_eq!(stats["zeroResultQueries"], json!([{ "query": "cobol", "searches": 1 }]));
    for (who, token) in
        [("anonymous", None), ("seeker", Some(seeker.clone())), ("employer", Some(app.token(Role::Employer)))]
    {
        let refused = app.gql_as(token.as_deref(), statistics, range.clone()).await;
        assert_eq!(outcome(&refused), expected_outcome(who, &["admin"]), "{who}");
    }
    let admin = app.token(Role::Admin);
    for (from, to) in [(today, today.pred_opt().unwrap()), (today - chrono::Duration::days(800), today)] {
        let refused = app.gql_as(Some(&admin), statistics, json!({ "from": from, "to": to })).await;
        assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{from}..{to}: {refused}");
    }
}

#[tokio::test]
async fn every_mutation_as_every_caller() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let posted = job(&acme, "Rust Engineer", 1);
    app.publish(&posted);
    let search = app.gql(SEARCH_ID, json!({ "query": "rust" })).await;
    let search_id = search["data"]["searchJobs"]["searchId"].clone();
    let everyone: &[&str] = &["anonymous", "seeker", "employer", "admin"];
    let signed_in: &[&str] = &["seeker", "employer", "admin"];
    // (mutation, document, variables, who may)
    let rows: Vec<(&str, &str, Value, &[&str])> = vec![
        (
            "searchResultClicked",
            "mutation ($s: ID!, $j: ID!) { searchResultClicked(searchId: $s, jobId: $j, position: 1) }",
            json!({ "s": search_id, "j": posted.id }),
            everyone,
        ),
        ("clearSearchHistory", "mutation { clearSearchHistory }", json!({}), signed_in),
        (
            "saveSearch",
            "mutation { saveSearch(input: { name: \"Rust\", query: \"rust\" }) { id } }",
            json!({}),
            &["seeker", "admin"],
        ),
        // Deleting someone else's saved search is NOT_FOUND: see alerts.rs.
        (
            "deleteSavedSearch",
            "mutation ($id: ID!) { deleteSavedSearch(id: $id) }",
            json!({ "id": uuid::Uuid::now_v7() }),
            &[],
        ),
    ];
    let names: Vec<&str> = rows.iter().map(|(name, ..)| *name).collect();
    assert_every_mutation_has_a_row(&jobgraph_search::sdl(), &names);
    let callers = [
        ("anonymous", None),
        ("seeker", Some(app.token(Role::JobSeeker))),
        ("employer", Some(app.token(Role::Employer))),
        ("admin", Some(app.token(Role::Admin))),
    ];
    for (name, document, variables, allowed) in &rows {
        for (who, token) in &callers {
            let response = app.gql_as(token.as_deref(), document, variables.clone()).await;
            let expected = match (*name, *who) {
                (_, who) if allowed.contains(&who) => "ok",
                // Signed in, but there is no such saved search of theirs.
                ("deleteSavedSearch", who) if who != "anonymous" => "NOT_FOUND",
                (_, who) => expected_outcome(who, &[]),
            };
            assert_eq!(outcome(&response), expected, "{name} as {who}: {response}");
        }
    }
}
