//! Rate limiting per client IP and per signed-in user, with token buckets:
//! a bucket holds up to `capacity` requests and refills `refill_per_second`.
//! With a Redis URL the buckets live in Redis (one atomic script per
//! request), so every router replica counts against the same buckets;
//! without one they live in this process. A limited request gets HTTP 429,
//! a `Retry-After` header and a RATE_LIMITED error.
//!
//! Per IP counts every GraphQL request as it arrives; per user counts
//! requests whose token the router verified, keyed by its `sub`.

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hive_router::DashMap;
use hive_router::config::HiveRouterConfig;
use hive_router::executor::execution::plan::PlanExecutionOutput;
use hive_router::executor::plugin_context::RouterHttpRequest;
use hive_router::executor::plugin_trait::EarlyHTTPResponse;
use hive_router::http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hive_router::http::{HeaderMap, StatusCode};
use hive_router::ntex::http::Response;
use hive_router::ntex::web::{DefaultError, WebRequest};
use serde::Deserialize;
use tokio::sync::OnceCell;

/// One kind of bucket.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketConfig {
    /// Requests a client may make at once.
    pub capacity: u32,
    /// Requests per second the bucket refills.
    pub refill_per_second: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    pub per_ip: Option<BucketConfig>,
    pub per_user: Option<BucketConfig>,
    /// `redis://host:port`; when absent, `REDIS_URL` from the environment;
    /// when neither is set, buckets are kept in memory.
    pub redis_url: Option<String>,
    /// How many proxies in front of the router append to `X-Forwarded-For`
    /// (0: none, the peer address is the client). Each proxy appends the
    /// address it saw, so the client is that many hops from the right; the
    /// hops to the left of it are whatever the client sent, and never trusted.
    #[serde(default)]
    pub trusted_proxies: usize,
}

/// The answer for one request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    Allow,
    Limit { retry_after: Duration },
}

/// Where buckets live.
pub enum Buckets {
    Memory(DashMap<String, (f64, Instant)>),
    Redis {
        client: redis::Client,
        connection: OnceCell<redis::aio::ConnectionManager>,
        /// When Redis last failed: for a while after, requests pass without trying it.
        failed_at: std::sync::Mutex<Option<Instant>>,
    },
}

/// How long an unreachable Redis is left alone before it is tried again.
const REDIS_BACKOFF: Duration = Duration::from_secs(5);
/// How long one Redis round trip may take before the request passes unlimited.
const REDIS_TIMEOUT: Duration = Duration::from_millis(250);

/// Refill, then take one token; in Redis's clock, so replicas agree.
const TAKE_SCRIPT: &str = r#"
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return tostring(wait)
"#;

impl Buckets {
    pub fn memory() -> Self {
        Buckets::Memory(DashMap::new())
    }

    pub fn redis(url: &str) -> Result<Self, redis::RedisError> {
        Ok(Buckets::Redis {
            client: redis::Client::open(url)?,
            connection: OnceCell::new(),
            failed_at: Default::default(),
        })
    }

    /// Takes one request from `key`'s bucket. A Redis that cannot be reached
    /// lets the request through (logged): the limiter must not take the API down.
    pub async fn take(&self, key: &str, bucket: BucketConfig) -> Decision {
        let rate = bucket.refill_per_second.max(f64::MIN_POSITIVE);
        let capacity = f64::from(bucket.capacity.max(1));
        let wait = match self {
            Buckets::Memory(buckets) => {
                let now = Instant::now();
                // Known clients (nearly every request) cost no allocation.
                let mut entry = match buckets.get_mut(key) {
                    Some(entry) => entry,
                    None => buckets.entry(key.to_string()).or_insert((capacity, now)),
                };
                let (tokens, at) = *entry;
                let tokens = (tokens + now.duration_since(at).as_secs_f64() * rate).min(capacity);
                if tokens >= 1.0 {
                    *entry = (tokens - 1.0, now);
                    0.0
                } else {
                    *entry = (tokens, now);
                    (1.0 - tokens) / rate
                }
            }
            Buckets::Redis { client, connection, failed_at } => {
                let recently_failed = failed_at.lock().expect("lock").is_some_and(|at| at.elapsed() < REDIS_BACKOFF);
                if recently_failed {
                    return Decision::Allow;
                }
                let config = redis::aio::ConnectionManagerConfig::new()
                    .set_number_of_retries(1)
                    .set_connection_timeout(Some(REDIS_TIMEOUT))
                    .set_response_timeout(Some(REDIS_TIMEOUT));
                let result: Result<String, redis::RedisError> = async {
                    let connection =
                        connection.get_or_try_init(|| client.get_connection_manager_with_config(config)).await?;
                    redis::Script::new(TAKE_SCRIPT)
                        .key(format!("jobgraph:rate-limit:{key}"))
                        .arg(capacity)
                        .arg(rate)
                        .invoke_async(&mut connection.clone())
                        .await
                }
                .await;
                match result.map(|wait| wait.parse::<f64>().unwrap_or(0.0)) {
                    Ok(wait) => wait,
                    Err(error) => {
                        tracing::warn!(%error, "rate limit store unreachable; letting requests through for {REDIS_BACKOFF:?}");
                        *failed_at.lock().expect("lock") = Some(Instant::now());
                        0.0
                    }
                }
            }
        };
        if wait > 0.0 { Decision::Limit { retry_after: Duration::from_secs_f64(wait) } } else { Decision::Allow }
    }

