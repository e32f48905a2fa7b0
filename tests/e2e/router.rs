use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings};
use serde_json::json;
use uuid::Uuid;

use crate::harness::{Dev, get, graphql, graphql_full, post};

#[test]
fn the_router_joins_users_and_jobs() {
    let dev = Dev::start();
    // A page of 100 jobs fans out to users for every poster, in one entity call.
    let page = graphql(
        dev.router,
        "{ jobs(first: 100) { totalCount edges { node { id title company { name } postedBy { id firstName } } } } }",
        json!({}),
        None,
    );
    let edges = page["data"]["jobs"]["edges"].as_array().unwrap_or_else(|| panic!("{page}"));
    assert_eq!(edges.len(), 100);
    assert!(
        edges
            .iter()
            .all(|e| e["node"]["postedBy"]["firstName"].is_string() && e["node"]["company"]["name"].is_string()),
        "{page}"
    );
    let id = edges[0]["node"]["id"].clone();
    let one = graphql(
        dev.router,
        "query($id: ID!) { job(id: $id) { title company { name isVerified } postedBy { firstName } } }",
        json!({ "id": id }),
        None,
    );
    assert!(one["data"]["job"]["postedBy"]["firstName"].is_string(), "{one}");

    let token = dev.login("employer1@demo.jobgraph.dev");
    let me = graphql(
        dev.router,
        "{ me { email postedJobs(first: 5) { totalCount edges { node { title company { name } } } } } }",
        json!({}),
        Some(&token),
    );
    assert_eq!(me["data"]["me"]["email"], "employer1@demo.jobgraph.dev", "{me}");
    assert!(me["data"]["me"]["postedJobs"]["totalCount"].as_i64().unwrap() > 0, "{me}");

    // Operations: probes and Prometheus metrics. (Any other GET path answers
    // 200 too, with the engine's landing page: the bodies tell them apart.)
    for probe in ["/health", "/ready", "/readiness"] {
        assert_eq!(get(dev.router, probe), (200, String::new()), "{probe}");
    }
    let (status, metrics) = get(dev.router, "/metrics");
    assert_eq!(status, 200);
    assert!(metrics.contains("# TYPE "), "Prometheus text: {metrics:.300}");
}

#[test]
fn the_router_is_ready_once_it_has_a_supergraph_to_serve() {
    let dev = Dev::start();
    let port = crate::harness::free_port();
    // A router of its own over dev's subgraphs, whose supergraph is not composed
    // yet. (The file must exist: the engine resolves the path at start.)
    let yaml = std::fs::read_to_string(dev.data_dir.join("router.yaml"))
        .unwrap()
        .replace(&format!("port: {}\n", dev.router), &format!("port: {port}\n"))
        .replace("path: supergraph.graphql\n", "path: supergraph-later.graphql\n");
    assert!(yaml.contains("supergraph-later.graphql") && yaml.contains(&format!("port: {port}")), "{yaml}");
    let config = dev.data_dir.join("router-later.yaml");
    std::fs::write(&config, yaml).unwrap();
    std::fs::write(dev.data_dir.join("supergraph-later.graphql"), "# not composed yet\n").unwrap();
    let _router = crate::microservices::jobgraph(&["router", "--config", config.to_str().unwrap()], &[]);
    crate::harness::wait_until_ready(port, "/health", "the router");
    // Alive, not ready: both readiness probes say so, and a query is not served.
    assert_eq!(get(port, "/ready"), (503, String::new()));
    assert_eq!(get(port, "/readiness"), (503, String::new()));
    let refused = graphql_full(port, "{ jobs(first: 1) { totalCount } }", json!({}), None);
    assert!(refused.body["data"]["jobs"].is_null(), "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["extensions"]["reason"], "NO_SUPERGRAPH_AVAILABLE", "{}", refused.body);

    std::fs::copy(dev.data_dir.join("supergraph.graphql"), dev.data_dir.join("supergraph-later.graphql")).unwrap();
    crate::harness::wait_until_ready(port, "/ready", "the router with its supergraph");
    assert_eq!(get(port, "/readiness").0, 200);
    let served = graphql(port, "{ jobs(first: 1) { totalCount } }", json!({}), None);
    assert!(served["data"]["jobs"]["totalCount"].as_i64().unwrap() > 0, "{served}");
}

/// With `ready_requires`, the router is ready only while its subgraphs are:
/// an orchestrator sends it no traffic they cannot serve yet.
#[test]
fn the_router_can_wait_for_its_subgraphs_to_be_ready() {
    let dev = Dev::start();
    let (port, late) = (crate::harness::free_port(), crate::harness::free_port());
    let requires = format!(
        "      ready_path: /ready\n      ready_requires: [\"http://127.0.0.1:{}/ready\", \"http://127.0.0.1:{late}/ready\"]\n",
        dev.users
    );
    let yaml = std::fs::read_to_string(dev.data_dir.join("router.yaml"))
        .unwrap()
        .replace(&format!("port: {}\n", dev.router), &format!("port: {port}\n"))
        .replace("      ready_path: /ready\n", &requires);
    assert!(yaml.contains("ready_requires") && yaml.contains(&format!("port: {port}")), "{yaml}");
    let config = dev.data_dir.join("router-requires.yaml");
    std::fs::write(&config, yaml).unwrap();
    let _router = crate::microservices::jobgraph(&["router", "--config", config.to_str().unwrap()], &[]);
    crate::harness::wait_until_ready(port, "/health", "the router");
    // Its supergraph is served, but one subgraph it requires does not answer yet.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(get(port, "/ready").0, 503, "not ready while a subgraph is not");
    assert_eq!(get(port, "/readiness").0, 200, "the engine's own probe knows only the supergraph");

    // The late subgraph comes up.
    let listener = std::net::TcpListener::bind(("127.0.0.1", late)).unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            use std::io::{Read as _, Write as _};
            let mut stream = stream;
            let _ = stream.read(&mut [0u8; 1024]);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nready");
        }
    });
    crate::harness::wait_until_ready(port, "/ready", "the router once its subgraphs are");
}

