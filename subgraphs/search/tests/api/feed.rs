//! The feed: events from the transport reach the index within a second, and
//! an index on disk resumes, or rebuilds when its format changed.

use std::time::{Duration, Instant};

use jobgraph_search::synonyms::Synonyms;
use jobgraph_search::{Location, SearchIndex};
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::payloads::JobCreated;
use jobgraph_shared::events::{Message, Topic, Transport};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::helpers::*;

#[tokio::test]
async fn a_published_job_is_found_within_a_second_of_its_event() {
    let app = TestApp::spawn().await;
    let bus = Bus::new();
    let shutdown = CancellationToken::new();
    let feed = tokio::spawn(jobgraph_search::index::feed::run(
        app.index.clone(),
        app.db.clone(),
        Transport::Bus(bus.clone()),
        shutdown.clone(),
    ));
    let acme =
        jobgraph_shared::testing::company_snapshot(uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), chrono::Utc::now());
    let posted = job(&acme, "Lighthouse Keeper", 0);
    let envelope = event(&JobCreated { job: posted.clone() });
    let began = Instant::now();
    bus.publish(&[Message {
        topic: Topic::Jobs.name().into(),
        key: posted.id.to_string(),
        payload: serde_json::to_vec(&envelope).unwrap(),
        headers: vec![],
    }]);
    loop {
        if app.search(json!({ "query": "lighthouse" })).await.0 == vec![posted.id.to_string()] {
            break;
        }
        assert!(began.elapsed() < Duration::from_secs(1), "not searchable after a second");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    shutdown.cancel();
    feed.await.unwrap().unwrap();
}

#[test]
fn an_index_on_disk_resumes_and_rebuilds_when_its_format_changed() {
    let dir = std::env::temp_dir().join(format!("jobgraph-search-{}", uuid::Uuid::now_v7()));
    let location = Location::Directory(dir.clone());
    let synonyms = || Synonyms::defaults(&mut jobgraph_search::index::fields::analyzer());
    let acme =
        jobgraph_shared::testing::company_snapshot(uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), chrono::Utc::now());
    let group = {
        let index = SearchIndex::open(&location, synonyms()).unwrap();
        assert!(index.created);
        index.apply(&[event(&JobCreated { job: job(&acme, "Keeper", 0) })]).unwrap();
        index.consumer_group().to_string()
    };
    {
        let index = SearchIndex::open(&location, synonyms()).unwrap();
        assert!(!index.created);
        assert_eq!((index.consumer_group(), index.count("job").unwrap()), (group.as_str(), 1), "it resumes");
    }
    // An index another version built (its marker says so) starts over, in a new group.
    let marker = dir.join("jobgraph-index.json");
    let text = std::fs::read_to_string(&marker).unwrap().replace("\"format\": \"", "\"format\": \"0-");
    std::fs::write(&marker, text).unwrap();
    let index = SearchIndex::open(&location, synonyms()).unwrap();
    assert!(index.created);
    assert_ne!(index.consumer_group(), group);
    assert_eq!(index.count("job").unwrap(), 0);
    drop(index);
    std::fs::remove_dir_all(&dir).unwrap();
}
