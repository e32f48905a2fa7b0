//! The HTTP face of every subgraph: `POST /graphql` (GraphiQL on `GET` where exploring is on),
//! `/health`, `/ready`, `/metrics`, request ids, the trace context, the caller from the Authorization
//! header (its token refused once its session is revoked), and graceful shutdown.

use std::sync::Arc;

use async_graphql::Executor;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::AUTHORIZATION};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;
use uuid::Uuid;

use crate::auth::{Caller, TokenVerifier};
use crate::error::{ErrorCode, ensure_error_codes};
use crate::events::trace;
use crate::loader::RequestScope;
use crate::revocations::Revocations;

/// Who a subgraph answers besides the router, and what it shows them.
#[derive(Clone, Debug, Default)]
pub struct Exposure {
    /// Introspection and GraphiQL: on in dev, off by default elsewhere (the
    /// router's composed API is the one to explore).
    pub explore: bool,
    /// When set, `/graphql` serves only requests carrying it in
    /// [`SECRET_HEADER`] (the router sends it), so a caller that reaches a
    /// subgraph past the router is refused.
    pub secret: Option<String>,
}

impl Exposure {
    /// `jobgraph dev`: everything on loopback, explorable.
    pub fn dev() -> Self {
        Exposure { explore: true, secret: None }
    }
}

/// The header the router sends the subgraph secret in.
pub const SECRET_HEADER: &str = "x-jobgraph-subgraph-secret";
/// Deeper than any plan the router makes of a query within its own limit (12).
pub const MAX_DEPTH: usize = 24;
/// Fields per operation (each counts 1).
pub const MAX_COMPLEXITY: usize = 20_000;
/// Entity representations per request: the router's cost limit (10,000) bounds what it asks for.
pub const MAX_REPRESENTATIONS: usize = 10_000;

/// A subgraph schema's limits on what one operation may ask, whoever asks.
pub fn limited<Q, M, S>(builder: async_graphql::SchemaBuilder<Q, M, S>) -> async_graphql::SchemaBuilder<Q, M, S> {
    builder.limit_depth(MAX_DEPTH).limit_complexity(MAX_COMPLEXITY)
}

#[derive(Clone)]
struct GraphqlState<E> {
    executor: E,
    verifier: Arc<TokenVerifier>,
    revocations: Arc<Revocations>,
    exposure: Arc<Exposure>,
}

/// The routes every subgraph serves. Service-specific routes are merged on top.
pub fn subgraph_router<E: Executor + Clone>(
    executor: E,
    verifier: TokenVerifier,
    db: DatabaseConnection,
    exposure: Exposure,
) -> Router {
    let endpoint = if exposure.explore { get(graphiql).post(graphql::<E>) } else { post(graphql::<E>) };
    let graphql = Router::new().route("/graphql", endpoint).with_state(GraphqlState {
        executor,
        verifier: Arc::new(verifier),
        revocations: Arc::new(Revocations::new(db.clone())),
        exposure: Arc::new(exposure),
    });
    let probes = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .route("/metrics", get(|| async { crate::events::metrics::render() }))
        .with_state(db);
    graphql.merge(probes)
}

async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}

/// Ready when the database answers.
async fn ready(State(db): State<DatabaseConnection>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(|| Uuid::now_v7().to_string())
}

/// Who is on the other end, as the router passes it on: the client's
/// address (the first of `x-forwarded-for`, set by the proxy in front of
/// the router) and user agent. Only analytics reads them, to hash them.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

impl Client {
    fn of(headers: &HeaderMap) -> Self {
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        Client {
            address: header("x-forwarded-for")
                .and_then(|list| list.split(',').next())
                .map(str::trim)
                .filter(|address| !address.is_empty())
                .map(str::to_string),
            user_agent: header("user-agent").map(str::to_string),
        }
    }
}