/// A token dev's key signs, and tokens a router must refuse: expired,
/// signed by another key, for another issuer or audience, and unsigned.
fn tokens(key: &SigningKey) -> (String, Vec<(&'static str, String)>) {
    let good = TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() };
    let user = Uuid::now_v7();
    let hour = Duration::from_secs(3600);
    let sign =
        |key: &SigningKey, settings: &TokenSettings, at| key.sign(settings, user, Role::Admin, at, hour).unwrap().0;
    let valid = sign(key, &good, Utc::now());
    let payload = valid.split('.').nth(1).unwrap();
    let bad = vec![
        ("expired", sign(key, &good, Utc::now() - chrono::Duration::hours(3))),
        ("foreign", sign(&SigningKey::generate().unwrap(), &good, Utc::now())),
        (
            "wrong issuer",
            sign(key, &TokenSettings { issuer: "evil".into(), audience: "jobgraph-api".into() }, Utc::now()),
        ),
        (
            "wrong audience",
            sign(key, &TokenSettings { issuer: "jobgraph".into(), audience: "other".into() }, Utc::now()),
        ),
        ("alg none", format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#))),
    ];
    (valid, bad)
}

/// The probe the token checks send: as a document, or by id where the
/// router takes only trusted documents.
const PROBE: &str = "{ jobs(first: 1) { totalCount } }";
const PROBE_ID: &str = "sha256:token-probe";

/// The router on `port` refuses every bad token with 401 UNAUTHENTICATED,
/// and serves anonymous callers and the valid token. `by_id`: send the
/// probe as `documentId` (a router that requires trusted documents).
fn refuses_bad_tokens(port: u16, key: &SigningKey, by_id: bool) {
    let (valid, bad) = tokens(key);
    let ask = |token: Option<&str>| {
        if !by_id {
            return graphql_full(port, PROBE, json!({}), token);
        }
        let auth = token.map(|token| format!("Bearer {token}"));
        let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
        crate::harness::post(port, "/graphql", &json!({ "documentId": PROBE_ID }).to_string(), &headers)
    };
    for (name, token) in &bad {
        let response = ask(Some(token));
        assert_eq!(response.status, 401, "{name}: {}", response.body);
        assert!(response.head.contains("content-type: application/json"), "{name}: {}", response.head);
        assert_eq!(response.body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{name}: {}", response.body);
        assert!(response.body["data"].is_null(), "{name}: nothing is served");
    }
    let anonymous = ask(None);
    assert_eq!(anonymous.status, 200, "{}", anonymous.body);
    assert!(anonymous.body["data"]["jobs"]["totalCount"].as_i64().unwrap() > 0, "{}", anonymous.body);
    let signed_in = ask(Some(&valid));
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert!(signed_in.body["data"]["jobs"]["totalCount"].as_i64().unwrap() > 0, "{}", signed_in.body);
}

#[test]
fn the_router_refuses_tokens_it_cannot_verify_and_serves_anonymous_callers() {
    let dev = Dev::start();
    refuses_bad_tokens(dev.router, &dev.signing_key(), false);
}

/// The checked-in router.yaml and deploy/router.yaml, started as shipped
/// (only their addresses pointed at a running dev: its users' JWKS, its
/// subgraphs, its supergraph, a free port, and a trusted-documents manifest
/// that also holds the probe) and probed with bad tokens. They take trusted
/// documents only: a whole document is refused.
#[test]
fn the_shipped_router_configurations_refuse_bad_tokens_when_started() {
    let dev = Dev::start();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    let supergraph = dev.data_dir.join("supergraph.graphql");
    let supergraph = supergraph.to_str().unwrap();
    let [users, jobs, applications, notifications, search, analytics] =
        ["users", "jobs", "applications", "notifications", "search", "analytics"].map(|name| dev.subgraphs[name]);
    let mut manifest: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(jobgraph_web::PERSISTED_DOCUMENTS).unwrap();
    manifest.insert(PROBE_ID.into(), PROBE.into());
    let manifest_path = dev.data_dir.join("trusted-documents.json");
    std::fs::write(&manifest_path, serde_json::to_string(&manifest).unwrap()).unwrap();
    let manifest_path = manifest_path.to_str().unwrap();
    for (file, shipped_supergraph, shipped_manifest) in [
        ("router.yaml", "path: schema/supergraph.graphql", "path: web/app/gql/persisted-documents.json"),
        (
            "deploy/router.yaml",
            "path: /etc/jobgraph/schema/supergraph.graphql",
            "path: /etc/jobgraph/persisted-documents.json",
        ),
    ] {
        let port = crate::harness::free_port();
        let shipped = std::fs::read_to_string(format!("{root}{file}")).unwrap();
        let yaml = shipped
            .replace("port: 4000\n", &format!("port: {port}\n"))
            .replace(shipped_supergraph, &format!("path: {supergraph}"))
            .replace(shipped_manifest, &format!("path: {manifest_path}"))
            .replace("http://127.0.0.1:4001/", &format!("http://127.0.0.1:{users}/"))
            .replace("http://users:4001/", &format!("http://127.0.0.1:{users}/"))
            .replace("http://jobs:4002/", &format!("http://127.0.0.1:{jobs}/"))
            .replace("http://applications:4003/", &format!("http://127.0.0.1:{applications}/"))
            .replace("http://notifications:4004/", &format!("http://127.0.0.1:{notifications}/"))
            .replace("http://search:4005/", &format!("http://127.0.0.1:{search}/"))
            .replace("http://analytics:4006/", &format!("http://127.0.0.1:{analytics}/"));
        assert!(
            yaml.contains(&format!("port: {port}")) && yaml.contains(supergraph) && yaml.contains(manifest_path),
            "{file}: {yaml}"
        );
        assert!(!yaml.contains("users:4001"), "{file}: every address moved: {yaml}");
        let config = dev.data_dir.join(format!("shipped-{}", file.replace('/', "-")));
        std::fs::write(&config, yaml).unwrap();
        let _router = crate::microservices::jobgraph(&["router", "--config", config.to_str().unwrap()], &[]);
        crate::harness::wait_until_ready(port, "/ready", file);
        refuses_bad_tokens(port, &dev.signing_key(), true);
        let document = graphql_full(port, PROBE, json!({}), None);
        assert!(document.body["data"].is_null(), "{file} takes trusted documents only: {}", document.body);
    }
}

#[test]
fn the_router_enforces_its_limits() {
    let dev = Dev::start();
    // Refused before any subgraph is asked, in the subgraphs' vocabulary: the
    // engine's reason and the request id alongside.
    let refused = |query: &str, reason: &str| {
        let response = graphql_full(dev.router, query, json!({}), None);
        assert!(response.body["data"].is_null(), "{query}: {}", response.body);
        let extensions = &response.body["errors"][0]["extensions"];
        assert_eq!(extensions["code"], "BAD_USER_INPUT", "{query}: {}", response.body);
        assert_eq!(extensions["reason"], reason, "{query}: {}", response.body);
        assert!(extensions["requestId"].as_str().is_some_and(|id| !id.is_empty()), "{}", response.body);
        response
    };
    // Depth: 13 levels of categories.
    let deep =
        format!("{{ categories {} }}", (0..12).fold("name".to_string(), |inner, _| format!("{{ children {inner} }}")));
    refused(&deep, "MAX_DEPTH_EXCEEDED");
    let aliases: String = (0..31).map(|i| format!("a{i}: jobs(first: 1) {{ totalCount }} ")).collect();
    refused(&format!("{{ {aliases} }}"), "MAX_ALIASES_EXCEEDED");
    let directives: String = (0..26).map(|_| "@include(if: true) ").collect();
    refused(&format!("{{ jobs(first: 1) {directives} {{ totalCount }} }}"), "MAX_DIRECTIVES_EXCEEDED");
    // Cost: 100 jobs, each with 100 jobs of its company, is 100 x (3 + 100 x 2) = 20,300 > 10,000.
    let costly = "{ jobs(first: 100) { edges { node { company { jobs(first: 100) { edges { node { id } } } } } } } }";
    refused(costly, "COST_ESTIMATED_TOO_EXPENSIVE");
    // The same shape with smaller pages costs 40 x (3 + 40 x 2) = 3,320: served.
    let affordable = graphql(dev.router, &costly.replace("first: 100", "first: 40"), json!({}), None);
    assert_eq!(affordable["data"]["jobs"]["edges"].as_array().map(Vec::len), Some(40), "{affordable}");
    let huge = json!({ "query": "{ jobs(first: 1) { totalCount } }", "variables": { "pad": "x".repeat(1_200_000) } })
        .to_string();
    let response = post(dev.router, "/graphql", &huge, &[]);
    assert!(response.status >= 400, "a body over 1 MB is refused: {}", response.status);
    // Within the limits all is well.
    let fine = graphql(
        dev.router,
        "{ a: jobs(first: 1) { totalCount } b: companies(first: 1) { totalCount } }",
        json!({}),
        None,
    );
    assert!(fine["data"]["a"]["totalCount"].is_number(), "{fine}");
}

#[test]
fn router_errors_carry_the_request_id_the_client_sent_or_one_the_router_made() {
    let dev = Dev::start();
    let body = json!({ "query": "{ nosuchfield }" }).to_string();
    let named = post(dev.router, "/graphql", &body, &[("x-request-id", "trace-me-42")]);
    assert_eq!(named.body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{}", named.body);
    assert_eq!(named.body["errors"][0]["extensions"]["reason"], "FieldsOnCorrectType", "{}", named.body);
    assert_eq!(named.body["errors"][0]["extensions"]["requestId"], "trace-me-42", "{}", named.body);
    assert!(named.head.contains("x-request-id: trace-me-42"), "{}", named.head);

    let made = post(dev.router, "/graphql", &body, &[]);
    let id = made.body["errors"][0]["extensions"]["requestId"].as_str().unwrap_or_else(|| panic!("{}", made.body));
    assert!(made.head.contains(&format!("x-request-id: {id}")), "the header and the error agree: {}", made.head);
    // A successful response names its request too.
    let ok = post(dev.router, "/graphql", r#"{"query":"{ categories { name } }"}"#, &[]);
    assert!(ok.head.contains("x-request-id: "), "{}", ok.head);
}

#[test]
fn the_trace_context_a_client_sends_reaches_the_subgraph_and_the_events_it_records() {
    use jobgraph_shared::events::outbox::entity as outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let dev = Dev::start();
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let traceparent = format!("00-{trace_id}-00f067aa0ba902b7-01");
    let register = r#"mutation { register(input: { email: "traced@example.com", password: "a-long-enough-password", firstName: "Trace", lastName: "Able", role: JOB_SEEKER }) { user { id } } }"#;
    let body = json!({ "query": register }).to_string();
    let response = post(dev.router, "/graphql", &body, &[("traceparent", &traceparent)]);
    let id = response.body["data"]["register"]["user"]["id"].as_str().unwrap_or_else(|| panic!("{}", response.body));
    // users recorded user.created under the trace the client started.
    let url = format!("sqlite://{}?mode=ro", dev.data_dir.join("users.db").display());
    let rows = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let db = sea_orm::Database::connect(&url).await.unwrap();
        outbox::Entity::find().filter(outbox::Column::EventType.eq("user.created")).all(&db).await.unwrap()
    });
    let created = rows.iter().find(|row| row.aggregate_id.to_string() == id).expect("user.created recorded");
    let recorded = created.traceparent.as_deref().unwrap_or_else(|| panic!("no trace on {created:?}"));
    assert_eq!(recorded.split('-').nth(1), Some(trace_id), "the same trace: {recorded}");
}

#[test]
fn the_router_exports_its_traces_to_an_otlp_collector() {
    let dev = Dev::start();
    let (collector_port, exports) = stand_in_collector();
    let port = crate::harness::free_port();
    // A router of its own over dev's subgraphs, dev's configuration plus an OTLP exporter.
    let exporter = format!(
        "    propagation:\n      trace_context: true\n    exporters:\n      - kind: otlp\n        protocol: http\n        endpoint: http://127.0.0.1:{collector_port}/v1/traces\n        batch_processor:\n          scheduled_delay: 100ms\n"
    );
    let yaml = std::fs::read_to_string(dev.data_dir.join("router.yaml"))
        .unwrap()
        .replace(&format!("port: {}\n", dev.router), &format!("port: {port}\n"))
        .replace("    propagation:\n      trace_context: true\n", &exporter);
    assert!(yaml.contains("kind: otlp") && yaml.contains(&format!("port: {port}")), "{yaml}");
    let config = dev.data_dir.join("router-otlp.yaml");
    std::fs::write(&config, yaml).unwrap();
    let _router = crate::microservices::jobgraph(&["router", "--config", config.to_str().unwrap()], &[]);
    crate::harness::wait_until_ready(port, "/ready", "the exporting router");

    let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let body = json!({ "query": "{ jobs(first: 1) { totalCount } }" }).to_string();
    let answer = post(port, "/graphql", &body, &[("traceparent", traceparent)]);
    assert!(answer.body["data"]["jobs"]["totalCount"].is_number(), "{}", answer.body);

    // The router's spans continue the client's trace: an export carries its
    // 16-byte trace id (protobuf writes it as raw bytes).
    let trace_id: Vec<u8> =
        (0..16).map(|i| u8::from_str_radix(&traceparent[3 + 2 * i..5 + 2 * i], 16).unwrap()).collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let (head, body) = exports.recv_timeout(left).expect("an export of the request's trace arrived");
        assert!(head.starts_with("post /v1/traces "), "{head}");
        assert!(head.contains("content-type: application/x-protobuf"), "OTLP over HTTP: {head}");
        if body.windows(16).any(|w| w == trace_id.as_slice()) {
            break;
        }
    }
}

/// A stand-in OpenTelemetry collector: it accepts OTLP/HTTP exports (each
/// answered 200, on keep-alive connections) and passes on each one's head
/// (lowercased) and body.
fn stand_in_collector() -> (u16, std::sync::mpsc::Receiver<(String, Vec<u8>)>) {
    use std::io::{Read as _, Write as _};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut connection in listener.incoming().flatten() {
            let sender = sender.clone();
            std::thread::spawn(move || {
                let mut raw = Vec::new();
                let mut chunk = [0u8; 16 * 1024];
                loop {
                    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
                        match connection.read(&mut chunk) {
                            Ok(read) if read > 0 => raw.extend_from_slice(&chunk[..read]),
                            _ => return,
                        }
                        continue;
                    };
                    let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while raw.len() < end + 4 + length {
                        match connection.read(&mut chunk) {
                            Ok(read) if read > 0 => raw.extend_from_slice(&chunk[..read]),
                            _ => return,
                        }
                    }
                    let body = raw[end + 4..end + 4 + length].to_vec();
                    raw.drain(..end + 4 + length);
                    let answer =
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n";
                    if connection.write_all(answer).is_err() || sender.send((head, body)).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, receiver)
}
