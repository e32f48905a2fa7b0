//! `notificationAdded` end to end in `jobgraph dev`: through the router,
//! over WebSocket (graphql-transport-ws) and over SSE, with the entity
//! fields of each event resolved by their owners.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::harness::{Dev, graphql};

const SUBSCRIPTION: &str =
    "subscription { notificationAdded { id title unreadCount application { id status job { title } } } }";

fn data(response: &Value) -> &Value {
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    &response["data"]
}

fn register(dev: &Dev, email: &str, role: &str) -> String {
    let response = graphql(
        dev.router,
        "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
        json!({ "input": { "email": email, "password": "correct horse battery", "firstName": "Ada", "lastName": "Tester", "role": role } }),
        None,
    );
    response["data"]["register"]["accessToken"].as_str().unwrap_or_else(|| panic!("{response}")).to_string()
}

/// An employer's published job and a seeker's application to it.
fn application(dev: &Dev, employer: &str, seeker: &str) -> String {
    let company = graphql(
        dev.router,
        "mutation { createCompany(input: { name: \"Lovelace Ltd\" }) { id } }",
        json!({}),
        Some(employer),
    );
    let company = data(&company)["createCompany"]["id"].clone();
    let job = graphql(
        dev.router,
        "mutation($c: ID!) { createJob(input: { companyId: $c, title: \"Analytical Engineer\", description: \"Engines\", employmentType: FULL_TIME, experienceLevel: SENIOR, remotePolicy: REMOTE }) { id } }",
        json!({ "c": company }),
        Some(employer),
    );
    let job = data(&job)["createJob"]["id"].clone();
    data(&graphql(
        dev.router,
        "mutation($id: ID!) { publishJob(id: $id) { status } }",
        json!({ "id": job }),
        Some(employer),
    ));
    let started = Instant::now();
    loop {
        let applied = graphql(
            dev.router,
            "mutation($j: ID!) { applyToJob(input: { jobId: $j }) { id } }",
            json!({ "j": job }),
            Some(seeker),
        );
        if let Some(id) = applied["data"]["applyToJob"]["id"].as_str() {
            return id.to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the job never reached applications: {applied}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Subscribes over SSE through the router; each `next` event's payload is sent on the channel.
fn subscribe_sse(port: u16, token: Option<&str>) -> mpsc::Receiver<Value> {
    let body = json!({ "query": SUBSCRIPTION }).to_string();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(json) = line.strip_prefix("data:")
                && let Ok(value) = serde_json::from_str::<Value>(json.trim())
                && sender.send(value).is_err()
            {
                return;
            }
        }
    });
    receiver
}

/// A user's own welcome (no application): the one notification a subscriber may see from before it subscribed.
fn is_welcome(payload: &Value) -> bool {
    let added = &payload["data"]["notificationAdded"];
    added["title"].as_str().is_some_and(|title| title.starts_with("Welcome")) && added["application"].is_null()
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects over graphql-transport-ws through the router, signed in as `token`, and subscribes.
async fn subscribe_ws(port: u16, token: &str) -> Socket {
    let mut request = format!("ws://127.0.0.1:{port}/graphql").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("a WebSocket through the router");
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    socket.send(Message::text(init.to_string())).await.unwrap();
    let ack = next_message(&mut socket, Duration::from_secs(5)).await.expect("connection_ack");
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIPTION } });
    socket.send(Message::text(subscribe.to_string())).await.unwrap();
    socket
}

async fn next_message(socket: &mut Socket, within: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next()).await.ok()??.ok()?;
        match message {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["type"] == "ping" {
                    socket.send(Message::text(json!({ "type": "pong" }).to_string())).await.ok();
                    continue;
                }
                return Some(value);
            }
            Message::Close(_) => return None,
            _ => continue,
        }
    }
}

