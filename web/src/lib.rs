//! The web client, served from the binary: the files of web/dist (embedded
//! at build time), `index.html` for every page path (the client routes),
//! with the router's address written into it.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The trusted documents the client sends by id: hive-router's file manifest
/// (`{"sha256:...": "query ..."}`), for routers that accept only these.
pub const PERSISTED_DOCUMENTS: &str = include_str!("../app/gql/persisted-documents.json");

const GRAPHQL_URL_PLACEHOLDER: &str = r#"<meta name="jobgraph-graphql-url" content="/graphql" />"#;

/// Serves the client at `/`, talking to the router at `graphql_url`
/// (`http://host:port/graphql`, or a path on this origin behind a proxy).
pub fn app(graphql_url: &str) -> Router {
    let index = index_html(graphql_url);
    let policy = content_security_policy(graphql_url);
    Router::new().fallback(move |request: Request<Body>| {
        let (index, policy) = (index.clone(), policy.clone());
        async move { respond(request.uri().path(), &index, &policy) }
    })
}

fn respond(path: &str, index: &str, policy: &str) -> Response<Body> {
    let asset = ASSETS.iter().find(|(name, _)| *name == path && *name != "/index.html");
    let mut response = match asset {
        Some((name, bytes)) => {
            let mut response = Response::new(Body::from(*bytes));
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
            // Built files carry a hash of their contents in their names.
            let cache = if name.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            response
        }
        // A file that is not there is a 404; any other path is a page of the client.
        None if path.rsplit('/').next().is_some_and(|last| last.contains('.')) => {
            let mut response = Response::new(Body::from("not found"));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
        None => {
            let mut response = Response::new(Body::from(index.to_string()));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            if let Ok(value) = HeaderValue::from_str(policy) {
                headers.insert(header::CONTENT_SECURITY_POLICY, value);
            }
            response
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn index_html(graphql_url: &str) -> String {
    let (_, bytes) = ASSETS.iter().find(|(name, _)| *name == "/index.html").expect("web/dist/index.html is built");
    let html = String::from_utf8_lossy(bytes);
    let escaped = graphql_url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    html.replace(GRAPHQL_URL_PLACEHOLDER, &format!(r#"<meta name="jobgraph-graphql-url" content="{escaped}" />"#))
}

/// Scripts and styles from this origin only; requests to the router over
/// HTTP and WebSocket.
fn content_security_policy(graphql_url: &str) -> String {
    let origin = graphql_url.split('/').take(3).collect::<Vec<_>>().join("/");
    let connect = if origin.starts_with("http") {
        format!("'self' {origin} {}", origin.replacen("http", "ws", 1))
    } else {
        "'self'".to_string()
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src {connect}; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_router_address_is_written_into_the_page() {
        let html = index_html("http://127.0.0.1:4000/graphql");
        assert!(html.contains(r#"content="http://127.0.0.1:4000/graphql""#), "{html}");
        assert!(!html.contains(GRAPHQL_URL_PLACEHOLDER));
    }

    #[test]
    fn the_policy_lets_the_page_reach_the_router_over_http_and_websocket() {
        let policy = content_security_policy("https://api.example.com/graphql");
        assert!(policy.contains("connect-src 'self' https://api.example.com wss://api.example.com;"), "{policy}");
    }
}
