//! Kafka through rdkafka (librdkafka): an idempotent producer with acks=all
//! for the relay, consumer groups that commit only what was handled, and
//! topic creation through the admin API.

use std::sync::RwLock;
use std::time::Duration;

use anyhow::Context as _;
use futures::FutureExt as _;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{CommitMode, Consumer as _, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers as _, Message as _, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer as _};
use rdkafka::{Offset, TopicPartitionList};

use super::envelope::Topic;
use super::transport::{Delivery, Message, dead_letter_topic};
use crate::config::EventsArgs;

pub struct Kafka {
    brokers: String,
    prefix: String,
    partitions: i32,
    replication: i32,
    max_poll_interval: Duration,
    fetch_wait: Duration,
    producer_config: ClientConfig,
    /// Replaced after a fatal error (an idempotent producer that lost its
    /// broker-side state, e.g. a broker that restarted empty).
    producer: RwLock<FutureProducer>,
}

impl Kafka {
    pub fn connect(args: &EventsArgs) -> anyhow::Result<Kafka> {
        let brokers = args.kafka_brokers.clone().context("set KAFKA_BROKERS to the Kafka bootstrap servers")?;
        let mut producer_config = ClientConfig::new();
        producer_config
            .set("bootstrap.servers", &brokers)
            .set("enable.idempotence", "true")
            .set("acks", "all")
            .set("linger.ms", args.kafka_linger.as_millis().to_string())
            .set("message.timeout.ms", args.kafka_delivery_timeout.as_millis().to_string());
        let producer = producer_config.create().context("creating the Kafka producer")?;
        Ok(Kafka {
            brokers,
            prefix: args.kafka_topic_prefix.clone(),
            partitions: args.kafka_partitions,
            replication: args.kafka_replication_factor,
            max_poll_interval: args.kafka_max_poll_interval,
            fetch_wait: args.kafka_fetch_wait,
            producer_config,
            producer: RwLock::new(producer),
        })
    }

    pub fn topic_name(&self, topic: &str) -> String {
        format!("{}{topic}", self.prefix)
    }

    /// Creates `topics` and their dead-letter topics where missing.
    pub async fn ensure_topics(&self, topics: &[Topic]) -> anyhow::Result<()> {
        let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
            .set("bootstrap.servers", &self.brokers)
            .create()
            .context("creating the admin client")?;
        let names: Vec<String> = topics
            .iter()
            .flat_map(|topic| {
                let name = self.topic_name(topic.name());
                [dead_letter_topic(&name), name]
            })
            .collect();
        let new_topics: Vec<NewTopic> = names
            .iter()
            .map(|name| NewTopic::new(name, self.partitions, TopicReplication::Fixed(self.replication)))
            .collect();
        let options = AdminOptions::new().operation_timeout(Some(Duration::from_secs(10)));
        for result in admin.create_topics(&new_topics, &options).await.context("creating topics")? {
            match result {
                Ok(name) => tracing::info!(topic = %name, partitions = self.partitions, "topic created"),
                Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
                Err((name, code)) => anyhow::bail!("creating topic {name}: {code}"),
            }
        }
        Ok(())
    }

    /// Sends every message, then waits until the broker has acknowledged all.
    /// The idempotent producer keeps each partition in send order.
    pub async fn publish(&self, messages: &[Message]) -> anyhow::Result<()> {
        let producer = self.producer.read().expect("producer lock").clone();
        let result = Self::send_all(&producer, messages).await;
        if result.is_err() {
            // A fresh producer (a new producer id) after a failed batch: an
            // idempotent producer whose broker lost its state (a restart, here
            // or on a broker without durable storage) can otherwise time out
            // every later message. The relay resends the batch either way.
            if let Some((code, reason)) = producer.client().fatal_error() {
                tracing::warn!(?code, %reason, "the Kafka producer failed fatally");
            }
            let fresh: FutureProducer = self.producer_config.create()?;
            let old = std::mem::replace(&mut *self.producer.write().expect("producer lock"), fresh);
            // Dropping a producer purges and waits for its thread: not on the async runtime.
            tokio::task::spawn_blocking(move || drop((old, producer)));
        }
        result
    }

