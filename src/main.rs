#![recursion_limit = "256"]

//! `jobgraph`: one binary for every shape of the platform. It parses
//! arguments and wires the service crates together; the work is theirs.
//!
//! - `dev`: every service in one process on SQLite under `./data`
//! - `subgraph NAME`: one service on its own database (microservices shape)
//! - `router`: the federation router over the subgraphs
//! - `web`: the web client (served by `dev` itself)
//! - `migrate`, `compose`, `seed`, `replay`, `admin`: operations

mod compose;
mod dev;
mod seed;
mod services;

use std::io::IsTerminal as _;
use std::net::SocketAddr;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use jobgraph_shared::config::{AuthArgs, DatabaseArgs, EventsArgs, ExposureArgs, TelemetryArgs};
use tokio_util::sync::CancellationToken;

use services::Service;

/// mimalloc, as hive-router's own binary ships with: the router allocates
/// and frees many small buffers per request, where glibc's allocator spent
/// about a tenth of its instructions (callgrind).
#[global_allocator]
static ALLOCATOR: jobgraph_router::GlobalAllocator = jobgraph_router::GlobalAllocator;

#[derive(Parser)]
#[command(name = "jobgraph", version, about = "A GraphQL federation backend for job marketplaces")]
struct Cli {
    #[command(flatten)]
    telemetry: TelemetryArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs every service in one process on SQLite under the data directory.
    Dev(dev::DevArgs),
    /// Serves one subgraph (the microservices shape).
    Subgraph(Box<SubgraphArgs>),
    /// Serves the web client (the microservices shape; dev serves it itself).
    Web {
        /// Address to listen on (loopback unless told: a container sets 0.0.0.0).
        #[arg(long, env = "JOBGRAPH_WEB_LISTEN", default_value = "127.0.0.1:3000")]
        listen: SocketAddr,
        /// The router's GraphQL endpoint as browsers reach it.
        #[arg(long, env = "JOBGRAPH_ROUTER_URL", default_value = "http://127.0.0.1:4000/graphql")]
        router_url: String,
    },
    /// Serves the federation router: one GraphQL endpoint over every subgraph.
    Router {
        /// hive-router configuration file (see router.yaml).
        #[arg(long, env = "JOBGRAPH_ROUTER_CONFIG", default_value = "router.yaml")]
        config: std::path::PathBuf,
    },
    /// Applies a service's pending database migrations.
    Migrate {
        #[arg(long, value_enum)]
        service: Service,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Writes each subgraph's SDL to schema/<name>.graphql.
    Compose(compose::ComposeArgs),
    /// Fills the databases with demo data.
    Seed(seed::SeedArgs),
    /// Rebuilds a service's caches from the event topics, from the beginning
    /// (search: the index at --search-index-dir, put in place once caught up).
    Replay {
        #[arg(long, value_enum)]
        service: Service,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(flatten)]
        events: EventsArgs,
        #[command(flatten)]
        settings: services::ServiceSettings,
    },
    /// Account administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Makes the token signing key pair (PEM) unless it exists: the private key
    /// for users, the public key for every other service.
    Keys {
        #[arg(long, default_value = "jwt.pem")]
        private: std::path::PathBuf,
        #[arg(long, default_value = "jwt.pub")]
        public: std::path::PathBuf,
    },
}

#[derive(Args)]
struct SubgraphArgs {
    #[arg(value_enum)]
    service: Service,
    /// Address to listen on (loopback unless told: a container sets 0.0.0.0).
    #[arg(long, env = "JOBGRAPH_LISTEN", default_value = "127.0.0.1:4001")]
    listen: SocketAddr,
    #[command(flatten)]
    exposure: ExposureArgs,
    /// Apply migrations at start, under a PostgreSQL advisory lock so replicas never race.
    #[arg(long, env = "JOBGRAPH_MIGRATE_ON_START", default_value_t = false)]
    migrate: bool,
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    auth: AuthArgs,
    #[command(flatten)]
    settings: services::ServiceSettings,
    #[command(flatten)]
    events: EventsArgs,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Creates an admin account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, env = "JOBGRAPH_ADMIN_PASSWORD")]
        password: String,
        #[arg(long, default_value = "Admin")]
        first_name: String,
        #[arg(long, default_value = "User")]
        last_name: String,
        /// The users service's database.
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // hive-router reads its configuration path from the environment, which
    // may only be written while this is the process's only thread.
    match &cli.command {
        Command::Router { config } => {
            // SAFETY: no other thread exists yet.
            unsafe { jobgraph_router::run::set_config_path(config) };
            return jobgraph_router::run::run_router();
        }
        // SAFETY: no other thread exists yet.
        Command::Dev(args) => unsafe { jobgraph_router::run::set_config_path(&args.router_config_path()) },
        // In dev the router installs the process's tracing subscriber.
        _ => jobgraph_shared::telemetry::init(&cli.telemetry),
    }
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run(cli.command, cli.telemetry))
}

