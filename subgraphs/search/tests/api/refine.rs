//! Facets, filters, sorting and pages.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::*;

const FACETS: &str = r#"query ($query: String, $filter: JobSearchFilter) {
  searchJobs(query: $query, filter: $filter) {
    totalCount
    facets {
      employmentType { value count }
      remotePolicy { value count }
      skill { value count }
      city { value count }
      company { value label count }
      salary { from to count }
    }
  }
}"#;

fn counts(facets: &Value) -> Vec<(String, i64)> {
    facets
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap().to_string(), f["count"].as_i64().unwrap()))
        .collect()
}

#[tokio::test]
async fn facets_count_every_match_and_each_filter_narrows() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let globex = app.company("Globex");
    let mut part_time = with_skills(job(&globex, "Rust Developer", 2), &["Rust"]);
    part_time.employment_type = "PART_TIME".into();
    app.publish(&paying(in_city(part_time, "Berlin", "DE", None), 40_000, 60_000, "EUR"));
    app.publish(&paying(
        in_city(with_skills(job(&acme, "Rust Developer", 2), &["Rust", "Kafka"]), "Munich", "DE", None),
        90_000,
        120_000,
        "EUR",
    ));
    let mut go = in_city(with_skills(job(&acme, "Go Developer", 2), &["Go", "Kafka"]), "Berlin", "DE", None);
    // Found under its category's ancestors too.
    let named =
        |name: &str| jobgraph_shared::events::payloads::NamedRef { id: uuid::Uuid::now_v7(), name: name.into() };
    go.categories = vec![named("Backend")];
    go.category_ancestors = vec![named("Engineering")];
    app.publish(&go);

    let response = app.gql(FACETS, json!({ "query": "developer" })).await;
    let result = &response["data"]["searchJobs"];
    assert_eq!(result["totalCount"], 3, "{response}");
    let facets = &result["facets"];
    assert_eq!(counts(&facets["employmentType"]), vec![("FULL_TIME".into(), 2), ("PART_TIME".into(), 1)]);
    assert_eq!(counts(&facets["skill"]), vec![("Kafka".into(), 2), ("Rust".into(), 2), ("Go".into(), 1)]);
    assert_eq!(counts(&facets["city"]), vec![("Berlin".into(), 2), ("Munich".into(), 1)]);
    let acme_facet = facets["company"].as_array().unwrap().iter().find(|f| f["value"] == acme.id.to_string()).unwrap();
    assert_eq!((acme_facet["label"].as_str(), acme_facet["count"].as_i64()), (Some("Acme"), Some(2)));
    let bands: Vec<i64> =
        facets["salary"].as_array().unwrap().iter().map(|band| band["count"].as_i64().unwrap()).collect();
    assert_eq!(bands, vec![0, 0, 1, 0, 1, 0], "40-60k falls in 50-75k by its maximum; 90-120k in 100-150k");

    // Each filter narrows the matches and the counts with them.
    for (filter, expected) in [
        (json!({ "skills": ["Kafka"] }), 2),
        (json!({ "skills": ["Kafka", "Rust"] }), 1),
        (json!({ "employmentTypes": ["PART_TIME"] }), 1),
        (json!({ "cities": ["Berlin"], "skills": ["Go"] }), 1),
        (json!({ "companyIds": [acme.id] }), 2),
        (json!({ "salaryAtLeast": 100_000 }), 1),
        (json!({ "salaryAtMost": 50_000 }), 1),
        (json!({ "countryCodes": ["de"] }), 3),
        (json!({ "remotePolicies": ["ON_SITE"] }), 0),
        (json!({ "categories": ["Engineering"] }), 1),
        (json!({ "categories": ["Backend"] }), 1),
        (json!({ "categories": ["Databases"] }), 0),
    ] {
        let response = app.gql(FACETS, json!({ "query": "developer", "filter": filter })).await;
        assert_eq!(response["data"]["searchJobs"]["totalCount"], expected, "{filter}: {response}");
    }
    let narrowed = app.gql(FACETS, json!({ "query": "developer", "filter": { "skills": ["Kafka"] } })).await;
    assert_eq!(
        counts(&narrowed["data"]["searchJobs"]["facets"]["city"]),
        vec![("Berlin".into(), 1), ("Munich".into(), 1)]
    );
}

