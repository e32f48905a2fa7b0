//! Settings shared by the `jobgraph` commands, read from flags or the
//! environment (clap). Each field's doc comment is its `--help` text and its
//! row in the README's configuration table.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;

use crate::auth::{PublicKey, SigningKey, TokenSettings, TokenVerifier};

/// Where a service keeps its data.
#[derive(clap::Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database URL: `postgres://user@host/db`, or `sqlite://path?mode=rwc`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(long, env = "JOBGRAPH_DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub database_max_connections: u32,
}

/// How access tokens are signed and checked.
#[derive(clap::Args, Clone, Debug)]
pub struct AuthArgs {
    /// Issuer (`iss`) named in every access token and required by every verifier.
    #[arg(long, env = "JOBGRAPH_JWT_ISSUER", default_value = "jobgraph")]
    pub jwt_issuer: String,
    /// Audience (`aud`) named in every access token and required by every verifier.
    #[arg(long, env = "JOBGRAPH_JWT_AUDIENCE", default_value = "jobgraph-api")]
    pub jwt_audience: String,
    /// PEM (PKCS#8) Ed25519 private key the users service signs tokens with.
    #[arg(long, env = "JOBGRAPH_JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<PathBuf>,
    /// PEM (SPKI) Ed25519 public key other services verify tokens with.
    #[arg(long, env = "JOBGRAPH_JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,
    /// Lifetime of an access token (humantime: `15m`, `1h`).
    #[arg(long, env = "JOBGRAPH_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = humantime::parse_duration)]
    pub access_token_ttl: Duration,
    /// Lifetime of a refresh token (humantime: `30days`).
    #[arg(long, env = "JOBGRAPH_REFRESH_TOKEN_TTL", default_value = "30days", value_parser = humantime::parse_duration)]
    pub refresh_token_ttl: Duration,
}

impl AuthArgs {
    pub fn token_settings(&self) -> TokenSettings {
        TokenSettings { issuer: self.jwt_issuer.clone(), audience: self.jwt_audience.clone() }
    }

    /// The signing key; required where tokens are issued.
    pub fn signing_key(&self) -> anyhow::Result<SigningKey> {
        let path = self
            .jwt_private_key_file
            .as_ref()
            .context("set JOBGRAPH_JWT_PRIVATE_KEY_FILE (make one with `openssl genpkey -algorithm ed25519`)")?;
        let pem = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        SigningKey::from_pem(&pem).with_context(|| format!("parsing {}", path.display()))
    }

    /// The verifier: from the public key file, or else from the private key.
    pub fn verifier(&self) -> anyhow::Result<TokenVerifier> {
        let key = match (&self.jwt_public_key_file, &self.jwt_private_key_file) {
            (Some(path), _) => {
                let pem = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                PublicKey::from_pem(&pem).with_context(|| format!("parsing {}", path.display()))?
            }
            (None, Some(_)) => self.signing_key()?.public_key().clone(),
            (None, None) => anyhow::bail!("set JOBGRAPH_JWT_PUBLIC_KEY_FILE to the users service's public key"),
        };
        Ok(TokenVerifier::new(vec![key], &self.token_settings()))
    }
}

/// Who a subgraph answers besides the router (`jobgraph subgraph`).
#[derive(clap::Args, Clone, Debug)]
pub struct ExposureArgs {
    /// Serve introspection and GraphiQL on this subgraph (off outside dev:
    /// explore the router's composed API instead).
    #[arg(long, env = "JOBGRAPH_EXPLORE", default_value_t = false)]
    pub explore: bool,
    /// A shared secret the router sends (it reads the same variable) and this
    /// subgraph requires on `/graphql`, so callers that reach it past the
    /// router are refused. Unset: no secret is asked for.
    #[arg(long, env = "JOBGRAPH_SUBGRAPH_SECRET", hide_env_values = true)]
    pub subgraph_secret: Option<String>,
}

impl ExposureArgs {
    pub fn exposure(&self) -> crate::server::Exposure {
        crate::server::Exposure {
            explore: self.explore,
            secret: self.subgraph_secret.clone().filter(|secret| !secret.is_empty()),
        }
    }
}

/// Logging.
#[derive(clap::Args, Clone, Debug)]
pub struct TelemetryArgs {
    /// Log filter in `tracing` syntax (e.g. `info,jobgraph_jobs=debug`).
    #[arg(long, env = "JOBGRAPH_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: `text` for people, `json` for log shippers. Unset: text
    /// on a terminal, JSON otherwise.
    #[arg(long, env = "JOBGRAPH_LOG_FORMAT", global = true)]
    pub log_format: Option<LogFormat>,
}

