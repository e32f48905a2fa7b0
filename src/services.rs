//! The module registry: each service is a name, its migrations, its SDL and
//! a start function returning its routes and background tasks (as Mimir's
//! modules are). `dev` starts them all; `subgraph NAME` starts one. One
//! supervisor stops the process when any of them fails.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use jobgraph_shared::config::AuthArgs;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Users,
    Jobs,
}

/// Settings of the jobs service.
#[derive(clap::Args, Clone, Debug)]
pub struct JobsArgs {
    /// How often the expiry scheduler looks for published jobs past their expiry.
    #[arg(long, env = "JOBGRAPH_JOB_EXPIRY_INTERVAL", default_value = "60s", value_parser = humantime::parse_duration)]
    pub job_expiry_interval: Duration,
}

type Task = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// A started service: its routes, and the background loops it runs until shutdown.
pub struct Started {
    pub router: axum::Router,
    pub background: Vec<(&'static str, Task)>,
}

impl Service {
    pub const ALL: [Service; 2] = [Service::Users, Service::Jobs];

    pub fn name(self) -> &'static str {
        match self {
            Service::Users => "users",
            Service::Jobs => "jobs",
        }
    }

    pub async fn migrate(self, url: &str) -> anyhow::Result<()> {
        use jobgraph_migrations::{jobs, users};
        match self {
            Service::Users => jobgraph_shared::db::migrate::<users::Migrator>(url, self.name()).await,
            Service::Jobs => jobgraph_shared::db::migrate::<jobs::Migrator>(url, self.name()).await,
        }
    }

    pub fn sdl(self) -> String {
        match self {
            Service::Users => jobgraph_users::sdl(),
            Service::Jobs => jobgraph_jobs::sdl(),
        }
    }

    pub fn start(
        self,
        db: DatabaseConnection,
        auth: &AuthArgs,
        jobs: &JobsArgs,
        shutdown: CancellationToken,
    ) -> anyhow::Result<Started> {
        match self {
            Service::Users => {
                let service = jobgraph_users::UsersService {
                    db,
                    signing_key: Arc::new(auth.signing_key()?),
                    tokens: auth.token_settings(),
                    access_token_ttl: auth.access_token_ttl,
                    refresh_token_ttl: auth.refresh_token_ttl,
                };
                Ok(Started { router: jobgraph_users::router(service), background: vec![] })
            }
            Service::Jobs => {
                let service = jobgraph_jobs::JobsService::new(db.clone());
                let expiry = jobgraph_jobs::domain::expiry::run(db, jobs.job_expiry_interval, shutdown);
                Ok(Started {
                    router: jobgraph_jobs::router(service, auth.verifier()?),
                    background: vec![(
                        "job expiry",
                        Box::pin(async move {
                            expiry.await;
                            Ok(())
                        }),
                    )],
                })
            }
        }
    }
}

/// Runs servers and background loops; the first to fail stops them all.
pub struct Supervisor {
    tasks: JoinSet<(String, anyhow::Result<()>)>,
    shutdown: CancellationToken,
}

impl Supervisor {
    pub fn new(shutdown: CancellationToken) -> Self {
        Supervisor { tasks: JoinSet::new(), shutdown }
    }

    pub fn serve(&mut self, name: &str, listener: TcpListener, started: Started) {
        let shutdown = self.shutdown.clone();
        let server = async move {
            jobgraph_shared::server::serve(listener, started.router, shutdown).await?;
            Ok(())
        };
        self.spawn(format!("{name} server"), Box::pin(server));
        for (task, future) in started.background {
            self.spawn(format!("{name} {task}"), future);
        }
    }

    fn spawn(&mut self, name: String, task: Task) {
        let shutdown = self.shutdown.clone();
        self.tasks.spawn(async move {
            let result = task.await;
            // Whatever ends first (cleanly or not) while others run ends the process.
            shutdown.cancel();
            (name, result)
        });
    }

    /// Waits for every task; the first error is returned.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let mut first_error = None;
        while let Some(joined) = self.tasks.join_next().await {
            let (name, result) = joined?;
            if let Err(error) = result {
                tracing::error!(task = %name, ?error, "task failed");
                first_error.get_or_insert(error.context(name));
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}
