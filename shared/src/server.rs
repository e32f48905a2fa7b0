//! The HTTP face of every subgraph: `POST /graphql` (GraphiQL on `GET`),
//! `/health`, `/ready`, `/metrics`, request ids, the trace context, the caller from the Authorization
//! header, and graceful shutdown.

use std::sync::Arc;

use async_graphql::Executor;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::AUTHORIZATION};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;
use uuid::Uuid;

use crate::auth::TokenVerifier;
use crate::error::{ErrorCode, ensure_error_codes};
use crate::events::trace;
use crate::loader::RequestScope;

#[derive(Clone)]
struct GraphqlState<E> {
    executor: E,
    verifier: Arc<TokenVerifier>,
}

/// The routes every subgraph serves. Service-specific routes are merged on top.
pub fn subgraph_router<E: Executor + Clone>(executor: E, verifier: TokenVerifier, db: DatabaseConnection) -> Router {
    let graphql = Router::new()
        .route("/graphql", get(graphiql).post(graphql::<E>))
        .with_state(GraphqlState { executor, verifier: Arc::new(verifier) });
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
        let mut response = match state.verifier.caller(authorization) {
            Ok(caller) => {
                let request = request.into_inner().data(caller).data(RequestScope::default());
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
        let mut http = GraphQLResponse::from(response).into_response();
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            http.headers_mut().insert("x-request-id", value);
        }
        http
    };
    trace::with_traceparent(traceparent, work.instrument(span)).await
}

/// Serves `app` on `listener` until `shutdown` is cancelled, then finishes
/// the requests in flight.
pub async fn serve(listener: TcpListener, app: Router, shutdown: CancellationToken) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown.cancelled_owned()).await
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
