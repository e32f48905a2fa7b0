//! The microservices shape: each subgraph its own process on its own
//! PostgreSQL database, the router its own process, as docker-compose runs
//! them.

use std::ffi::OsStr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jobgraph_router::compose::{SubgraphSdl, compose};
use jobgraph_router::run::{Jwks, RouterYaml};
use jobgraph_shared::auth::SigningKey;
use jobgraph_shared::testing::{Backend, TestDatabase};
use serde_json::{Value, json};

use crate::harness::{free_port, graphql, graphql_full, wait_until_ready};
use jobgraph_shared::testing::broker::Broker;

/// A process killed when dropped.
pub struct Process(pub Child);

impl Process {
    /// Stops it as an orchestrator does (SIGTERM), and waits for it to exit.
    pub fn terminate(mut self) {
        let stopped = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        assert!(stopped.is_ok_and(|status| status.success()), "SIGTERM sent");
        let started = Instant::now();
        while self.0.try_wait().expect("the process's status").is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "the process did not stop within 60 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn jobgraph(args: &[&str], env: &[(&str, &OsStr)]) -> Process {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jobgraph"));
    command.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    // E2E_LOG_DIR=dir keeps each process's log, for a failing test's story.
    if let Some(dir) = std::env::var_os("E2E_LOG_DIR") {
        let name = format!("{}-{}.log", args.iter().take(2).copied().collect::<Vec<_>>().join("-"), free_port());
        let log = std::fs::File::create(std::path::Path::new(&dir).join(name)).expect("log file");
        command.stderr(log);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    Process(command.spawn().expect("jobgraph starts"))
}

const SUBGRAPH_SECRET_VARIABLE: &str = "JOBGRAPH_SUBGRAPH_SECRET";
/// The secret the router sends and the subgraphs require, in these tests.
const SUBGRAPH_SECRET: &str = "e2e-router-only";

