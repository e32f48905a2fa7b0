//! Starts `jobgraph dev` on free ports in a temporary directory and speaks
//! HTTP/1.1 to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Response {
    pub status: u16,
    /// The status line and headers, lowercased.
    pub head: String,
    pub body: Value,
}

/// POSTs `body` to `path` on `port`, with extra header lines.
pub fn post(port: u16, path: &str, body: &str, headers: &[(&str, &str)]) -> Response {
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("an HTTP response, got {raw:?}"));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let body =
        if head.to_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_string() };
    let body = serde_json::from_str(&body).unwrap_or(Value::String(body));
    Response { status, head: head.to_lowercase(), body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// GETs `path`; the status (0 when nothing answers) and the body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return (0, String::new()) };
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let status = raw.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default();
    (status, body)
}

/// GETs `path`; the status, or 0 when nothing answers.
pub fn get_status(port: u16, path: &str) -> u16 {
    get(port, path).0
}

/// Waits until `path` on `port` answers 200.
pub fn wait_until_ready(port: u16, path: &str, what: &str) {
    let started = Instant::now();
    while get_status(port, path) != 200 {
        assert!(started.elapsed() < Duration::from_secs(60), "{what} did not get ready");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A GraphQL request; the JSON body of the answer.
pub fn graphql(port: u16, query: &str, variables: Value, token: Option<&str>) -> Value {
    graphql_full(port, query, variables, token).body
}

pub fn graphql_full(port: u16, query: &str, variables: Value, token: Option<&str>) -> Response {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
    post(port, "/graphql", &body, &headers)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `jobgraph dev --demo`, stopped when dropped.
pub struct Dev {
    pub child: Child,
    pub router: u16,
    /// The web client's port.
    pub web: u16,
    pub users: u16,
    pub jobs: u16,
    /// Every subgraph's port, by name, as dev printed them.
    pub subgraphs: std::collections::HashMap<String, u16>,
    pub data_dir: PathBuf,
    pub output: String,
}

impl Dev {
    pub fn start() -> Dev {
        let data_dir = std::env::temp_dir().join(format!("jobgraph-e2e-{}-{}", std::process::id(), free_port()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let router = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobgraph"))
            .args([
                "dev",
                "--demo",
                // Free ports the kernel picks, so dev never races another test for them.
                "--first-port",
                "0",
                "--router-port",
                &router.to_string(),
                "--web-port",
                "0",
                "--data-dir",
            ])
            .arg(&data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("jobgraph dev starts");
        let started = Instant::now();
        let mut output = String::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for line in lines.by_ref() {
            let line = line.unwrap();
            output.push_str(&line);
            output.push('\n');
            if line.contains("seeker") {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "dev did not get ready: {output}");
        }
        assert!(output.contains("is ready in"), "dev did not get ready: {output}");
        // Keep reading: the router logs to stdout, and a closed pipe would kill it.
        std::thread::spawn(move || lines.for_each(drop));
        // "  users  http://127.0.0.1:PORT/graphql", a line per subgraph.
        let subgraphs: std::collections::HashMap<String, u16> = output
            .lines()
            .filter_map(|line| {
                let (name, url) = line.trim().split_once(' ')?;
                let port = url.trim().strip_prefix("http://127.0.0.1:")?.strip_suffix("/graphql")?;
                Some((name.to_string(), port.parse().ok()?))
            })
            .collect();
        let port = |name: &str| *subgraphs.get(name).unwrap_or_else(|| panic!("no {name} in {output}"));
        let (users, jobs) = (port("users"), port("jobs"));
        // "  web    http://127.0.0.1:PORT/  (the job board)"
        let web = output
            .lines()
            .find_map(|line| {
                line.trim()
                    .strip_prefix("web")?
                    .trim()
                    .strip_prefix("http://127.0.0.1:")?
                    .split('/')
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no web client in {output}"));
        Dev { child, router, web, users, jobs, subgraphs, data_dir, output }
    }

    /// A demo account's access token, signed in through the router.
    pub fn login(&self, email: &str) -> String {
        let response = graphql(
            self.router,
            "mutation($e: String!) { login(email: $e, password: \"jobgraph-demo\") { accessToken } }",
            json!({ "e": email }),
            None,
        );
        response["data"]["login"]["accessToken"].as_str().unwrap_or_else(|| panic!("{response}")).to_string()
    }

    /// A new account (first name Ada) signed up through the router; its access token.
    pub fn register(&self, email: &str, role: &str) -> String {
        let response = graphql(
            self.router,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": "correct horse battery", "firstName": "Ada", "lastName": "Tester", "role": role } }),
            None,
        );
        response["data"]["register"]["accessToken"].as_str().unwrap_or_else(|| panic!("{response}")).to_string()
    }

    /// The key dev made, to sign tokens as users would (or would not).
    pub fn signing_key(&self) -> jobgraph_shared::auth::SigningKey {
        let pem = std::fs::read_to_string(self.data_dir.join("jwt.pem")).unwrap();
        jobgraph_shared::auth::SigningKey::from_pem(&pem).unwrap()
    }
}

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