    /// Forgets buckets that are full again, so memory stays bounded by the active clients.
    fn prune(&self, bucket: BucketConfig) {
        if let Buckets::Memory(buckets) = self
            && buckets.len() > 10_000
        {
            let full_after = Duration::from_secs_f64(f64::from(bucket.capacity) / bucket.refill_per_second.max(0.001));
            buckets.retain(|_, (_, at)| at.elapsed() < full_after);
        }
    }
}

pub struct RateLimit {
    config: RateLimitConfig,
    graphql_path: String,
    buckets: Buckets,
}

/// Whole seconds to wait, at least one (what `Retry-After` carries).
fn retry_seconds(retry_after: Duration) -> u64 {
    retry_after.as_secs_f64().ceil().max(1.0) as u64
}

fn limited_body(retry_after: Duration) -> String {
    let seconds = retry_seconds(retry_after);
    serde_json::json!({
        "errors": [{
            "message": format!("too many requests; retry in {seconds} s"),
            "extensions": { "code": "RATE_LIMITED", "retryAfter": seconds, "requestId": super::request_id() },
        }]
    })
    .to_string()
}

/// The verified token's subject, read from the Authorization header (the
/// router checked the signature before this runs).
fn subject(authorization: Option<&str>) -> Option<String> {
    let token = authorization?.split_whitespace().nth(1)?;
    let payload = URL_SAFE_NO_PAD.decode(token.split('.').nth(1)?).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    claims["sub"].as_str().map(str::to_string)
}

impl RateLimit {
    pub fn new(config: RateLimitConfig, router: &HiveRouterConfig) -> Result<Self, Box<dyn std::error::Error>> {
        for bucket in [config.per_ip, config.per_user].into_iter().flatten() {
            if bucket.capacity == 0 || bucket.refill_per_second.is_nan() || bucket.refill_per_second <= 0.0 {
                return Err("rate_limit: capacity and refill_per_second must be positive".into());
            }
        }
        let redis_url =
            config.redis_url.clone().or_else(|| std::env::var("REDIS_URL").ok()).filter(|url| !url.is_empty());
        let buckets = match redis_url {
            Some(url) => Buckets::redis(&url)?,
            None => Buckets::memory(),
        };
        let graphql_path = router.graphql_path().to_string();
        Ok(RateLimit { config, graphql_path, buckets })
    }

    /// Counts a GraphQL request against its client IP's bucket, as it
    /// arrives; the refusal when that bucket is empty.
    pub async fn limit_client_ip(&self, request: &WebRequest<DefaultError>) -> Option<Response> {
        let bucket = self.config.per_ip?;
        if request.path() != self.graphql_path {
            return None;
        }
        let ip = self.client_ip(request)?;
        self.buckets.prune(bucket);
        match self.buckets.take(&format!("ip:{ip}"), bucket).await {
            Decision::Allow => None,
            Decision::Limit { retry_after } => Some(
                Response::build(StatusCode::TOO_MANY_REQUESTS)
                    .header(RETRY_AFTER, retry_seconds(retry_after).to_string())
                    .content_type("application/json")
                    .body(limited_body(retry_after)),
            ),
        }
    }

    /// Counts a request whose token the router verified against its
    /// user's bucket; the refusal when that bucket is empty.
    /// How long the signed-in user of `request` must wait, when they are over their limit.
    pub async fn limit_user(&self, request: &RouterHttpRequest<'_>, token_verified: bool) -> Option<Duration> {
        let bucket = self.config.per_user?;
        if !token_verified {
            return None;
        }
        let authorization = request.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
        let user = subject(authorization)?;
        match self.buckets.take(&format!("user:{user}"), bucket).await {
            Decision::Allow => None,
            Decision::Limit { retry_after } => Some(retry_after),
        }
    }