async fn graphql<E: Executor>(
    State(state): State<GraphqlState<E>>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let request_id = request_id(&headers);
    // The router's W3C trace context: events this request records carry it on.
    let traceparent = headers.get(trace::HEADER).and_then(|value| value.to_str().ok()).map(str::to_string);
    let trace_id = traceparent.as_deref().and_then(trace::trace_id).unwrap_or_default().to_string();
    let span = tracing::info_span!("graphql", request_id = %request_id, trace_id = %trace_id);
    let work = async move {
        let authorization = headers.get(AUTHORIZATION).and_then(|value| value.to_str().ok());
        let request = request.into_inner();
        let caller = match admit(&state.exposure, &headers, &request) {
            Ok(()) => authenticate(&state, authorization).await,
            Err(refused) => Err(refused),
        };
        let streaming = wants_event_stream(&headers);
        let mut response = match caller {
            Ok((caller, session)) => {
                let mut request = request.data(caller).data(RequestScope::default()).data(Client::of(&headers));
                if !state.exposure.explore {
                    request = request.disable_introspection();
                }
                if streaming {
                    return event_stream(state.executor.execute_stream(request, None), session, &request_id);
                }
                state.executor.execute(request).await
            }
            Err(error) => async_graphql::Response::from_errors(vec![
                async_graphql::Error::from(error).into_server_error(Default::default()),
            ]),
        };
        ensure_error_codes(&mut response);
        for error in &mut response.errors {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code") == Some(&ErrorCode::Internal.as_str().into()) {
                extensions.set("requestId", request_id.clone());
            }
        }
        if streaming {
            // A refused subscription is one event, then the end.
            return event_stream(Box::pin(futures::stream::once(async move { response })), None, &request_id);
        }
        let mut http = GraphQLResponse::from(response).into_response();
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            http.headers_mut().insert("x-request-id", value);
        }
        http
    };
    trace::with_traceparent(traceparent, work.instrument(span)).await
}

/// Does the caller (the router, for a subscription) read the answer as a stream of events?
fn wants_event_stream(headers: &HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|accept| accept.contains("text/event-stream"))
}

/// How often a stream says it is alive while nothing happens, so that
/// proxies and the router keep an idle subscription open.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(15);

/// Serves `responses` (a subscription's events) as server-sent events in
/// the GraphQL over SSE "distinct connections" form the router reads:
/// `event: next` per response, `event: complete` at the end. A signed-in
/// caller's stream ends, UNAUTHENTICATED, when their token expires or their
/// session is revoked (checked at every heartbeat): they subscribe again
/// with a fresh token.
fn event_stream(
    responses: futures::stream::BoxStream<'static, async_graphql::Response>,
    session: Option<Session>,
    request_id: &str,
) -> Response {
    use futures::StreamExt as _;
    struct State {
        responses: Option<futures::stream::BoxStream<'static, async_graphql::Response>>,
        heartbeat: tokio::time::Interval,
        session: Option<Session>,
    }
    fn next_frame(mut response: async_graphql::Response) -> String {
        ensure_error_codes(&mut response);
        let json = serde_json::to_string(&response).unwrap_or_else(|_| "{}".into());
        format!("event: next\ndata: {json}\n\n")
    }
    /// The last frames of a stream ended for `reason`: an UNAUTHENTICATED error, then the end.
    fn ended_frames(reason: &'static str) -> String {
        let error = crate::Error::unauthenticated(reason);
        let response = async_graphql::Response::from_errors(vec![
            async_graphql::Error::from(error).into_server_error(Default::default()),
        ]);
        format!("{}event: complete\ndata:\n\n", next_frame(response))
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    let state = State { responses: Some(responses), heartbeat, session };
    let events = futures::stream::unfold(state, |mut state| async move {
        let responses = state.responses.as_mut()?;
        let expires_in = state.session.as_ref().map_or(std::time::Duration::MAX, |session| {
            let left = session.times.expires_at - chrono::Utc::now().timestamp();
            std::time::Duration::from_secs(left.max(0) as u64)
        });
        let frame = tokio::select! {
            next = responses.next() => match next {
                Some(response) => next_frame(response),
                None => {
                    state.responses = None;
                    "event: complete\ndata:\n\n".to_string()
                }
            },
            _ = state.heartbeat.tick() => {
                let ended = match &state.session {
                    Some(session) => session.ended().await,
                    None => None,
                };
                match ended {
                    Some(reason) => {
                        state.responses = None;
                        ended_frames(reason)
                    }
                    None => ":\n\n".to_string(),
                }
            }
            _ = tokio::time::sleep(expires_in) => {
                state.responses = None;
                ended_frames(TOKEN_EXPIRED)
            }
        };
        Some((Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(frame)), state))
    });
    let mut http = Response::new(axum::body::Body::from_stream(events));
    let headers = http.headers_mut();
    headers.insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", value);
    }
    http
}