async fn run(command: Command, telemetry: TelemetryArgs) -> anyhow::Result<()> {
    match command {
        Command::Router { .. } => unreachable!("the router runs on its own runtime"),
        // The router, which logs to stdout, installs dev's logger.
        Command::Dev(args) => dev::run(args, telemetry.format(std::io::stdout().is_terminal())).await,
        Command::Subgraph(args) => run_subgraph(*args).await,
        Command::Web { listen, router_url } => {
            let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
            tracing::info!(address = %listen, router = %router_url, "serving the web client");
            let mut supervisor = services::Supervisor::new(CancellationToken::new());
            supervisor.serve_app("web", listener, jobgraph_web::app(&router_url));
            supervisor.run_until_stopped().await
        }
        Command::Migrate { service, database } => {
            service.migrate(&database.database_url).await?;
            println!("{} is migrated", service.name());
            Ok(())
        }
        Command::Compose(args) => compose::run(args).await,
        Command::Seed(args) => seed::run(args).await,
        Command::Replay { service, database, events, settings } => replay(service, database, events, settings).await,
        Command::Keys { private, public } => {
            let key = jobgraph_shared::auth::SigningKey::load_or_generate(&private)?;
            std::fs::write(&public, key.public_key().to_pem())
                .with_context(|| format!("writing {}", public.display()))?;
            println!("signing key in {}, public key in {}", private.display(), public.display());
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password, first_name, last_name, database } } => {
            let db = jobgraph_shared::db::connect(&database.database_url, 2).await?;
            let admin = jobgraph_users::domain::accounts::create_admin(&db, &email, &password, &first_name, &last_name)
                .await
                .map_err(|error| anyhow::anyhow!("{}", error.public_message()))?;
            println!("admin {} created with id {}", admin.email, admin.id);
            Ok(())
        }
    }
}

async fn run_subgraph(args: SubgraphArgs) -> anyhow::Result<()> {
    let service = args.service;
    if args.migrate {
        service.migrate(&args.database.database_url).await?;
    }
    let db = jobgraph_shared::db::connect(&args.database.database_url, args.database.database_max_connections).await?;
    let backbone = services::Backbone::kafka(args.events).await?;
    let shutdown = CancellationToken::new();
    let started =
        service.start(db, &args.auth, &args.settings, &backbone, &args.exposure.exposure(), shutdown.clone())?;
    let listener =
        tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("binding {}", args.listen))?;
    tracing::info!(service = service.name(), address = %args.listen, "serving /graphql");
    let mut supervisor = services::Supervisor::new(shutdown.clone());
    supervisor.serve(service.name(), listener, started);
    supervisor.run_until_stopped().await
}

async fn replay(
    service: Service,
    database: DatabaseArgs,
    events: EventsArgs,
    settings: services::ServiceSettings,
) -> anyhow::Result<()> {
    let db = jobgraph_shared::db::connect(&database.database_url, 4).await?;
    let backbone = services::Backbone::kafka(events).await?;
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} events ({per_sec}, eta {eta})")?
            .progress_chars("=> "),
    );
    bar.set_message(format!("replaying into {}", service.name()));
    let began = std::time::Instant::now();
    let read = service
        .replay(db, &backbone, &settings, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish();
    println!("{}: {read} events replayed in {:.1} s", service.name(), began.elapsed().as_secs_f64());
    Ok(())
}