#[tokio::test]
async fn a_seeker_hears_of_their_application_live_and_nobody_else_does() {
    let dev = Dev::start();
    let employer = register(&dev, "grace@example.com", "EMPLOYER");
    let seeker = register(&dev, "ada@example.com", "JOB_SEEKER");
    let other = register(&dev, "eve@example.com", "JOB_SEEKER");
    let id = application(&dev, &employer, &seeker);
    // Their welcomes are in before anyone subscribes.
    for token in [&seeker, &other] {
        let started = Instant::now();
        while graphql(dev.router, "{ unreadNotificationCount }", json!({}), Some(token))["data"]["unreadNotificationCount"]
            != 1
        {
            assert!(started.elapsed() < Duration::from_secs(5), "no welcome");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // And their notification.created events are past the live fan-out.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let mut socket = subscribe_ws(dev.router, &seeker).await;
    let sse = subscribe_sse(dev.router, Some(&seeker));
    let mut others = subscribe_ws(dev.router, &other).await;
    let others_sse = subscribe_sse(dev.router, Some(&other));
    // The subscriptions reach notifications before the move.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let moved_at = Instant::now();
    let moving = "mutation($id: ID!) { moveApplication(id: $id, to: SCREENING) { status } }";
    data(&graphql(dev.router, moving, json!({ "id": id }), Some(&employer)));
    // A welcome made just before subscribing may still come through (the
    // fan-out is asynchronous; clients tell notifications apart by id).
    let event = loop {
        let left = Duration::from_secs(1).saturating_sub(moved_at.elapsed());
        let event = next_message(&mut socket, left).await.expect("notificationAdded over WebSocket within 1 s");
        if !is_welcome(&event["payload"]) {
            break event;
        }
    };
    let latency = moved_at.elapsed();
    assert_eq!(event["type"], "next", "{event}");
    let added = &event["payload"]["data"]["notificationAdded"];
    assert_eq!(added["title"], "Your application for Analytical Engineer: screening", "{event}");
    assert_eq!(added["application"]["status"], "SCREENING", "resolved by applications: {event}");
    assert_eq!(added["application"]["job"]["title"], "Analytical Engineer", "resolved by jobs: {event}");
    assert_eq!(added["unreadCount"], 2, "the welcome and this one: {event}");
    let over_sse = loop {
        let left = Duration::from_secs(1).saturating_sub(moved_at.elapsed());
        let event = sse.recv_timeout(left).expect("notificationAdded over SSE within 1 s");
        if !is_welcome(&event) {
            break event;
        }
    };
    assert_eq!(over_sse["data"]["notificationAdded"]["id"], added["id"], "{over_sse}");
    println!("notificationAdded arrived {} ms after the move", latency.as_millis());

    // The other seeker, subscribed all along, receives nothing of it.
    while let Some(event) = next_message(&mut others, Duration::from_millis(1500)).await {
        assert!(is_welcome(&event["payload"]), "another user's notification leaked: {event}");
    }
    while let Ok(event) = others_sse.try_recv() {
        assert!(is_welcome(&event), "another user's notification leaked over SSE: {event}");
    }

    let count = graphql(dev.router, "{ unreadNotificationCount }", json!({}), Some(&seeker));
    assert_eq!(data(&count)["unreadNotificationCount"], 2);
    data(&graphql(dev.router, "mutation { markAllNotificationsRead }", json!({}), Some(&seeker)));
    let count = graphql(dev.router, "{ unreadNotificationCount }", json!({}), Some(&seeker));
    assert_eq!(data(&count)["unreadNotificationCount"], 0);
}

#[tokio::test]
async fn nobody_subscribes_without_a_good_token() {
    let dev = Dev::start();
    let key = dev.signing_key();
    let settings = jobgraph_shared::auth::TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let user = uuid::Uuid::now_v7();
    let (expired, _) = key
        .sign(
            &settings,
            user,
            jobgraph_shared::auth::Role::JobSeeker,
            chrono::Utc::now() - chrono::Duration::hours(2),
            Duration::from_secs(60),
        )
        .unwrap();
    let header =
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, r#"{"alg":"none","typ":"JWT"}"#);
    let claims = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        json!({ "sub": user, "role": "JOB_SEEKER", "iss": "jobgraph", "aud": "jobgraph-api", "exp": 4_000_000_000u64 })
            .to_string(),
    );
    let none = format!("{header}.{claims}.");
    for (what, token) in [("anonymous", None), ("expired", Some(expired.as_str())), ("alg none", Some(none.as_str()))] {
        let events = subscribe_sse(dev.router, token);
        let first = events.recv_timeout(Duration::from_secs(5)).unwrap_or_else(|_| panic!("{what}: no answer"));
        assert_eq!(first["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{what}: {first}");
        assert!(first["data"].is_null() || first["data"]["notificationAdded"].is_null(), "{what}: {first}");
    }
}
