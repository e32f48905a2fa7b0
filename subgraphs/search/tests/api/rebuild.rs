//! A rebuild from the topic (`jobgraph replay --service search`) answers as
//! the live index does, on a real Kafka-protocol broker.

use std::time::{Duration, Instant};

use jobgraph_search::search::{Facet, JobFilter, JobSearch};
use jobgraph_search::synonyms::Synonyms;
use jobgraph_search::{Location, SearchIndex};
use jobgraph_shared::config::EventsArgs;
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::payloads::{CompanyCreated, CompanyUpdated, JobCreated, JobStatusChanged};
use jobgraph_shared::events::{Envelope, Message, Topic, Transport};
use jobgraph_shared::testing::broker::Broker;
use tokio_util::sync::CancellationToken;

use crate::helpers::*;

fn synonyms() -> Synonyms {
    Synonyms::defaults(&mut jobgraph_search::index::fields::analyzer())
}

fn message(kafka: &Kafka, envelope: &Envelope) -> Message {
    Message {
        topic: kafka.topic_name(Topic::Jobs.name()),
        key: envelope.aggregate_id.to_string(),
        payload: serde_json::to_vec(envelope).unwrap(),
        headers: vec![],
    }
}

/// What a few searches answer: totals, facets and the jobs found (in order
/// where the order does not rest on BM25 statistics, which count replaced
/// documents until segments merge).
fn answers(index: &SearchIndex) -> Vec<String> {
    let searches = [
        JobSearch {
            query: Some("engineer".into()),
            facets: Facet::ALL.to_vec(),
            first: Some(100),
            ..JobSearch::default()
        },
        JobSearch { query: Some("rust devloper".into()), ..JobSearch::default() },
        JobSearch {
            filter: JobFilter { cities: vec!["Berlin".into()], ..JobFilter::default() },
            ..JobSearch::default()
        },
    ];
    searches
        .iter()
        .map(|search| {
            let found = index.search_jobs(search).unwrap();
            let mut ids: Vec<String> = found.hits.iter().map(|hit| hit.id.to_string()).collect();
            if search.query.is_some() {
                ids.sort();
            }
            format!("{} {:?} {:?}", found.total_count, ids, found.facets.map(|f| (f.city, f.company, f.skill)))
        })
        .collect()
}

#[tokio::test]
async fn a_rebuilt_index_answers_as_the_live_one() {
    let app = TestApp::spawn().await;
    let broker = Broker::start();
    let kafka =
        Kafka::connect(&EventsArgs { kafka_brokers: Some(broker.address()), ..EventsArgs::defaults() }).unwrap();
    kafka.ensure_topics(&Topic::ALL).await.unwrap();
    let mut companies = Vec::new();
    let mut events = Vec::new();
    for name in ["Acme", "Globex", "Initech"] {
        let company =
            jobgraph_shared::testing::company_snapshot(uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), chrono::Utc::now());
        let company = jobgraph_shared::events::payloads::CompanySnapshot { name: name.into(), ..company };
        events.push(event(&CompanyCreated { company: company.clone() }));
        companies.push(company);
    }
    for n in 0..60 {
        let company = &companies[n % 3];
        let title = ["Rust Developer", "Platform Engineer", "Data Engineer", "Chef"][n % 4];
        let posted = with_skills(
            in_city(job(company, title, (n % 20) as i64), ["Berlin", "Kiel"][n % 2], "DE", None),
            &["Rust", "Go"][..1 + n % 2],
        );
        events.push(event(&JobCreated { job: posted.clone() }));
        if n % 7 == 0 {
            let mut closed = posted.clone();
            closed.status = "CLOSED".into();
            events.push(event(&JobStatusChanged { from: "PUBLISHED".into(), to: "CLOSED".into(), job: closed }));
        }
    }
    let mut suspended = companies[2].clone();
    suspended.is_suspended = true;
    events.push(event(&CompanyUpdated { changed: vec!["isSuspended".into()], company: suspended }));
    let messages: Vec<Message> = events.iter().map(|envelope| message(&kafka, envelope)).collect();
    kafka.publish(&messages).await.unwrap();

    // The live index, fed by its feed.
    let shutdown = CancellationToken::new();
    let kafka = std::sync::Arc::new(kafka);
    let feed = tokio::spawn(jobgraph_search::index::feed::run(
        app.index.clone(),
        app.db.clone(),
        Transport::Kafka(kafka.clone()),
        shutdown.clone(),
    ));
    let began = Instant::now();
    let expected_jobs = 60 - 9 - 20 + 3; // closed (every 7th), and Initech's 20 hidden, of which 3 were closed anyway
    while app.index.count("job").unwrap() != expected_jobs {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "the live index never caught up: {}",
            app.index.count("job").unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shutdown.cancel();
    feed.await.unwrap().unwrap();

    // Rebuilt from the topic's beginning, into a directory of its own, with progress.
    let dir = std::env::temp_dir().join(format!("jobgraph-rebuild-{}", uuid::Uuid::now_v7()));
    let seen = std::sync::Mutex::new((0, 0));
    let read = jobgraph_search::index::feed::rebuild(&dir, synonyms(), &kafka, |done, total| {
        *seen.lock().unwrap() = (done, total)
    })
    .await
    .unwrap();
    assert_eq!(read as usize, events.len());
    assert_eq!(*seen.lock().unwrap(), (events.len() as u64, events.len() as u64));
    let rebuilt = SearchIndex::open(&Location::Directory(dir.clone()), synonyms()).unwrap();
    assert!(!rebuilt.created, "the rebuilt index is in place, with its consumer group");
    assert_eq!(answers(&rebuilt), answers(&app.index));
    drop(rebuilt);
    std::fs::remove_dir_all(&dir).unwrap();
}