/// Refuses a request that lacks the subgraph secret (when one is set), or
/// that asks for more entities than any plan of the router would.
fn admit(exposure: &Exposure, headers: &HeaderMap, request: &async_graphql::Request) -> crate::Result<()> {
    if let Some(secret) = &exposure.secret {
        let presented = headers.get(SECRET_HEADER).map(HeaderValue::as_bytes).unwrap_or_default();
        if !same_secret(presented, secret.as_bytes()) {
            return Err(crate::Error::forbidden("this subgraph answers the router only"));
        }
    }
    if let Some(async_graphql::Value::List(representations)) = request.variables.get("representations")
        && representations.len() > MAX_REPRESENTATIONS
    {
        return Err(crate::Error::bad_input(
            "representations",
            format!("at most {MAX_REPRESENTATIONS} entities per request"),
        ));
    }
    Ok(())
}

/// Compares without an early exit, so the time taken tells nothing of the secret.
fn same_secret(presented: &[u8], secret: &[u8]) -> bool {
    presented.len() == secret.len() && presented.iter().zip(secret).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// The caller of a request, refusing a token whose session was revoked
/// after it was issued (see [`crate::revocations`]).
async fn authenticate<E>(
    state: &GraphqlState<E>,
    authorization: Option<&str>,
) -> crate::Result<(Caller, Option<Session>)> {
    let (caller, times) = state.verifier.authenticate(authorization)?;
    let session = match (caller.user_id(), times) {
        (Some(user), Some(times)) => {
            if state.revocations.revoked(user, times.issued_at).await {
                return Err(crate::Error::unauthenticated("this session has ended; sign in again"));
            }
            Some(Session { user, times, revocations: Arc::clone(&state.revocations) })
        }
        _ => None,
    };
    Ok((caller, session))
}

const TOKEN_EXPIRED: &str = "the access token expired; subscribe again with a fresh one";

/// A signed-in caller's session, watched for as long as their subscription lasts.
struct Session {
    user: Uuid,
    times: crate::auth::TokenTimes,
    revocations: Arc<Revocations>,
}

impl Session {
    /// Why the subscription must end now, if it must: its token expired, or its session was revoked.
    async fn ended(&self) -> Option<&'static str> {
        if chrono::Utc::now().timestamp() >= self.times.expires_at {
            Some(TOKEN_EXPIRED)
        } else if self.revocations.revoked(self.user, self.times.issued_at).await {
            Some("this session has ended; sign in again")
        } else {
            None
        }
    }
}

/// Streams one HTTP/2 connection may carry: the router can hold thousands
/// of subscriptions to a subgraph on one connection (h2c), rather than a
/// connection (and two file descriptors) each.
const MAX_STREAMS_PER_CONNECTION: u32 = 100_000;

/// Serves `app` on `listener`, over HTTP/1.1 and cleartext HTTP/2 (prior
/// knowledge), until `shutdown` is cancelled, then finishes the requests in
/// flight (streams end as their subscriptions do).
pub async fn serve(listener: TcpListener, app: Router, shutdown: CancellationToken) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http2().max_concurrent_streams(MAX_STREAMS_PER_CONNECTION);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let (stream, _) = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, say: wait a little rather than spin or stop serving.
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "connection ended with an error");
            }
        });
    }
    // Open subscription streams would hold a graceful shutdown forever: they get a moment, then end.
    if tokio::time::timeout(std::time::Duration::from_secs(10), graceful.shutdown()).await.is_err() {
        tracing::info!("connections still open after 10 s are closed");
    }
    Ok(())
}

/// Cancels `shutdown` on SIGINT or SIGTERM.
pub async fn cancel_on_signal(shutdown: CancellationToken) {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
        _ = shutdown.cancelled() => {},
    }
    tracing::info!("shutting down");
    shutdown.cancel();
}
