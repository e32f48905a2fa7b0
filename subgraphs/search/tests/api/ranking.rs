//! Relevance: typos, prefixes, synonyms, field boosts, freshness, highlights.

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn typos_prefixes_and_synonyms_find_jobs_and_exact_words_rank_first() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    for (title, days_old) in [
        ("Kubernetes Platform Engineer", 3),
        ("JavaScript Developer", 3),
        ("Gardener", 3),
        ("React Developer", 20),
        ("Reach Out Coordinator", 0),
    ] {
        app.publish(&job(&acme, title, days_old));
    }
    // One typo from 5 characters, two from 9.
    assert_eq!(app.titles("kubernets platfrm ").await, vec!["Kubernetes Platform Engineer"]);
    assert_eq!(app.titles("enginer ").await, vec!["Kubernetes Platform Engineer"]);
    assert_eq!(app.titles("kubrnetes ").await, vec!["Kubernetes Platform Engineer"]);
    assert!(app.titles("kubrnets ").await.is_empty(), "8 characters forgive one edit, not two");
    // Short words are exact.
    assert!(app.titles("reac ").await.is_empty());
    // The word being typed is a prefix; once a space follows, it is a word.
    assert_eq!(app.titles("kube").await, vec!["Kubernetes Platform Engineer"]);
    assert!(app.titles("kube ").await.is_empty());
    // Synonyms and abbreviations.
    assert_eq!(app.titles("k8s ").await, vec!["Kubernetes Platform Engineer"]);
    assert_eq!(app.titles("js ").await, vec!["JavaScript Developer"]);
    // "react" finds "reach" (one edit), but the exact word ranks first, even older.
    assert_eq!(app.titles("react ").await, vec!["React Developer", "Reach Out Coordinator"]);
}

#[tokio::test]
async fn the_title_counts_most_and_matched_words_are_highlighted() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let mut in_description = job(&acme, "Go Engineer", 3);
    in_description.description = "We also write some Rust <sometimes> & like it.".into();
    app.publish(&in_description);
    app.publish(&job(&acme, "Rust Engineer", 3));
    let (_, response) = app.search(json!({ "query": "rust " })).await;
    let edges = &response["data"]["searchJobs"]["edges"];
    assert_eq!(edges[0]["highlights"][0], json!({ "field": "title", "snippet": "<mark>Rust</mark> Engineer" }));
    assert_eq!(
        edges[1]["highlights"][0],
        json!({ "field": "description", "snippet": "We also write some <mark>Rust</mark> &lt;sometimes&gt; &amp; like it." })
    );
    assert!(edges[0]["score"].as_f64().unwrap() > edges[1]["score"].as_f64().unwrap());
}

#[tokio::test]
async fn freshness_puts_the_newer_of_equal_matches_first() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let mut old = job(&acme, "Data Engineer", 60);
    let new = job(&acme, "Data Engineer", 1);
    // Without the boost the tie would go to the old job: its tiebreak is higher.
    while jobgraph_search::index::documents::tiebreak(old.id) < jobgraph_search::index::documents::tiebreak(new.id) {
        old.id = uuid::Uuid::now_v7();
    }
    // Published old first, then new, and the other way round: order does not matter.
    app.publish(&new);
    app.publish(&old);
    let (ids, _) = app.search(json!({ "query": "data engineer" })).await;
    assert_eq!(ids, vec![new.id.to_string(), old.id.to_string()]);
    let (no_words, _) = app.search(json!({})).await;
    assert_eq!(no_words, vec![new.id.to_string(), old.id.to_string()], "without words, the newest first");
    let (by_date, _) = app.search(json!({ "sort": "DATE" })).await;
    assert_eq!(by_date, vec![new.id.to_string(), old.id.to_string()]);
}
