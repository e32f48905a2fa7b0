//! `jobgraph dev`: the router and every service in one process, each
//! subgraph on its own loopback port over its own SQLite file under the data
//! directory. No external service is needed; the signing key is made on
//! first start, and the supergraph is composed from the code at every start.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use jobgraph_router::run::{Jwks, PersistedDocuments, RouterYaml};
use jobgraph_shared::auth::{SigningKey, jwks};
use jobgraph_shared::config::{AuthArgs, EventsArgs, LogFormat};
use jobgraph_shared::server::Exposure;
use tokio_util::sync::CancellationToken;

use crate::services::{Backbone, Service, ServiceSettings, Supervisor};
use crate::{compose, seed};

#[derive(clap::Args)]
pub struct DevArgs {
    /// Where the SQLite files and the signing key live.
    #[arg(long, env = "JOBGRAPH_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Load the demo data set when the platform is empty.
    #[arg(long)]
    demo: bool,
    /// Interface the subgraphs listen on.
    #[arg(long, env = "JOBGRAPH_DEV_HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port of the first subgraph; each next one takes the next port (users 4001, jobs 4002,
    /// applications 4003, notifications 4004, search 4005, analytics 4006). 0: any free
    /// ports, printed at start (tests run many at once this way).
    #[arg(long, env = "JOBGRAPH_DEV_FIRST_PORT", default_value_t = 4001)]
    first_port: u16,
    /// Port of the federation router, the one endpoint clients use.
    #[arg(long, env = "JOBGRAPH_DEV_ROUTER_PORT", default_value_t = 4000)]
    router_port: u16,
    /// Port of the web client (0: any free port, printed at start).
    #[arg(long, env = "JOBGRAPH_DEV_WEB_PORT", default_value_t = 3000)]
    web_port: u16,
    #[command(flatten)]
    auth: AuthArgs,
    #[command(flatten)]
    settings: ServiceSettings,
}

/// Generous, so a developer never meets it, but on: dev runs what production runs.
const DEV_RATE_LIMIT: &str =
    "{ per_ip: { capacity: 1000, refill_per_second: 500 }, per_user: { capacity: 500, refill_per_second: 250 } }";

impl DevArgs {
    /// The router configuration dev writes, and hive-router reads.
    pub fn router_config_path(&self) -> PathBuf {
        std::path::absolute(self.data_dir.join("router.yaml")).unwrap_or_else(|_| self.data_dir.join("router.yaml"))
    }
}