/// Each process and database lives as long as the platform (dropped, it stops).
pub struct Platform {
    pub router: u16,
    /// The users subgraph's own port (its metrics).
    pub users_port: u16,
    /// The jobs subgraph's own port, to show it refuses callers that bypass the router.
    pub jobs_port: u16,
    pub users: Process,
    pub jobs: Process,
    _applications: Process,
    _router: Process,
    pub users_db: TestDatabase,
    pub jobs_db: TestDatabase,
    _applications_db: TestDatabase,
    /// Dropped last: the services' last commits reach it.
    pub broker: Broker,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Platform {
    /// Starts users, jobs and the router; `rate_limit` configures that plugin.
    pub async fn start(rate_limit: Option<&str>) -> Platform {
        let broker = Broker::start_behind_proxy();
        let kafka = broker.address();
        // A short delivery timeout, so the relay notices a broker outage within seconds.
        // The subgraphs serve only the router, which sends the shared secret.
        let events: [(&str, &OsStr); 3] = [
            ("KAFKA_BROKERS", kafka.as_ref()),
            ("KAFKA_DELIVERY_TIMEOUT", "3s".as_ref()),
            (SUBGRAPH_SECRET_VARIABLE, SUBGRAPH_SECRET.as_ref()),
        ];
        let users_db = TestDatabase::new(Backend::Postgres).await;
        let jobs_db = TestDatabase::new(Backend::Postgres).await;
        let dir = TempDir(std::env::temp_dir().join(format!("jobgraph-ms-{}-{}", std::process::id(), free_port())));
        std::fs::create_dir_all(&dir.0).unwrap();
        let key = SigningKey::generate().unwrap();
        let (private, public) = (dir.0.join("jwt.pem"), dir.0.join("jwt.pub"));
        std::fs::write(&private, key.to_pem()).unwrap();
        std::fs::write(&public, key.public_key().to_pem()).unwrap();
        let applications_db = TestDatabase::new(Backend::Postgres).await;
        let (users_port, jobs_port, applications_port, router_port) =
            (free_port(), free_port(), free_port(), free_port());

        let users = jobgraph(
            &[
                "subgraph",
                "users",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{users_port}"),
                "--database-url",
                &users_db.url,
            ],
            &[[("JOBGRAPH_JWT_PRIVATE_KEY_FILE", private.as_os_str())].as_slice(), &events].concat(),
        );
        let jobs = jobgraph(
            &[
                "subgraph",
                "jobs",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{jobs_port}"),
                "--database-url",
                &jobs_db.url,
            ],
            &[[("JOBGRAPH_JWT_PUBLIC_KEY_FILE", public.as_os_str())].as_slice(), &events].concat(),
        );
        let applications = jobgraph(
            &[
                "subgraph",
                "applications",
                "--migrate",
                "--listen",
                &format!("127.0.0.1:{applications_port}"),
                "--database-url",
                &applications_db.url,
            ],
            &[[("JOBGRAPH_JWT_PUBLIC_KEY_FILE", public.as_os_str())].as_slice(), &events].concat(),
        );
        wait_until_ready(users_port, "/ready", "users");
        wait_until_ready(jobs_port, "/ready", "jobs");
        wait_until_ready(applications_port, "/ready", "applications");

        let supergraph = compose(&[
            SubgraphSdl {
                name: "users".into(),
                url: format!("http://127.0.0.1:{users_port}/graphql"),
                sdl: jobgraph_users::sdl(),
            },
            SubgraphSdl {
                name: "jobs".into(),
                url: format!("http://127.0.0.1:{jobs_port}/graphql"),
                sdl: jobgraph_jobs::sdl(),
            },
            SubgraphSdl {
                name: "applications".into(),
                url: format!("http://127.0.0.1:{applications_port}/graphql"),
                sdl: jobgraph_applications::sdl(),
            },
        ])
        .unwrap();
        std::fs::write(dir.0.join("supergraph.graphql"), supergraph).unwrap();
        let config = RouterYaml {
            listen: ([127, 0, 0, 1], router_port).into(),
            supergraph: "supergraph.graphql".into(),
            jwks: Jwks::Remote(format!("http://127.0.0.1:{users_port}/.well-known/jwks.json")),
            issuer: "jobgraph".into(),
            audience: "jobgraph-api".into(),
            explore: false,
            rate_limit: rate_limit.map(str::to_string),
            log_format: None,
            persisted_documents: None,
        };
        let config_path = dir.0.join("router.yaml");
        std::fs::write(&config_path, config.to_yaml()).unwrap();
        let router = jobgraph(
            &["router", "--config", config_path.to_str().unwrap()],
            &[(SUBGRAPH_SECRET_VARIABLE, SUBGRAPH_SECRET.as_ref())],
        );
        wait_until_ready(router_port, "/health", "router");
        Platform {
            router: router_port,
            users_port,
            jobs_port,
            users,
            jobs,
            _applications: applications,
            _router: router,
            users_db,
            jobs_db,
            _applications_db: applications_db,
            broker,
            _dir: dir,
        }
    }

    /// Creates "Compilers Inc" and publishes a "Compiler Engineer" job in it
    /// as the employer `token`, through the router; returns the job's id.
    pub fn publish_job(&self, token: &str) -> String {
        let company = graphql(
            self.router,
            "mutation { createCompany(input: { name: \"Compilers Inc\" }) { id } }",
            json!({}),
            Some(token),
        );
        let company = data(&company)["createCompany"]["id"].clone();
        let job = graphql(
            self.router,
            "mutation($c: ID!) { createJob(input: { companyId: $c, title: \"Compiler Engineer\", description: \"COBOL\", employmentType: FULL_TIME, experienceLevel: SENIOR, remotePolicy: REMOTE }) { id } }",
            json!({ "c": company }),
            Some(token),
        );
        let job = data(&job)["createJob"]["id"].as_str().unwrap().to_string();
        let publish = "mutation($id: ID!) { publishJob(id: $id) { status } }";
        data(&graphql(self.router, publish, json!({ "id": job }), Some(token)));
        job
    }

    /// Registers through the router; returns the access token. The first
    /// name is the email's local part capitalised (ada@... is "Ada"), so
    /// tests tell users apart by name.
    pub fn register(&self, email: &str, role: &str) -> String {
        let local = email.split('@').next().unwrap_or(email);
        let first_name = local[..1].to_uppercase() + &local[1..];
        let response = graphql(
            self.router,
            "mutation($input: RegisterInput!) { register(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": "correct horse battery", "firstName": first_name, "lastName": "Tester", "role": role } }),
            None,
        );
        response["data"]["register"]["accessToken"].as_str().unwrap_or_else(|| panic!("{response}")).to_string()
    }
}

pub fn data(response: &Value) -> &Value {
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    &response["data"]
}

#[tokio::test]
async fn a_subgraph_going_down_costs_only_its_part_of_the_answer() {
    let mut platform = Platform::start(None).await;
    let token = platform.register("grace@example.com", "EMPLOYER");
    let router = platform.router;
    let job = platform.publish_job(&token);
    let query = "query($id: ID!) { job(id: $id) { title company { name } postedBy { firstName } } }";
    let joined = graphql(router, query, json!({ "id": job }), None);
    assert_eq!(data(&joined)["job"]["postedBy"]["firstName"], "Grace");

    // users goes away: jobs still answers its part, users' part is null with an error on its path.
    platform.users.0.kill().unwrap();
    platform.users.0.wait().unwrap();
    let started = Instant::now();
    let partial = graphql_full(router, query, json!({ "id": job }), None);
    assert!(started.elapsed() < Duration::from_secs(15), "no hang");
    assert_eq!(partial.status, 200, "{}", partial.body);
    assert_eq!(partial.body["data"]["job"]["title"], "Compiler Engineer", "{}", partial.body);
    assert_eq!(partial.body["data"]["job"]["company"]["name"], "Compilers Inc");
    assert!(partial.body["data"]["job"]["postedBy"].is_null());
    let error = &partial.body["errors"][0];
    assert!(error["message"].is_string(), "{}", partial.body);
    let path = error["extensions"]["affectedPath"].as_str().unwrap_or_default();
    assert_eq!(path, "job.postedBy", "the error names the affected path: {}", partial.body);
    // In our vocabulary: the router's fault, the engine's reason and the request alongside.
    assert_eq!(error["extensions"]["code"], "INTERNAL", "{}", partial.body);
    assert!(error["extensions"]["reason"].as_str().is_some_and(|r| !r.is_empty()), "{}", partial.body);
    assert!(error["extensions"]["requestId"].is_string(), "{}", partial.body);
    // A caller that bypasses the router is refused by the subgraph itself.
    let bypass = graphql(platform.jobs_port, "{ jobs { totalCount } }", json!({}), None);
    assert_eq!(bypass["errors"][0]["extensions"]["code"], "FORBIDDEN", "{bypass}");
    // And the router itself is still up.
    let listing = graphql(router, "{ jobs { totalCount } }", json!({}), None);
    assert_eq!(data(&listing)["jobs"]["totalCount"], 1);
}

