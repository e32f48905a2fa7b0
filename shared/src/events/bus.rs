//! The in-process bus of `jobgraph dev`: one append-only log per topic (a
//! single partition) and committed positions per consumer group, in memory.
//! It behaves as Kafka does for our purposes: at-least-once delivery in
//! order, groups resuming from their commits. The durable record is the
//! producers' outbox tables; the log lives as long as the process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use super::transport::{Delivery, Message};

#[derive(Clone, Default)]
pub struct Bus {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    logs: Mutex<HashMap<String, Vec<Delivery>>>,
    /// (group, topic) -> the offset the group resumes from.
    committed: Mutex<HashMap<(String, String), i64>>,
    published: Notify,
}

impl Bus {
    pub fn new() -> Self {
        Bus::default()
    }

    pub fn publish(&self, messages: &[Message]) {
        let mut logs = self.inner.logs.lock().expect("bus lock");
        for message in messages {
            let log = logs.entry(message.topic.clone()).or_default();
            log.push(Delivery {
                topic: message.topic.clone(),
                partition: 0,
                offset: log.len() as i64,
                key: Some(message.key.clone()),
                payload: message.payload.clone(),
                headers: message.headers.clone(),
            });
        }
        drop(logs);
        self.inner.published.notify_waiters();
    }

    /// How many records `topic` holds.
    pub fn len(&self, topic: &str) -> usize {
        self.inner.logs.lock().expect("bus lock").get(topic).map_or(0, Vec::len)
    }

    pub fn is_empty(&self, topic: &str) -> bool {
        self.len(topic) == 0
    }

    /// Reads what `topics` receive from now on, committing nothing.
    pub fn tail(&self, topics: &[String]) -> BusSource {
        let logs = self.inner.logs.lock().expect("bus lock");
        let positions =
            topics.iter().map(|topic| (topic.clone(), logs.get(topic).map_or(0, Vec::len) as i64)).collect();
        BusSource { bus: self.clone(), group: format!("tail-{}", uuid::Uuid::now_v7()), positions }
    }

    pub fn subscribe(&self, group: &str, topics: &[String]) -> BusSource {
        let committed = self.inner.committed.lock().expect("bus lock");
        let positions = topics
            .iter()
            .map(|topic| (topic.clone(), committed.get(&(group.to_string(), topic.clone())).copied().unwrap_or(0)))
            .collect();
        BusSource { bus: self.clone(), group: group.to_string(), positions }
    }
}

/// One subscriber's view: where it has read to, per topic.
pub struct BusSource {
    bus: Bus,
    group: String,
    positions: Vec<(String, i64)>,
}

impl BusSource {
    pub async fn next_batch(&mut self, max: usize) -> Vec<Delivery> {
        loop {
            // Registered before looking, so a publish in between is not missed.
            let bus = self.bus.clone();
            let published = bus.inner.published.notified();
            tokio::pin!(published);
            published.as_mut().enable();
            let batch = self.take(max);
            if !batch.is_empty() {
                return batch;
            }
            published.await;
        }
    }

    fn take(&mut self, max: usize) -> Vec<Delivery> {
        let logs = self.bus.inner.logs.lock().expect("bus lock");
        let mut batch = Vec::new();
        for (topic, position) in &mut self.positions {
            let Some(log) = logs.get(topic.as_str()) else { continue };
            while batch.len() < max && (*position as usize) < log.len() {
                batch.push(log[*position as usize].clone());
                *position += 1;
            }
        }
        batch
    }

    pub fn commit(&mut self, deliveries: &[Delivery]) {
        let mut committed = self.bus.inner.committed.lock().expect("bus lock");
        for delivery in deliveries {
            let entry = committed.entry((self.group.clone(), delivery.topic.clone())).or_insert(0);
            *entry = (*entry).max(delivery.offset + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(topic: &str, key: &str) -> Message {
        Message { topic: topic.into(), key: key.into(), payload: key.as_bytes().to_vec(), headers: vec![] }
    }

    #[tokio::test]
    async fn groups_read_in_order_and_resume_from_their_commits() {
        let bus = Bus::new();
        bus.publish(&[message("t", "a"), message("t", "b"), message("t", "c")]);
        let mut first = bus.subscribe("g", &["t".to_string()]);
        let batch = first.next_batch(2).await;
        assert_eq!(batch.iter().map(|d| d.offset).collect::<Vec<_>>(), vec![0, 1]);
        first.commit(&batch[..1]);
        // A restarted member of the group resumes after the last commit: b comes again.
        let mut second = bus.subscribe("g", &["t".to_string()]);
        assert_eq!(second.next_batch(10).await.iter().map(|d| d.offset).collect::<Vec<_>>(), vec![1, 2]);
        // Another group reads everything.
        assert_eq!(bus.subscribe("other", &["t".to_string()]).next_batch(10).await.len(), 3);
    }

    #[tokio::test]
    async fn a_waiting_subscriber_wakes_on_publish() {
        let bus = Bus::new();
        let mut source = bus.subscribe("g", &["t".to_string()]);
        let waiting = tokio::spawn(async move { source.next_batch(10).await.len() });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        bus.publish(&[message("t", "a")]);
        assert_eq!(waiting.await.unwrap(), 1);
    }
}