pub async fn run(mut args: DevArgs, log_format: LogFormat) -> anyhow::Result<()> {
    let began = Instant::now();
    std::fs::create_dir_all(&args.data_dir).with_context(|| format!("creating {}", args.data_dir.display()))?;
    let key_path = args.auth.jwt_private_key_file.clone().unwrap_or_else(|| args.data_dir.join("jwt.pem"));
    let key = SigningKey::load_or_generate(&key_path)?;
    args.auth.jwt_private_key_file = Some(key_path);
    // Email lands as .eml files under the data directory unless an SMTP server is set.
    if args.settings.notifications.smtp_url.is_none() && args.settings.notifications.mail_dir.is_none() {
        args.settings.notifications.mail_dir = Some(args.data_dir.join("mail"));
    }
    // The search index lives under the data directory unless told otherwise.
    if args.settings.search.search_index_dir.is_relative() {
        args.settings.search.search_index_dir = args.data_dir.join(&args.settings.search.search_index_dir);
    }

    // Every subgraph's listener is bound before the router starts: a request
    // the router forwards at once then waits in the listener's backlog until
    // its subgraph serves (after migrations and the demo data), rather than
    // being refused. So the first answer the endpoint gives is a whole one.
    let mut listeners = Vec::new();
    let mut subgraph_addresses = Vec::new();
    for offset in 0..Service::ALL.len() {
        let port = if args.first_port == 0 { 0 } else { args.first_port + offset as u16 };
        let address = SocketAddr::new(args.host, port);
        let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
        subgraph_addresses.push(listener.local_addr()?);
        listeners.push(listener);
    }
    let subgraph_address = |offset: usize| subgraph_addresses[offset];
    let web_listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.web_port))
        .await
        .with_context(|| format!("binding the web client's port {}", args.web_port))?;
    let web_address = web_listener.local_addr()?;

    // The router starts next: it installs the logger, and needs only the SDL.
    let urls: Vec<_> = Service::ALL
        .into_iter()
        .enumerate()
        .map(|(offset, service)| (service, format!("http://{}/graphql", subgraph_address(offset))))
        .collect();
    std::fs::write(args.data_dir.join("supergraph.graphql"), compose::supergraph(&urls)?)?;
    std::fs::write(args.data_dir.join("jwks.json"), jwks(&[key.public_key().clone()]).to_string())?;
    // The web client's operations by id; dev also takes any other document (GraphiQL, curl).
    std::fs::write(args.data_dir.join("persisted-documents.json"), jobgraph_web::PERSISTED_DOCUMENTS)?;
    let router_address = SocketAddr::new(args.host, args.router_port);
    let router_config = RouterYaml {
        listen: router_address,
        supergraph: "supergraph.graphql".into(),
        jwks: Jwks::File("jwks.json".into()),
        issuer: args.auth.jwt_issuer.clone(),
        audience: args.auth.jwt_audience.clone(),
        explore: true,
        rate_limit: Some(DEV_RATE_LIMIT.into()),
        log_format: Some(log_format.as_str()),
        persisted_documents: Some(PersistedDocuments {
            manifest: "persisted-documents.json".into(),
            require_id: false,
        }),
    };
    std::fs::write(args.router_config_path(), router_config.to_yaml())?;
    let router = std::thread::Builder::new().name("router".into()).spawn(jobgraph_router::run::run_router)?;

    let mut databases = Vec::new();
    for service in Service::ALL {
        let path = args.data_dir.join(format!("{}.db", service.name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        service.migrate(&url).await?;
        databases.push((service, jobgraph_shared::db::connect(&url, 5).await?));
    }
    let database = |wanted: Service| databases.iter().find(|(s, _)| *s == wanted).map(|(_, db)| db.clone());
    let (users, jobs, applications, analytics) = (
        database(Service::Users).expect("users"),
        database(Service::Jobs).expect("jobs"),
        database(Service::Applications).expect("applications"),
        database(Service::Analytics).expect("analytics"),
    );
    let demo_accounts = if args.demo && seed::is_empty(&users).await? {
        Some(seed::seed_demo(&users, &jobs, &applications, Some(&analytics)).await?)
    } else {
        None
    };

    // The outboxes feed an in-process bus: the same relay and consumers as on Kafka.
    let backbone = Backbone::bus(EventsArgs::defaults());
    let shutdown = CancellationToken::new();
    let mut supervisor = Supervisor::new(shutdown.clone());
    let mut addresses = Vec::new();
    for ((offset, (service, db)), listener) in databases.into_iter().enumerate().zip(listeners) {
        let address = subgraph_address(offset);
        let started = service.start(db, &args.auth, &args.settings, &backbone, &Exposure::dev(), shutdown.clone())?;
        supervisor.serve(service.name(), listener, started);
        addresses.push((service.name(), address));
    }
    let router_url = format!("http://{router_address}/graphql");
    supervisor.serve_app("web", web_listener, jobgraph_web::app(&router_url));
    wait_for_router(router_address, &router).await?;
    println!("jobgraph dev is ready in {} ms (data in {})", began.elapsed().as_millis(), args.data_dir.display());
    println!("  web    http://{web_address}/  (the job board)");
    println!("  explorer http://{web_address}/explorer  (GraphiQL on the router, works offline)");
    println!("  router {router_url}  (the one endpoint; GraphiQL in a browser)");
    for (name, address) in &addresses {
        println!("  {name:<6} http://{address}/graphql");
    }
    if let Some(accounts) = demo_accounts {
        seed::print_accounts(&accounts);
    }
    // The router stops on the same signal; when a subgraph failed instead,
    // returning ends the process and the router with it.
    supervisor.run_until_stopped().await
}

/// Waits until the router accepts connections (it plans over the supergraph first).
async fn wait_for_router(
    address: SocketAddr,
    router: &std::thread::JoinHandle<anyhow::Result<()>>,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while tokio::net::TcpStream::connect(address).await.is_err() {
        anyhow::ensure!(!router.is_finished(), "the router stopped at start; see its log above");
        anyhow::ensure!(Instant::now() < deadline, "the router did not listen on {address} within 30 s");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    Ok(())
}
