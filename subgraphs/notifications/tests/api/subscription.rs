//! `notificationAdded` at the subgraph, over the server-sent events the
//! router reads: events as they are made, for their user only, and the end
//! of the stream when the token expires.

use std::time::Duration;

use axum::body::Body;
use http_body_util::BodyExt as _;
use jobgraph_shared::auth::Role;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::helpers::TestApp;

/// Subscribes as `token`; the SSE frames as they arrive.
async fn subscribe(app: &TestApp, token: &str) -> tokio::sync::mpsc::UnboundedReceiver<String> {
    subscribe_as(app, Some(token)).await
}

/// Subscribes as `token` (anonymously without one); the SSE frames as they arrive.
pub async fn subscribe_as(app: &TestApp, token: Option<&str>) -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let body = json!({ "query": "subscription { notificationAdded { title unreadCount } }" }).to_string();
    let mut request = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", "text/event-stream");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Body::from(body)).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let mut body = response.into_body();
    tokio::spawn(async move {
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data()
                && sender.send(String::from_utf8_lossy(&data).into_owned()).is_err()
            {
                return;
            }
        }
    });
    receiver
}

pub fn payload(frame: &str) -> Option<Value> {
    frame.lines().find_map(|line| line.strip_prefix("data: ")).and_then(|json| serde_json::from_str(json).ok())
}

#[tokio::test]
async fn a_subscriber_receives_its_own_new_notifications_as_server_sent_events() {
    let app = TestApp::spawn().await;
    let employer = app.user(Role::Employer).await;
    let seeker = app.user(Role::JobSeeker).await;
    let other = app.user(Role::JobSeeker).await;
    let job = app.job(&employer, "Rust Engineer").await;
    let application = app.applied(&seeker, &job).await;
    let mut mine = subscribe(&app, &seeker.token).await;
    let mut theirs = subscribe(&app, &other.token).await;
    // The consumer that made it tells this process's subscribers once it commits (no fan-out runs here).
    app.moved(&employer, &seeker, &job, application, "APPLIED", "SCREENING").await;
    let made =
        app.notifications_of(&seeker, jobgraph_notifications::entities::enums::Channel::InApp).await.pop().unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(5), mine.recv()).await.unwrap().unwrap();
    assert!(frame.starts_with("event: next\n"), "{frame}");
    let added = payload(&frame).unwrap();
    assert_eq!(added["data"]["notificationAdded"]["title"], "Your application for Rust Engineer: screening", "{added}");
    assert_eq!(added["data"]["notificationAdded"]["unreadCount"], 2);
    // Another user's id published to this one's channel is not delivered either.
    app.live.publish(other.id, jobgraph_notifications::domain::live::Arrived::Id(made.id));
    assert!(
        tokio::time::timeout(Duration::from_millis(300), theirs.recv()).await.is_err(),
        "nothing for the other user"
    );
}

#[tokio::test]
async fn a_subscription_ends_unauthenticated_when_its_token_expires() {
    let app = TestApp::spawn().await;
    let seeker = app.user_with_token_ttl(Role::JobSeeker, Duration::from_secs(2)).await;
    let mut frames = subscribe(&app, &seeker.token).await;
    let frame = tokio::time::timeout(Duration::from_secs(10), frames.recv()).await.expect("the stream ends").unwrap();
    let ended = payload(&frame).unwrap();
    assert_eq!(ended["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{frame}");
    assert!(frame.contains("event: complete"), "{frame}");
}