impl TelemetryArgs {
    /// The format asked for, else text for a person at a terminal and JSON
    /// for whatever else reads the log.
    pub fn format(&self, to_terminal: bool) -> LogFormat {
        self.log_format.unwrap_or(if to_terminal { LogFormat::Text } else { LogFormat::Json })
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// The event backbone: the broker, topics, the outbox relay and consumers.
#[derive(clap::Args, Clone, Debug)]
pub struct EventsArgs {
    /// Kafka bootstrap servers (`host:9092,host2:9092`). Required by `subgraph` and `replay`;
    /// `jobgraph dev` uses its in-process bus instead.
    #[arg(long, env = "KAFKA_BROKERS")]
    pub kafka_brokers: Option<String>,
    /// Prefix of every topic name (`staging.` gives `staging.job-events`).
    #[arg(long, env = "KAFKA_TOPIC_PREFIX", default_value = "")]
    pub kafka_topic_prefix: String,
    /// Partitions of each topic the service creates at start (events of one aggregate share one).
    #[arg(long, env = "KAFKA_PARTITIONS", default_value_t = 6)]
    pub kafka_partitions: i32,
    /// Replication factor of the topics the service creates.
    #[arg(long, env = "KAFKA_REPLICATION_FACTOR", default_value_t = 1)]
    pub kafka_replication_factor: i32,
    /// Create missing topics (and their `.dlq`) at start through the admin API.
    #[arg(long, env = "KAFKA_CREATE_TOPICS", default_value_t = true, action = clap::ArgAction::Set)]
    pub kafka_create_topics: bool,
    /// How long the producer keeps trying one batch before the relay backs off and retries it.
    #[arg(long, env = "KAFKA_DELIVERY_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub kafka_delivery_timeout: Duration,
    /// How long a consumer may go without asking the broker for more before its group
    /// gives its partitions to another member; also how soon the group moves on from a
    /// member that died without leaving (on brokers that wait for the rebalance timeout).
    #[arg(long, env = "KAFKA_MAX_POLL_INTERVAL", default_value = "5m", value_parser = humantime::parse_duration)]
    pub kafka_max_poll_interval: Duration,
    /// How long the producer waits for more messages before it sends a batch
    /// (librdkafka's `linger.ms`): throughput against latency on every hop.
    #[arg(long, env = "KAFKA_LINGER", default_value = "5ms", value_parser = humantime::parse_duration)]
    pub kafka_linger: Duration,
    /// How long the broker may hold a consumer's fetch while it has nothing new
    /// (librdkafka's `fetch.wait.max.ms`): an idle consumer asks this often.
    #[arg(long, env = "KAFKA_FETCH_WAIT", default_value = "10ms", value_parser = humantime::parse_duration)]
    pub kafka_fetch_wait: Duration,
    /// How often the relay looks for new outbox rows when it found none.
    #[arg(long, env = "JOBGRAPH_OUTBOX_POLL_INTERVAL", default_value = "20ms", value_parser = humantime::parse_duration)]
    pub outbox_poll_interval: Duration,
    /// Most outbox rows published in one batch.
    #[arg(long, env = "JOBGRAPH_OUTBOX_BATCH_SIZE", default_value_t = 500)]
    pub outbox_batch_size: u64,
    /// How long published outbox rows are kept (for audits and dev replays) before they are pruned.
    #[arg(long, env = "JOBGRAPH_OUTBOX_RETENTION", default_value = "7days", value_parser = humantime::parse_duration)]
    pub outbox_retention: Duration,
    /// Most events a consumer applies in one transaction.
    #[arg(long, env = "JOBGRAPH_CONSUMER_BATCH_SIZE", default_value_t = 500)]
    pub consumer_batch_size: usize,
    /// Attempts a consumer makes at one event before it goes to the dead-letter topic.
    #[arg(long, env = "JOBGRAPH_CONSUMER_ATTEMPTS", default_value_t = 5)]
    pub consumer_attempts: u32,
    /// Wait before the first retry; each next retry waits twice as long.
    #[arg(long, env = "JOBGRAPH_CONSUMER_BACKOFF", default_value = "200ms", value_parser = humantime::parse_duration)]
    pub consumer_backoff: Duration,
    /// How long a consumer remembers the ids of applied events, to skip redeliveries.
    /// Keep it longer than the topics' retention (Kafka's default: 7 days).
    #[arg(long, env = "JOBGRAPH_PROCESSED_EVENTS_RETENTION", default_value = "14days", value_parser = humantime::parse_duration)]
    pub processed_events_retention: Duration,
}

impl EventsArgs {
    /// Defaults, as if no flag or variable were given.
    pub fn defaults() -> Self {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            events: EventsArgs,
        }
        Only::parse_from(["events"]).events
    }
}

#[cfg(test)]
mod tests {
    use super::{LogFormat, TelemetryArgs};

    #[test]
    fn logs_are_text_for_a_terminal_and_json_for_machines_unless_told() {
        let unset = TelemetryArgs { log: "info".into(), log_format: None };
        assert_eq!(unset.format(true), LogFormat::Text);
        assert_eq!(unset.format(false), LogFormat::Json);
        let json = TelemetryArgs { log_format: Some(LogFormat::Json), ..unset.clone() };
        assert_eq!(json.format(true), LogFormat::Json, "--log-format json wins on a terminal");
        let text = TelemetryArgs { log_format: Some(LogFormat::Text), ..unset };
        assert_eq!(text.format(false), LogFormat::Text);
    }
}
