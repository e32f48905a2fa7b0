//! Prometheus figures of the backbone, served at each subgraph's `/metrics`.

use std::sync::LazyLock;

use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts};

fn register<M: prometheus::core::Collector + Clone + 'static>(metric: M) -> M {
    // Registering twice (two instances in one test process) is harmless.
    let _ = prometheus::default_registry().register(Box::new(metric.clone()));
    metric
}

fn counter(name: &str, help: &str, label: &str) -> IntCounterVec {
    register(IntCounterVec::new(Opts::new(name, help), &[label]).expect("a valid metric"))
}

fn latency(name: &str, help: &str, label: &str) -> HistogramVec {
    const BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let opts = HistogramOpts::new(name, help).buckets(BUCKETS.to_vec());
    register(HistogramVec::new(opts, &[label]).expect("a valid metric"))
}

/// Unsent rows in a service's outbox.
pub static OUTBOX_DEPTH: LazyLock<IntGaugeVec> = LazyLock::new(|| {
    let opts = Opts::new("jobgraph_outbox_depth", "Outbox rows not yet published");
    register(IntGaugeVec::new(opts, &["service"]).expect("a valid metric"))
});

pub static OUTBOX_PUBLISHED: LazyLock<IntCounterVec> =
    LazyLock::new(|| counter("jobgraph_outbox_published_total", "Events published from the outbox", "service"));

pub static OUTBOX_FAILURES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    counter("jobgraph_outbox_publish_failures_total", "Outbox batches that failed to publish", "service")
});

/// From recording an event to the broker's acknowledgement.
pub static PUBLISH_LATENCY: LazyLock<HistogramVec> = LazyLock::new(|| {
    latency("jobgraph_outbox_publish_latency_seconds", "Time from recording an event to its publication", "service")
});

pub static HANDLED: LazyLock<IntCounterVec> =
    LazyLock::new(|| counter("jobgraph_events_handled_total", "Events applied by a consumer", "consumer"));

pub static DUPLICATES: LazyLock<IntCounterVec> = LazyLock::new(|| {
    counter("jobgraph_events_duplicates_total", "Redelivered events skipped by a consumer", "consumer")
});

pub static RETRIED: LazyLock<IntCounterVec> =
    LazyLock::new(|| counter("jobgraph_events_retried_total", "Handler attempts retried", "consumer"));

pub static DEAD_LETTERED: LazyLock<IntCounterVec> =
    LazyLock::new(|| counter("jobgraph_events_dead_lettered_total", "Events sent to a dead-letter topic", "consumer"));

/// From the event's commit at the producer to the consumer's commit: how stale caches are.
pub static LAG: LazyLock<HistogramVec> = LazyLock::new(|| {
    latency("jobgraph_events_lag_seconds", "Time from an event's commit to its application by a consumer", "consumer")
});

/// Everything in the default registry, in Prometheus' text format.
pub fn render() -> String {
    let mut out = String::new();
    let encoder = prometheus::TextEncoder::new();
    if let Err(error) = encoder.encode_utf8(&prometheus::default_registry().gather(), &mut out) {
        tracing::warn!(%error, "rendering metrics failed");
    }
    out
}