    async fn send_all(producer: &FutureProducer, messages: &[Message]) -> anyhow::Result<()> {
        let mut pending = Vec::with_capacity(messages.len());
        for message in messages {
            let mut headers = OwnedHeaders::new_with_capacity(message.headers.len());
            for (key, value) in &message.headers {
                headers = headers.insert(Header { key, value: Some(value.as_bytes()) });
            }
            let mut record =
                FutureRecord::to(&message.topic).key(message.key.as_bytes()).payload(&message.payload).headers(headers);
            loop {
                match producer.send_result(record) {
                    Ok(delivery) => break pending.push(delivery),
                    // The local queue is full: let it drain, then try again.
                    Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), returned)) => {
                        record = returned;
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                    Err((error, _)) => return Err(error).context("queueing a message"),
                }
            }
        }
        for delivery in pending {
            match delivery.await {
                Ok(Ok(_)) => {}
                Ok(Err((error, _))) => return Err(error).context("the broker did not acknowledge a message"),
                Err(_) => anyhow::bail!("the producer was dropped before delivery"),
            }
        }
        Ok(())
    }

    pub fn subscribe(&self, group: &str, topics: &[String]) -> anyhow::Result<KafkaSource> {
        let consumer: StreamConsumer = self.consumer_config(&self.topic_name(group)).create()?;
        let names: Vec<&str> = topics.iter().map(String::as_str).collect();
        consumer.subscribe(&names).context("subscribing")?;
        Ok(KafkaSource { consumer })
    }

    fn consumer_config(&self, group: &str) -> ClientConfig {
        let mut config = ClientConfig::new();
        config
            .set("bootstrap.servers", &self.brokers)
            .set("group.id", group)
            .set("auto.offset.reset", "earliest")
            // Offsets are stored by us after the handler's transaction commits,
            // and committed in the background (and on close).
            .set("enable.auto.commit", "true")
            .set("auto.commit.interval.ms", "500")
            .set("enable.auto.offset.store", "false")
            .set("session.timeout.ms", "10000")
            // librdkafka refuses a poll interval below the session timeout.
            .set("max.poll.interval.ms", self.max_poll_interval.as_millis().max(10_000).to_string())
            .set("fetch.wait.max.ms", self.fetch_wait.as_millis().to_string());
        config
    }

    /// The (low, high) watermarks of every partition of `topic`.
    pub async fn watermarks(&self, topic: &str) -> anyhow::Result<Vec<(i32, i64, i64)>> {
        let consumer: StreamConsumer = self.consumer_config("jobgraph-watermarks").create()?;
        let topic = topic.to_string();
        tokio::task::spawn_blocking(move || {
            let metadata = consumer.fetch_metadata(Some(&topic), Duration::from_secs(10))?;
            let partitions = metadata.topics().first().map(|t| t.partitions().len()).unwrap_or(0);
            (0..partitions as i32)
                .map(|partition| {
                    let (low, high) = consumer.fetch_watermarks(&topic, partition, Duration::from_secs(10))?;
                    Ok((partition, low, high))
                })
                .collect()
        })
        .await?
    }

    /// Reads `topic` from the beginning with a throwaway consumer (no group
    /// commits): what `jobgraph replay` rebuilds caches from.
    pub fn read_from_start(&self, topics: &[String]) -> anyhow::Result<KafkaSource> {
        let group = format!("jobgraph-replay-{}", uuid::Uuid::now_v7());
        let consumer: StreamConsumer =
            self.consumer_config(&group).set("enable.auto.commit", "false").create().context("creating a reader")?;
        let names: Vec<&str> = topics.iter().map(String::as_str).collect();
        consumer.subscribe(&names)?;
        Ok(KafkaSource { consumer })
    }
}

impl Kafka {
    /// Reads what `topics` receive from now on, every partition assigned
    /// to this reader at its end (no group to join, nothing committed):
    /// every replica of a service sees every record, as a live fan-out (a
    /// notification made by one replica reaches subscribers connected to
    /// another), from the moment this returns.
    pub async fn tail(&self, topics: &[String]) -> anyhow::Result<KafkaSource> {
        let group = format!("jobgraph-live-{}", uuid::Uuid::now_v7());
        let consumer: StreamConsumer = self
            .consumer_config(&group)
            .set("enable.auto.commit", "false")
            .set("auto.offset.reset", "latest")
            .create()
            .context("creating a tail")?;
        let topics = topics.to_vec();
        tokio::task::spawn_blocking(move || {
            let mut assignment = TopicPartitionList::new();
            for topic in &topics {
                let metadata = consumer.fetch_metadata(Some(topic), Duration::from_secs(10))?;
                let partitions = metadata.topics().first().map_or(0, |t| t.partitions().len());
                anyhow::ensure!(partitions > 0, "topic {topic} has no partitions");
                for partition in 0..partitions as i32 {
                    assignment.add_partition_offset(topic, partition, Offset::End)?;
                }
            }
            consumer.assign(&assignment).context("assigning the tail")?;
            Ok(KafkaSource { consumer })
        })
        .await?
    }
}

pub struct KafkaSource {
    consumer: StreamConsumer,
}

fn delivery(message: &rdkafka::message::BorrowedMessage<'_>) -> Delivery {
    let headers = message
        .headers()
        .map(|headers| {
            headers
                .iter()
                .filter_map(|h| Some((h.key.to_string(), String::from_utf8_lossy(h.value?).into_owned())))
                .collect()
        })
        .unwrap_or_default();
    Delivery {
        topic: message.topic().to_string(),
        partition: message.partition(),
        offset: message.offset(),
        key: message.key().map(|key| String::from_utf8_lossy(key).into_owned()),
        payload: message.payload().unwrap_or_default().to_vec(),
        headers,
    }
}

impl KafkaSource {
    pub async fn next_batch(&mut self, max: usize) -> anyhow::Result<Vec<Delivery>> {
        let first = self.consumer.recv().await.context("consuming")?;
        let mut batch = vec![delivery(&first)];
        drop(first);
        while batch.len() < max {
            match self.consumer.recv().now_or_never() {
                Some(Ok(message)) => batch.push(delivery(&message)),
                Some(Err(error)) => return Err(error).context("consuming"),
                None => break,
            }
        }
        Ok(batch)
    }