#[tokio::test]
async fn salaries_compare_across_currencies_by_yearly_amount() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let dollars = paying(job(&acme, "Engineer", 1), 90_000, 100_000, "USD");
    let mut monthly = job(&acme, "Engineer", 1);
    monthly.salary = Some(jobgraph_shared::events::payloads::SalarySnapshot {
        min: 5_000,
        max: 6_000,
        currency: "EUR".into(),
        period: "MONTH".into(),
        yearly_min: 60_000,
        yearly_max: 72_000,
    });
    app.publish(&dollars);
    app.publish(&monthly);
    let found = |filter: Value| {
        let app = &app;
        async move { app.search(json!({ "filter": filter })).await.0 }
    };
    // 100,000 USD is 92,000 EUR by the reference rate.
    assert_eq!(found(json!({ "salaryAtLeast": 80_000 })).await, vec![dollars.id.to_string()]);
    assert_eq!(found(json!({ "salaryAtLeast": 95_000, "salaryCurrency": "USD" })).await, vec![dollars.id.to_string()]);
    assert_eq!(found(json!({ "salaryAtLeast": 70_000 })).await.len(), 2);
    let (by_salary, _) = app.search(json!({ "sort": "SALARY" })).await;
    assert_eq!(by_salary, vec![dollars.id.to_string(), monthly.id.to_string()]);
}

#[tokio::test]
async fn a_radius_finds_jobs_near_a_point_nearest_first() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let berlin = in_city(job(&acme, "Engineer", 1), "Berlin", "DE", Some((52.52, 13.405)));
    let hamburg = in_city(job(&acme, "Engineer", 1), "Hamburg", "DE", Some((53.5511, 9.9937)));
    let munich = in_city(job(&acme, "Engineer", 1), "Munich", "DE", Some((48.1351, 11.582)));
    let nowhere = job(&acme, "Engineer", 1);
    for job in [&hamburg, &munich, &berlin, &nowhere] {
        app.publish(job);
    }
    let near_berlin = json!({ "near": { "lat": 52.52, "lng": 13.405, "km": 300 } });
    let (ids, response) = app.search(json!({ "filter": near_berlin, "sort": "DISTANCE" })).await;
    assert_eq!(ids, vec![berlin.id.to_string(), hamburg.id.to_string()], "Munich is 504 km away: {response}");
    let hamburg_km = response["data"]["searchJobs"]["edges"][1]["distanceKm"].as_f64().unwrap();
    assert!((hamburg_km - 255.0).abs() < 5.0, "{hamburg_km}");
    let (all, _) = app.search(json!({ "filter": { "near": { "lat": 52.52, "lng": 13.405, "km": 600 } } })).await;
    assert_eq!(all.len(), 3, "a job without coordinates is never near anything");
}

#[tokio::test]
async fn pages_neither_skip_nor_repeat_jobs_however_equal_their_scores() {
    let app = TestApp::spawn().await;
    let acme = app.company("Acme");
    let published: Vec<_> = (0..45).map(|_| job(&acme, "Support Engineer", 2)).collect();
    let same_time = published[0].published_at;
    let events: Vec<_> = published
        .iter()
        .map(|job| {
            let mut job = job.clone();
            job.published_at = same_time;
            event(&jobgraph_shared::events::payloads::JobCreated { job })
        })
        .collect();
    app.apply(&events);
    for (query, sort) in [("support engineer", "RELEVANCE"), ("", "DATE"), ("", "SALARY")] {
        let mut seen = HashSet::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let (ids, response) =
                app.search(json!({ "query": query, "sort": sort, "first": 10, "after": after })).await;
            let result = &response["data"]["searchJobs"];
            assert_eq!(result["totalCount"], 45);
            for id in ids {
                assert!(seen.insert(id), "{sort}: a job came twice");
            }
            pages += 1;
            if result["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = result["pageInfo"]["endCursor"].as_str().map(String::from);
        }
        assert_eq!((seen.len(), pages), (45, 5), "{sort}");
    }
}
