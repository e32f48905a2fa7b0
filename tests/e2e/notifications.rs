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
    dev.register(email, role)
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
    subscribe_sse_with(port, SUBSCRIPTION, token, &[])
}

/// Subscribes with `query` over SSE on `port`, with extra headers.
fn subscribe_sse_with(port: u16, query: &str, token: Option<&str>, headers: &[(&str, &str)]) -> mpsc::Receiver<Value> {
    // Each `data:` line carries one response.
    let event = |line: &str| line.strip_prefix("data:").and_then(|json| serde_json::from_str(json.trim()).ok());
    stream_subscription(port, "text/event-stream", query, token, headers, event)
}

/// POSTs a subscription to `port` with `accept`, and sends on the channel
/// what `event` reads off each line of the streamed answer.
fn stream_subscription(
    port: u16,
    accept: &str,
    query: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    event: fn(&str) -> Option<Value>,
) -> mpsc::Receiver<Value> {
    let body = json!({ "query": query }).to_string();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: {accept}\r\n{auth}{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(value) = event(&line)
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

/// Subscribes over multipart HTTP through the router (Apollo's multipart
/// subscription protocol); each part's payload is sent on the channel.
fn subscribe_multipart(port: u16, token: &str) -> mpsc::Receiver<Value> {
    let part = |line: &str| {
        let part: Value = serde_json::from_str(&line[line.find('{')?..]).ok()?;
        part.get("payload").cloned()
    };
    stream_subscription(port, "multipart/mixed;subscriptionSpec=\"1.0\"", SUBSCRIPTION, Some(token), &[], part)
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
    let multipart = subscribe_multipart(dev.router, &seeker);
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
    let over_multipart = loop {
        let left = Duration::from_secs(1).saturating_sub(moved_at.elapsed());
        let event = multipart.recv_timeout(left).expect("notificationAdded over multipart HTTP within 1 s");
        if !is_welcome(&event) {
            break event;
        }
    };
    assert_eq!(over_multipart["data"]["notificationAdded"]["id"], added["id"], "{over_multipart}");
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
    // Over WebSocket too: the subscription is answered UNAUTHENTICATED.
    for (what, token) in [("expired", expired.as_str()), ("alg none", none.as_str())] {
        let mut request = format!("ws://127.0.0.1:{}/graphql", dev.router).into_client_request().unwrap();
        request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
        socket.send(Message::text(init.to_string())).await.unwrap();
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": SUBSCRIPTION } });
        let _ = socket.send(Message::text(subscribe.to_string())).await;
        let mut refused = false;
        while let Some(message) = next_message(&mut socket, Duration::from_secs(5)).await {
            match message["type"].as_str() {
                Some("connection_ack") => continue,
                Some("error") => {
                    assert_eq!(message["payload"][0]["extensions"]["code"], "UNAUTHENTICATED", "{what}: {message}");
                    refused = true;
                    break;
                }
                Some("next") => {
                    let errors = &message["payload"]["errors"];
                    assert_eq!(errors[0]["extensions"]["code"], "UNAUTHENTICATED", "{what}: {message}");
                    assert!(message["payload"]["data"]["notificationAdded"].is_null(), "{what}: {message}");
                    refused = true;
                    break;
                }
                _ => continue,
            }
        }
        assert!(refused, "{what}: the subscription over WebSocket was neither refused nor answered");
    }
}

/// Two notifications processes on one database and one broker, and a
/// router in front of the first: a notification either replica makes
/// reaches subscribers connected to both; a replica that goes away ends its
/// streams with an error while the router stays up, and once it is back,
/// clients subscribe again.
#[tokio::test]
async fn every_replica_tells_its_own_subscribers_and_a_restart_ends_streams_cleanly() {
    use jobgraph_shared::events::kafka::Kafka;
    use jobgraph_shared::events::payloads::UserCreated;
    use jobgraph_shared::events::{Envelope, Message, Topic};
    use jobgraph_shared::testing::broker::Broker;
    use jobgraph_shared::testing::{Backend, TestDatabase};

    use crate::harness::{free_port, wait_until_ready};
    use crate::microservices::jobgraph;

    const SECRET: &str = "e2e-replicas";
    let broker = Broker::start();
    let kafka = Kafka::connect(&jobgraph_shared::config::EventsArgs {
        kafka_brokers: Some(broker.address()),
        ..jobgraph_shared::config::EventsArgs::defaults()
    })
    .unwrap();
    kafka.ensure_topics(&Topic::ALL).await.unwrap();
    let database = TestDatabase::new(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("jobgraph-replicas-{}", free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = jobgraph_shared::auth::SigningKey::generate().unwrap();
    let public = dir.join("jwt.pub");
    std::fs::write(&public, key.public_key().to_pem()).unwrap();
    let address = broker.address();
    let mail = dir.join("mail");
    let replica = |port: u16| {
        jobgraph(
            &[
                "subgraph",
                "notifications",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &database.url,
            ],
            &[
                ("KAFKA_BROKERS", address.as_ref()),
                ("JOBGRAPH_JWT_PUBLIC_KEY_FILE", public.as_os_str()),
                ("JOBGRAPH_MAIL_DIR", mail.as_os_str()),
                ("JOBGRAPH_SUBGRAPH_SECRET", SECRET.as_ref()),
                // The killed replica never leaves its consumer group, and Tansu
                // waits out the rebalance timeout (5 min by default) before
                // moving its partitions: give up on a dead member after 10 s.
                ("KAFKA_MAX_POLL_INTERVAL", "10s".as_ref()),
            ],
        )
    };
    let (first_port, second_port, router_port) = (free_port(), free_port(), free_port());
    let first = replica(first_port);
    let _second = replica(second_port);
    wait_until_ready(first_port, "/ready", "the first replica");
    wait_until_ready(second_port, "/ready", "the second replica");

    // A router whose notifications subgraph is the first replica.
    let supergraph = jobgraph_router::compose::compose(&[jobgraph_router::compose::SubgraphSdl {
        name: "notifications".into(),
        url: format!("http://127.0.0.1:{first_port}/graphql"),
        sdl: jobgraph_notifications::sdl(),
    }])
    .unwrap();
    std::fs::write(dir.join("supergraph.graphql"), supergraph).unwrap();
    std::fs::write(dir.join("jwks.json"), jobgraph_shared::auth::jwks(&[key.public_key().clone()]).to_string())
        .unwrap();
    let config = jobgraph_router::run::RouterYaml {
        listen: ([127, 0, 0, 1], router_port).into(),
        supergraph: "supergraph.graphql".into(),
        jwks: jobgraph_router::run::Jwks::File("jwks.json".into()),
        issuer: "jobgraph".into(),
        audience: "jobgraph-api".into(),
        explore: false,
        rate_limit: None,
        log_format: None,
        persisted_documents: None,
    };
    std::fs::write(dir.join("router.yaml"), config.to_yaml()).unwrap();
    let _router = jobgraph(
        &["router", "--config", dir.join("router.yaml").to_str().unwrap()],
        &[("JOBGRAPH_SUBGRAPH_SECRET", SECRET.as_ref())],
    );
    wait_until_ready(router_port, "/health", "router");

    let user = uuid::Uuid::now_v7();
    let settings = jobgraph_shared::auth::TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let (token, _) = key
        .sign(&settings, user, jobgraph_shared::auth::Role::JobSeeker, chrono::Utc::now(), Duration::from_secs(600))
        .unwrap();
    let welcome = |at: chrono::DateTime<chrono::Utc>| {
        let mut snapshot = jobgraph_shared::testing::user_snapshot(user, at);
        snapshot.first_name = "Replica".into();
        let envelope = Envelope::new("users", Some(user), &UserCreated { user: snapshot }).unwrap();
        Message {
            topic: kafka.topic_name(Topic::Users.name()),
            key: user.to_string(),
            payload: serde_json::to_vec(&envelope).unwrap(),
            headers: vec![],
        }
    };

    // One subscriber through the router (to the first replica), one straight
    // to the second. (This router composes notifications alone: what it
    // references of other subgraphs has only its id.)
    let own = "subscription { notificationAdded { id title unreadCount } }";
    let through_router = subscribe_sse_with(router_port, own, Some(&token), &[]);
    let on_second = subscribe_sse_with(second_port, own, Some(&token), &[("x-jobgraph-subgraph-secret", SECRET)]);
    // Both tails have joined before the event goes out (a tail starts at the end of the topic).
    tokio::time::sleep(Duration::from_secs(3)).await;
    kafka.publish(&[welcome(chrono::Utc::now())]).await.unwrap();
    for (who, events) in [("through the router", &through_router), ("on the second replica", &on_second)] {
        let event = events.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("nothing {who}"));
        assert_eq!(event["data"]["notificationAdded"]["title"], "Welcome to Jobgraph, Replica", "{who}: {event}");
    }

    // The first replica is stopped, as a rolling restart stops it: it
    // leaves the consumer group (the second takes its partitions at once)
    // and holds its open streams a moment; the router then ends the stream,
    // with an error, and stays up. (A replica that dies without leaving
    // is the consumer tests' case: Tansu 0.6 mishandles a member joining
    // while a dead one is still counted, which a restart here would hit.)
    let stopping = std::thread::spawn(move || first.terminate());
    let ended = loop {
        match through_router.recv_timeout(Duration::from_secs(30)) {
            Ok(event) if event.get("errors").is_some() => break Some(event),
            Ok(_) => continue,
            Err(_) => break None,
        }
    };
    let ended = ended.expect("the stream through the router ends with an error");
    assert_eq!(ended["errors"][0]["extensions"]["service"], "notifications", "{ended}");
    assert_eq!(crate::harness::get_status(router_port, "/health"), 200, "the router stays up");
    stopping.join().unwrap();

    // The second replica now reads every partition.
    kafka.publish(&[welcome(chrono::Utc::now() + chrono::Duration::seconds(1))]).await.unwrap();
    let event = loop {
        match on_second.recv_timeout(Duration::from_secs(60)) {
            Ok(event) if event.get("errors").is_none() => break event,
            Ok(_) => continue,
            Err(_) => panic!("nothing on the second replica while the first is down"),
        }
    };
    assert_eq!(event["data"]["notificationAdded"]["title"], "Welcome to Jobgraph, Replica", "{event}");

    // Back again on the same port: a new subscription receives the next notification.
    let _first_again = replica(first_port);
    wait_until_ready(first_port, "/ready", "the first replica, again");
    let again = subscribe_sse_with(router_port, own, Some(&token), &[]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    kafka.publish(&[welcome(chrono::Utc::now() + chrono::Duration::seconds(2))]).await.unwrap();
    // The event may wait for the group to take the new replica in.
    let event = again.recv_timeout(Duration::from_secs(60)).expect("a new subscription after the restart");
    assert_eq!(event["data"]["notificationAdded"]["title"], "Welcome to Jobgraph, Replica", "{event}");
    std::fs::remove_dir_all(&dir).ok();
}