    /// The refusal of a user over their limit, as an HTTP response.
    pub fn user_refusal(retry_after: Duration) -> EarlyHTTPResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(RETRY_AFTER, HeaderValue::from(retry_seconds(retry_after)));
        EarlyHTTPResponse {
            body: limited_body(retry_after).into_bytes(),
            headers,
            status_code: StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// The refusal of a user over their limit, as a subscription's answer.
    pub fn user_refusal_output(retry_after: Duration) -> PlanExecutionOutput {
        PlanExecutionOutput {
            body: limited_body(retry_after).into_bytes(),
            error_count: 1,
            status_code: StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn client_ip(&self, request: &WebRequest<DefaultError>) -> Option<String> {
        let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        client_address(self.config.trusted_proxies, forwarded, request.peer_addr().map(|address| address.ip()))
    }
}

/// The client's address behind `trusted_proxies` proxies: the peer itself
/// with none; else the `X-Forwarded-For` hop that the outermost trusted
/// proxy appended, `trusted_proxies` from the right. A chain shorter than
/// that (a proxy in front did not append) gives its leftmost hop.
fn client_address(trusted_proxies: usize, forwarded: Option<&str>, peer: Option<std::net::IpAddr>) -> Option<String> {
    let peer = peer.map(|address| address.to_string());
    if trusted_proxies == 0 {
        return peer;
    }
    let hops: Vec<&str> = forwarded
        .into_iter()
        .flat_map(|header| header.split(','))
        .map(str::trim)
        .filter(|hop| !hop.is_empty())
        .collect();
    match hops.len().checked_sub(trusted_proxies) {
        Some(index) => Some(hops[index].to_string()),
        None => hops.first().map(|hop| hop.to_string()).or(peer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: BucketConfig = BucketConfig { capacity: 3, refill_per_second: 2.0 };

    async fn drains_and_refills(buckets: &Buckets, key: &str) {
        for _ in 0..3 {
            assert_eq!(buckets.take(key, BUCKET).await, Decision::Allow);
        }
        let Decision::Limit { retry_after } = buckets.take(key, BUCKET).await else { panic!("the fourth is limited") };
        assert!(retry_after > Duration::ZERO && retry_after <= Duration::from_millis(500), "{retry_after:?}");
        assert_eq!(buckets.take(&format!("{key}-other"), BUCKET).await, Decision::Allow, "buckets are per key");
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(buckets.take(key, BUCKET).await, Decision::Allow, "refilled");
    }

    #[tokio::test]
    async fn memory_buckets_limit_and_refill() {
        drains_and_refills(&Buckets::memory(), "ip:192.0.2.1").await;
    }

    #[tokio::test]
    async fn redis_buckets_limit_and_refill_and_are_shared() {
        let url = std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        let key = format!("test:{}", std::process::id());
        let first = Buckets::redis(&url).unwrap();
        drains_and_refills(&first, &key).await;
        // A second replica sees the same bucket.
        let second = Buckets::redis(&url).unwrap();
        let shared = format!("{key}-shared");
        for _ in 0..3 {
            assert_eq!(first.take(&shared, BUCKET).await, Decision::Allow);
        }
        assert!(matches!(second.take(&shared, BUCKET).await, Decision::Limit { .. }));
    }

    #[tokio::test]
    async fn an_unreachable_redis_lets_requests_through() {
        let buckets = Buckets::redis("redis://127.0.0.1:1").unwrap();
        let started = Instant::now();
        assert_eq!(buckets.take("ip:x", BUCKET).await, Decision::Allow);
        assert_eq!(buckets.take("ip:x", BUCKET).await, Decision::Allow);
        assert!(started.elapsed() < Duration::from_secs(2), "a dead store costs little: {:?}", started.elapsed());
    }

    #[test]
    fn the_client_is_the_hop_the_trusted_proxies_saw_never_one_it_forged() {
        let peer = Some("10.0.0.9".parse().unwrap());
        // No proxy trusted: the header is ignored, whatever it says.
        assert_eq!(client_address(0, Some("6.6.6.6"), peer).as_deref(), Some("10.0.0.9"));
        // One proxy: it appended what it saw; the client's forged first hop is ignored.
        assert_eq!(client_address(1, Some("6.6.6.6, 203.0.113.7"), peer).as_deref(), Some("203.0.113.7"));
        assert_eq!(client_address(1, Some("203.0.113.7"), peer).as_deref(), Some("203.0.113.7"));
        // Two proxies (a CDN, then a load balancer): the second from the right.
        let chain = "6.6.6.6, 1.1.1.1, 203.0.113.7, 198.51.100.2";
        assert_eq!(client_address(2, Some(chain), peer).as_deref(), Some("203.0.113.7"));
        // A forged hop cannot pick another bucket: changing it changes nothing.
        let forged = "7.7.7.7, 1.1.1.1, 203.0.113.7, 198.51.100.2";
        assert_eq!(client_address(2, Some(forged), peer), client_address(2, Some(chain), peer));
        // A chain shorter than the proxies: its leftmost hop; no header at all: the peer.
        assert_eq!(client_address(3, Some("203.0.113.7"), peer).as_deref(), Some("203.0.113.7"));
        assert_eq!(client_address(1, None, peer).as_deref(), Some("10.0.0.9"));
    }

    #[test]
    fn the_subject_is_read_from_the_bearer_token() {
        let payload = URL_SAFE_NO_PAD.encode(r#"{"sub":"user-1"}"#);
        assert_eq!(subject(Some(&format!("Bearer x.{payload}.y"))).as_deref(), Some("user-1"));
        assert_eq!(subject(Some("Bearer garbage")), None);
    }
}
