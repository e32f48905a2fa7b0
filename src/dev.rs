//! `jobgraph dev`: every service in one process, each on its own loopback
//! port over its own SQLite file under the data directory. No external
//! service is needed; the signing key is made on first start.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use jobgraph_shared::auth::SigningKey;
use jobgraph_shared::config::AuthArgs;
use tokio_util::sync::CancellationToken;

use crate::seed;
use crate::services::{JobsArgs, Service, Supervisor};

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
    /// Port of the first subgraph; each next one takes the next port (users 4001, jobs 4002).
    #[arg(long, env = "JOBGRAPH_DEV_FIRST_PORT", default_value_t = 4001)]
    first_port: u16,
    #[command(flatten)]
    auth: AuthArgs,
    #[command(flatten)]
    jobs: JobsArgs,
}

pub async fn run(mut args: DevArgs) -> anyhow::Result<()> {
    let began = Instant::now();
    std::fs::create_dir_all(&args.data_dir).with_context(|| format!("creating {}", args.data_dir.display()))?;
    let key_path = args.auth.jwt_private_key_file.clone().unwrap_or_else(|| args.data_dir.join("jwt.pem"));
    SigningKey::load_or_generate(&key_path)?;
    args.auth.jwt_private_key_file = Some(key_path);

    let mut databases = Vec::new();
    for service in Service::ALL {
        let path = args.data_dir.join(format!("{}.db", service.name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        service.migrate(&url).await?;
        databases.push((service, jobgraph_shared::db::connect(&url, 5).await?));
    }
    let database = |wanted: Service| databases.iter().find(|(s, _)| *s == wanted).map(|(_, db)| db.clone());
    let (users, jobs) = (database(Service::Users).expect("users"), database(Service::Jobs).expect("jobs"));
    let demo_accounts =
        if args.demo && seed::is_empty(&users).await? { Some(seed::seed_demo(&users, &jobs).await?) } else { None };

    let shutdown = CancellationToken::new();
    let mut supervisor = Supervisor::new(shutdown.clone());
    let mut urls = Vec::new();
    for (offset, (service, db)) in databases.into_iter().enumerate() {
        let address = SocketAddr::new(args.host, args.first_port + offset as u16);
        let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("binding {address}"))?;
        let started = service.start(db, &args.auth, &args.jobs, shutdown.clone())?;
        supervisor.serve(service.name(), listener, started);
        urls.push((service.name(), address));
    }
    println!("jobgraph dev is ready in {} ms (data in {})", began.elapsed().as_millis(), args.data_dir.display());
    for (name, address) in &urls {
        println!("  {name:<6} http://{address}/graphql  (GraphiQL in a browser)");
    }
    if let Some(accounts) = demo_accounts {
        seed::print_accounts(&accounts);
    }
    tokio::select! {
        _ = jobgraph_shared::server::cancel_on_signal(shutdown.clone()) => {},
        _ = shutdown.cancelled() => {},
    }
    supervisor.wait().await
}
