//! Where events travel: Kafka in the microservices shape, the in-process
//! [`Bus`] in `jobgraph dev`. The relay and the consumers see one interface,
//! so both shapes run the same code path.

use std::sync::Arc;

use super::bus::{Bus, BusSource};
use super::envelope::Topic;
use super::kafka::{Kafka, KafkaSource};

/// A record to publish.
#[derive(Clone, Debug)]
pub struct Message {
    /// The physical topic name.
    pub topic: String,
    pub key: String,
    pub payload: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

/// A record consumed, with where it came from.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub key: Option<String>,
    pub payload: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Delivery {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// The dead-letter topic of `topic`.
pub fn dead_letter_topic(topic: &str) -> String {
    format!("{topic}.dlq")
}

#[derive(Clone)]
pub enum Transport {
    Kafka(Arc<Kafka>),
    Bus(Bus),
}

impl Transport {
    /// The physical name of a topic (deployments may prefix names).
    pub fn topic_name(&self, topic: &str) -> String {
        match self {
            Transport::Kafka(kafka) => kafka.topic_name(topic),
            Transport::Bus(_) => topic.to_string(),
        }
    }

    /// Publishes `messages`, in order per key; returns once all are durable
    /// (acknowledged by every in-sync replica on Kafka).
    pub async fn publish(&self, messages: &[Message]) -> anyhow::Result<()> {
        match self {
            Transport::Kafka(kafka) => kafka.publish(messages).await,
            Transport::Bus(bus) => {
                bus.publish(messages);
                Ok(())
            }
        }
    }

    /// Joins `group` on `topics`, from where the group left off (or the beginning).
    pub fn subscribe(&self, group: &str, topics: &[Topic]) -> anyhow::Result<Source> {
        let names: Vec<String> = topics.iter().map(|topic| self.topic_name(topic.name())).collect();
        Ok(match self {
            Transport::Kafka(kafka) => Source::Kafka(kafka.subscribe(group, &names)?),
            Transport::Bus(bus) => Source::Bus(bus.subscribe(group, &names)),
        })
    }
}

impl Transport {
    /// Reads what `topics` receive from now on, in this process alone (no
    /// group shared with anyone, nothing committed): a live fan-out.
    pub async fn tail(&self, topics: &[Topic]) -> anyhow::Result<Source> {
        let names: Vec<String> = topics.iter().map(|topic| self.topic_name(topic.name())).collect();
        Ok(match self {
            Transport::Kafka(kafka) => Source::Kafka(kafka.tail(&names).await?),
            Transport::Bus(bus) => Source::Bus(bus.tail(&names)),
        })
    }
}

/// A subscription: batches of deliveries, and commits of what was handled.
pub enum Source {
    Kafka(KafkaSource),
    Bus(BusSource),
}

impl Source {
    /// Waits for at least one delivery, then takes what else is ready, up to `max`.
    pub async fn next_batch(&mut self, max: usize) -> anyhow::Result<Vec<Delivery>> {
        match self {
            Source::Kafka(source) => source.next_batch(max).await,
            Source::Bus(source) => Ok(source.next_batch(max).await),
        }
    }

    /// Marks `deliveries` handled: the group resumes after them.
    pub fn commit(&mut self, deliveries: &[Delivery]) -> anyhow::Result<()> {
        match self {
            Source::Kafka(source) => source.commit(deliveries),
            Source::Bus(source) => {
                source.commit(deliveries);
                Ok(())
            }
        }
    }

    /// Commits what was marked and leaves the group.
    pub async fn close(self) -> anyhow::Result<()> {
        match self {
            Source::Kafka(source) => source.close().await,
            Source::Bus(_) => Ok(()),
        }
    }
}