    /// Stores the offsets after `deliveries`; the background commit sends them.
    pub fn commit(&mut self, deliveries: &[Delivery]) -> anyhow::Result<()> {
        let mut after = std::collections::BTreeMap::new();
        for delivery in deliveries {
            let offset = after.entry((delivery.topic.as_str(), delivery.partition)).or_insert(delivery.offset + 1);
            *offset = (*offset).max(delivery.offset + 1);
        }
        let mut next = TopicPartitionList::new();
        for ((topic, partition), offset) in after {
            next.add_partition_offset(topic, partition, Offset::Offset(offset))?;
        }
        match self.consumer.store_offsets(&next) {
            Ok(()) => Ok(()),
            // The partition moved to another member meanwhile: it re-reads
            // from the last commit, and processed_events makes that harmless.
            Err(error) => {
                tracing::debug!(%error, "offsets not stored (partition reassigned)");
                Ok(())
            }
        }
    }

    pub async fn close(self) -> anyhow::Result<()> {
        tokio::task::spawn_blocking(move || {
            match self.consumer.commit_consumer_state(CommitMode::Sync) {
                Ok(()) | Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
                Err(error) => {
                    tracing::warn!(%error, "final offset commit failed; the group re-reads from the last one")
                }
            }
            self.consumer.unsubscribe();
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rdkafka::producer::BaseProducer;

    use super::*;

    /// An in-process librdkafka mock cluster, kept alive by its client, with
    /// no initial rebalance delay so groups join at once.
    fn mock_cluster() -> (BaseProducer, String) {
        let client: BaseProducer = ClientConfig::new().set("test.mock.num.brokers", "1").create().unwrap();
        let bootstrap = client.client().mock_cluster().unwrap().bootstrap_servers();
        // SAFETY: the pointer is the client's own mock cluster, alive while `client` is.
        unsafe {
            let cluster = rdkafka::bindings::rd_kafka_handle_mock_cluster(client.client().native_ptr());
            rdkafka::bindings::rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        }
        (client, bootstrap)
    }

    fn kafka(bootstrap: &str) -> Kafka {
        let args = EventsArgs {
            kafka_brokers: Some(bootstrap.to_string()),
            kafka_partitions: 4,
            kafka_topic_prefix: "test.".into(),
            ..EventsArgs::defaults()
        };
        Kafka::connect(&args).unwrap()
    }

    fn message(topic: &str, key: &str, n: usize) -> Message {
        Message {
            topic: topic.into(),
            key: key.into(),
            payload: n.to_string().into_bytes(),
            headers: vec![("n".into(), n.to_string())],
        }
    }

    async fn read_n(source: &mut KafkaSource, count: usize) -> Vec<Delivery> {
        let mut read = Vec::new();
        while read.len() < count {
            let batch = tokio::time::timeout(Duration::from_secs(20), source.next_batch(100)).await.unwrap().unwrap();
            source.commit(&batch).unwrap();
            read.extend(batch);
        }
        read
    }

    #[tokio::test]
    async fn keys_keep_their_order_across_partitions_and_groups_resume_after_commits() {
        let (cluster, bootstrap) = mock_cluster();
        let kafka = kafka(&bootstrap);
        let topic = kafka.topic_name(Topic::Jobs.name());
        // The mock cluster does not serve CreateTopics; ensure_topics runs against Tansu in tests/e2e.
        cluster.client().mock_cluster().unwrap().create_topic(&topic, 4, 1).unwrap();
        assert_eq!(topic, "test.job-events");
        let keys = ["a", "b", "c", "d", "e"];
        let messages: Vec<Message> = (0..100).map(|n| message(&topic, keys[n % keys.len()], n)).collect();
        kafka.publish(&messages).await.unwrap();

        let mut source = kafka.subscribe("jobs", std::slice::from_ref(&topic)).unwrap();
        let read = read_n(&mut source, 100).await;
        let partitions: std::collections::HashSet<i32> = read.iter().map(|d| d.partition).collect();
        assert!(partitions.len() > 1, "keys spread over partitions: {partitions:?}");
        let mut per_key: HashMap<String, Vec<usize>> = HashMap::new();
        for delivery in &read {
            let n: usize = String::from_utf8_lossy(&delivery.payload).parse().unwrap();
            assert_eq!(delivery.header("n"), Some(n.to_string().as_str()), "headers travel");
            per_key.entry(delivery.key.clone().unwrap()).or_default().push(n);
        }
        for (key, seen) in &per_key {
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{key} out of order: {seen:?}");
            assert_eq!(seen.len(), 20);
        }
        source.close().await.unwrap();

        // The group resumes after its commits: only what came later.
        kafka.publish(&[message(&topic, "a", 100)]).await.unwrap();
        let mut again = kafka.subscribe("jobs", std::slice::from_ref(&topic)).unwrap();
        let next = read_n(&mut again, 1).await;
        assert_eq!(next[0].payload, b"100");
        again.close().await.unwrap();
    }
}