fn assert_limited(response: &crate::harness::Response) {
    assert_eq!(response.status, 429, "{}", response.body);
    assert!(response.head.contains("retry-after: "), "{}", response.head);
    assert_eq!(response.body["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{}", response.body);
}

#[tokio::test]
async fn the_router_limits_each_client_ip() {
    let platform = Platform::start(Some("{ per_ip: { capacity: 3, refill_per_second: 0.2 } }")).await;
    let query = "{ jobs { totalCount } }";
    for _ in 0..3 {
        assert_eq!(graphql_full(platform.router, query, json!({}), None).status, 200);
    }
    assert_limited(&graphql_full(platform.router, query, json!({}), None));
}

#[tokio::test]
async fn the_router_limits_each_signed_in_user() {
    let platform = Platform::start(Some(
        "{ per_ip: { capacity: 1000, refill_per_second: 1000 }, per_user: { capacity: 2, refill_per_second: 0.2 } }",
    ))
    .await;
    let ada = platform.register("ada@example.com", "JOB_SEEKER");
    let bob = platform.register("bob@example.com", "JOB_SEEKER");
    let query = "{ me { email } }";
    for _ in 0..2 {
        assert_eq!(graphql_full(platform.router, query, json!({}), Some(&ada)).status, 200);
    }
    assert_limited(&graphql_full(platform.router, query, json!({}), Some(&ada)));
    // Others are not affected: another user, and anonymous callers.
    assert_eq!(graphql_full(platform.router, query, json!({}), Some(&bob)).status, 200);
    assert_eq!(graphql_full(platform.router, "{ jobs { totalCount } }", json!({}), None).status, 200);
}

/// After a password change the old access token stops working within
/// seconds everywhere, not when it expires: users refuses it at once, jobs
/// and applications once `user.sessions_revoked` reaches them. The new
/// session's token keeps working.
#[tokio::test]
async fn a_password_change_ends_the_old_token_on_every_subgraph_within_seconds() {
    let platform = Platform::start(None).await;
    let old = platform.register("ada@example.com", "JOB_SEEKER");
    let per_subgraph = [
        ("users", "{ me { id } }"),
        ("jobs", "{ jobs(first: 1) { totalCount } }"),
        ("applications", "{ myApplications { totalCount } }"),
    ];
    for (_, query) in per_subgraph {
        data(&graphql(platform.router, query, json!({}), Some(&old)));
    }
    // Once jobs has cached Ada, its consumer runs: from then on, "within seconds" is measured.
    let jobs_db = platform.jobs_db.connect().await;
    let joined = Instant::now();
    loop {
        use sea_orm::{EntityTrait as _, PaginatorTrait as _};
        let cached = jobgraph_jobs::entities::user_profile_cache::Entity::find().count(&jobs_db).await.unwrap();
        if cached > 0 {
            break;
        }
        assert!(joined.elapsed() < Duration::from_secs(150), "jobs never consumed user-events");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let change = "mutation { changePassword(currentPassword: \"correct horse battery\", newPassword: \"a brand new passphrase\") { accessToken } }";
    let changed = graphql(platform.router, change, json!({}), Some(&old));
    let new = data(&changed)["changePassword"]["accessToken"].as_str().unwrap().to_string();
    let started = Instant::now();
    for (subgraph, query) in per_subgraph {
        loop {
            let response = graphql(platform.router, query, json!({}), Some(&old));
            let refused = response["errors"]
                .as_array()
                .is_some_and(|errors| errors.iter().any(|e| e["extensions"]["code"] == "UNAUTHENTICATED"));
            if refused {
                break;
            }
            // applications' consumer group may still be joining (Tansu can take a minute).
            let limit = if subgraph == "applications" { 150 } else { 10 };
            assert!(started.elapsed() < Duration::from_secs(limit), "{subgraph} still takes the old token: {response}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        println!("{subgraph} refused the old token {:?} after the change", started.elapsed());
        data(&graphql(platform.router, query, json!({}), Some(&new)));
    }
}
