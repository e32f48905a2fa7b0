//! The module registry: each service is a name, its migrations, its SDL and
//! a start function returning its routes and background tasks (as Mimir's
//! modules are). `dev` starts them all; `subgraph NAME` starts one. One
//! supervisor stops the process when any of them fails.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use jobgraph_applications::domain::job_events::JobEvents;
use jobgraph_jobs::domain::user_events::UserEvents;
use jobgraph_notifications::domain::email::{EmailSettings, Mailer, Sender};
use jobgraph_notifications::domain::event_handler::NotificationEvents;
use jobgraph_shared::config::{AuthArgs, EventsArgs};
use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::{Consumer, Handler, Relay, RetryPolicy, Topic, Transport, bus::Bus};
use jobgraph_shared::server::Exposure;
use jobgraph_users::domain::application_events::ApplicationEvents;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Users,
    Jobs,
    Applications,
    Notifications,
    Search,
    Analytics,
}

/// Settings of the services that have their own.
#[derive(clap::Args, Clone, Debug)]
pub struct ServiceSettings {
    #[command(flatten)]
    pub jobs: JobsArgs,
    #[command(flatten)]
    pub notifications: NotificationsArgs,
    #[command(flatten)]
    pub search: SearchArgs,
    #[command(flatten)]
    pub analytics: AnalyticsArgs,
}

/// Settings of the analytics service.
#[derive(clap::Args, Clone, Debug)]
pub struct AnalyticsArgs {
    /// How long raw tracked events (and the rows that count visitors and
    /// active users once a day) are kept; the daily rollups stay forever.
    #[arg(long, env = "JOBGRAPH_ANALYTICS_RETENTION", default_value = "90days", value_parser = humantime::parse_duration)]
    pub analytics_retention: Duration,
}

/// Settings of the search service: where its index lives.
#[derive(clap::Args, Clone, Debug)]
pub struct SearchArgs {
    /// The replica's own index directory (memory-mapped; dev: <data dir>/search-index).
    #[arg(long, env = "JOBGRAPH_SEARCH_INDEX_DIR", default_value = "search-index")]
    pub search_index_dir: std::path::PathBuf,
    /// Synonym groups, one per line, comma separated (the shipped defaults without one).
    #[arg(long, env = "JOBGRAPH_SEARCH_SYNONYMS")]
    pub search_synonyms: Option<std::path::PathBuf>,
}

impl SearchArgs {
    fn synonyms(&self) -> anyhow::Result<jobgraph_search::synonyms::Synonyms> {
        use jobgraph_search::synonyms::Synonyms;
        let mut analyzer = jobgraph_search::index::fields::analyzer();
        Ok(match &self.search_synonyms {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|error| anyhow::anyhow!("reading {}: {error}", path.display()))?;
                Synonyms::parse(&text, &mut analyzer)?
            }
            None => Synonyms::defaults(&mut analyzer),
        })
    }

    fn open_index(&self) -> anyhow::Result<std::sync::Arc<jobgraph_search::SearchIndex>> {
        let location = jobgraph_search::Location::Directory(self.search_index_dir.clone());
        jobgraph_search::SearchIndex::open(&location, self.synonyms()?)
    }
}

/// Settings of the notifications service: where email goes.
#[derive(clap::Args, Clone, Debug)]
pub struct NotificationsArgs {
    /// SMTP server for email: smtp://host:port, smtp://user:pass@host:587?tls=required, smtps://...
    #[arg(long, env = "JOBGRAPH_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Without an SMTP server, email is written to .eml files here (dev: <data dir>/mail).
    #[arg(long, env = "JOBGRAPH_MAIL_DIR")]
    pub mail_dir: Option<std::path::PathBuf>,
    /// The From of every email.
    #[arg(long, env = "JOBGRAPH_MAIL_FROM", default_value = "Jobgraph <no-reply@jobgraph.localhost>")]
    pub mail_from: String,
    /// Attempts at one email before it is FAILED.
    #[arg(long, env = "JOBGRAPH_EMAIL_ATTEMPTS", default_value_t = 5)]
    pub email_attempts: i32,
    /// Wait before the first retry of an email; doubled for each next one.
    #[arg(long, env = "JOBGRAPH_EMAIL_BACKOFF", default_value = "30s", value_parser = humantime::parse_duration)]
    pub email_backoff: Duration,
}

impl NotificationsArgs {
    fn mailer(&self) -> anyhow::Result<Mailer> {
        match (&self.smtp_url, &self.mail_dir) {
            (Some(url), _) => Mailer::smtp(url),
            (None, Some(dir)) => Mailer::files(dir.clone()),
            (None, None) => {
                anyhow::bail!("notifications sends email: set JOBGRAPH_SMTP_URL (or JOBGRAPH_MAIL_DIR for files)")
            }
        }
    }

    fn email_settings(&self) -> anyhow::Result<EmailSettings> {
        Ok(EmailSettings {
            from: self.mail_from.parse().map_err(|error| anyhow::anyhow!("JOBGRAPH_MAIL_FROM: {error}"))?,
            attempts: self.email_attempts.max(1),
            backoff: self.email_backoff,
            ..EmailSettings::default()
        })
    }
}

/// Settings of the jobs service.
#[derive(clap::Args, Clone, Debug)]
pub struct JobsArgs {
    /// How often the expiry scheduler looks for published jobs past their expiry.
    #[arg(long, env = "JOBGRAPH_JOB_EXPIRY_INTERVAL", default_value = "60s", value_parser = humantime::parse_duration)]
    pub job_expiry_interval: Duration,
}

type Task = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// The event backbone a process runs on: Kafka, or dev's in-process bus.
pub struct Backbone {
    pub transport: Transport,
    pub settings: EventsArgs,
}

impl Backbone {
    pub fn bus(settings: EventsArgs) -> Self {
        Backbone { transport: Transport::Bus(Bus::new()), settings }
    }

    /// Connects to Kafka and creates the topics (and their `.dlq`) where missing.
    pub async fn kafka(settings: EventsArgs) -> anyhow::Result<Self> {
        let kafka = Kafka::connect(&settings)?;
        if settings.kafka_create_topics {
            kafka.ensure_topics(&Topic::ALL).await?;
        }
        Ok(Backbone { transport: Transport::Kafka(Arc::new(kafka)), settings })
    }

    fn relay(
        &self,
        service: &'static str,
        db: DatabaseConnection,
        shutdown: CancellationToken,
    ) -> (Arc<Notify>, (&'static str, Task)) {
        let relay = Relay::new(db, service, self.transport.clone()).with_settings(&self.settings);
        (relay.waker(), ("outbox relay", Box::pin(relay.run(shutdown))))
    }

    pub fn consumer<H: Handler>(&self, service: &'static str, db: DatabaseConnection, handler: H) -> Consumer<H> {
        Consumer::new(service, db, handler, self.transport.clone(), RetryPolicy::from_args(&self.settings))
            .with_settings(&self.settings)
    }

    /// The service's consumer, waking its relay after each commit.
    fn consume<H: Handler>(
        &self,
        service: &'static str,
        db: DatabaseConnection,
        handler: H,
        relay: &Arc<Notify>,
        shutdown: CancellationToken,
    ) -> (&'static str, Task) {
        let consumer = self.consumer(service, db, handler).waking(relay.clone());
        ("event consumer", Box::pin(consumer.run(shutdown)))
    }
}

/// A started service: its routes, and the background loops it runs until shutdown.
pub struct Started {
    pub router: axum::Router,
    pub background: Vec<(&'static str, Task)>,
}

impl Service {
    pub const ALL: [Service; 6] = [
        Service::Users,
        Service::Jobs,
        Service::Applications,
        Service::Notifications,
        Service::Search,
        Service::Analytics,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Service::Users => "users",
            Service::Jobs => "jobs",
            Service::Applications => "applications",
            Service::Notifications => "notifications",
            Service::Search => "search",
            Service::Analytics => "analytics",
        }
    }

    pub async fn migrate(self, url: &str) -> anyhow::Result<()> {
        use jobgraph_migrations::{analytics, applications, jobs, notifications, search, users};
        match self {
            Service::Users => jobgraph_shared::db::migrate::<users::Migrator>(url, self.name()).await,
            Service::Jobs => jobgraph_shared::db::migrate::<jobs::Migrator>(url, self.name()).await,
            Service::Applications => jobgraph_shared::db::migrate::<applications::Migrator>(url, self.name()).await,
            Service::Notifications => jobgraph_shared::db::migrate::<notifications::Migrator>(url, self.name()).await,
            Service::Search => jobgraph_shared::db::migrate::<search::Migrator>(url, self.name()).await,
            Service::Analytics => jobgraph_shared::db::migrate::<analytics::Migrator>(url, self.name()).await,
        }
    }

    pub fn sdl(self) -> String {
        match self {
            Service::Users => jobgraph_users::sdl(),
            Service::Jobs => jobgraph_jobs::sdl(),
            Service::Applications => jobgraph_applications::sdl(),
            Service::Notifications => jobgraph_notifications::sdl(),
            Service::Search => jobgraph_search::sdl(),
            Service::Analytics => jobgraph_analytics::sdl(),
        }
    }

    pub fn start(
        self,
        db: DatabaseConnection,
        auth: &AuthArgs,
        settings: &ServiceSettings,
        backbone: &Backbone,
        exposure: &Exposure,
        shutdown: CancellationToken,
    ) -> anyhow::Result<Started> {
        let (relay_waker, relay) = backbone.relay(self.name(), db.clone(), shutdown.clone());
        match self {
            Service::Users => {
                let service = jobgraph_users::UsersService {
                    db,
                    signing_key: Arc::new(auth.signing_key()?),
                    tokens: auth.token_settings(),
                    access_token_ttl: auth.access_token_ttl,
                    refresh_token_ttl: auth.refresh_token_ttl,
                    login_throttle: Default::default(),
                };
                let consumer =
                    backbone.consume(self.name(), service.db.clone(), ApplicationEvents, &relay_waker, shutdown);
                Ok(Started {
                    router: jobgraph_users::router(service, exposure.clone()),
                    background: vec![relay, consumer],
                })
            }
            Service::Jobs => {
                let service = jobgraph_jobs::JobsService::new(db.clone());
                let consumer = backbone.consume(self.name(), db.clone(), UserEvents, &relay_waker, shutdown.clone());
                let expiry = jobgraph_jobs::domain::expiry::run(db, settings.jobs.job_expiry_interval, shutdown);
                let expiry: Task = Box::pin(async move {
                    expiry.await;
                    Ok(())
                });
                Ok(Started {
                    router: jobgraph_jobs::router(service, auth.verifier()?, exposure.clone()),
                    background: vec![("job expiry", expiry), relay, consumer],
                })
            }
            Service::Applications => {
                let service = jobgraph_applications::ApplicationsService::new(db.clone());
                let consumer = backbone.consume(self.name(), db, JobEvents, &relay_waker, shutdown);
                Ok(Started {
                    router: jobgraph_applications::router(service, auth.verifier()?, exposure.clone()),
                    background: vec![relay, consumer],
                })
            }
            Service::Notifications => {
                let service = jobgraph_notifications::NotificationsService::new(db.clone());
                let handler = NotificationEvents::new(service.clock.clone()).telling(service.live.clone());
                let consumer = backbone.consume(self.name(), db.clone(), handler, &relay_waker, shutdown.clone());
                let mailer = settings.notifications.mailer()?;
                tracing::info!(to = %mailer.describe(), "email goes out");
                let sender = Sender {
                    db,
                    mailer,
                    settings: settings.notifications.email_settings()?,
                    clock: service.clock.clone(),
                };
                let sender: Task = Box::pin(sender.run(shutdown.clone()));
                // Every replica hears every new notification, for its own subscribers.
                let fanout: Task = Box::pin(service.live.clone().run_fanout(backbone.transport.clone(), shutdown));
                Ok(Started {
                    router: jobgraph_notifications::router(service, auth.verifier()?, exposure.clone()),
                    background: vec![relay, consumer, ("email sender", sender), ("live fan-out", fanout)],
                })
            }
            Service::Search => {
                let index = settings.search.open_index()?;
                // Each replica fills its own index, in its own consumer group,
                // and matches the jobs it newly finds against the saved searches.
                let feed = jobgraph_search::index::feed::run(
                    index.clone(),
                    db.clone(),
                    backbone.transport.clone(),
                    shutdown.clone(),
                );
                let feed: Task = Box::pin(feed);
                let revocations = jobgraph_search::user_events::UserEvents;
                let consumer = backbone.consume(self.name(), db.clone(), revocations, &relay_waker, shutdown);
                let service = jobgraph_search::SearchService { index, db };
                Ok(Started {
                    router: jobgraph_search::router(service, auth.verifier()?, exposure.clone()),
                    background: vec![relay, consumer, ("index feed", feed)],
                })
            }
            Service::Analytics => {
                let service = jobgraph_analytics::AnalyticsService { db: db.clone() };
                let consumer = backbone.consume(
                    self.name(),
                    db.clone(),
                    jobgraph_analytics::rollups::AnalyticsEvents,
                    &relay_waker,
                    shutdown.clone(),
                );
                let retention = settings.analytics.analytics_retention;
                let hourly = Duration::from_secs(3600);
                let pruning: Task = Box::pin(async move {
                    jobgraph_analytics::retention::run(db, retention, hourly, shutdown).await;
                    Ok(())
                });
                Ok(Started {
                    router: jobgraph_analytics::router(service, auth.verifier()?, exposure.clone()),
                    background: vec![relay, consumer, ("analytics pruning", pruning)],
                })
            }
        }
    }
}

impl Service {
    /// Rebuilds the service's event-fed caches (search: its index) from the topics' beginning.
    pub async fn replay(
        self,
        db: DatabaseConnection,
        backbone: &Backbone,
        settings: &ServiceSettings,
        progress: impl Fn(u64, u64),
    ) -> anyhow::Result<u64> {
        let Transport::Kafka(kafka) = &backbone.transport else {
            anyhow::bail!("replay reads Kafka: set KAFKA_BROKERS");
        };
        match self {
            Service::Users => {
                let consumer = backbone.consumer(self.name(), db.clone(), ApplicationEvents);
                jobgraph_shared::events::replay::replay(&db, &consumer, kafka, progress).await
            }
            Service::Jobs => {
                let consumer = backbone.consumer(self.name(), db.clone(), UserEvents);
                jobgraph_shared::events::replay::replay(&db, &consumer, kafka, progress).await
            }
            Service::Applications => {
                let consumer = backbone.consumer(self.name(), db.clone(), JobEvents);
                jobgraph_shared::events::replay::replay(&db, &consumer, kafka, progress).await
            }
            Service::Notifications => {
                let clock = std::sync::Arc::new(jobgraph_notifications::domain::SystemClock);
                let consumer = backbone.consumer(self.name(), db.clone(), NotificationEvents::new(clock));
                jobgraph_shared::events::replay::replay(&db, &consumer, kafka, progress).await
            }
            Service::Search => {
                let synonyms = settings.search.synonyms()?;
                let dir = &settings.search.search_index_dir;
                jobgraph_search::index::feed::rebuild(dir, synonyms, kafka, progress).await
            }
            Service::Analytics => {
                let consumer = backbone.consumer(self.name(), db.clone(), jobgraph_analytics::rollups::AnalyticsEvents);
                jobgraph_shared::events::replay::replay(&db, &consumer, kafka, progress).await
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

    /// Serves a router of its own (no background tasks): the web client.
    pub fn serve_app(&mut self, name: &str, listener: TcpListener, app: axum::Router) {
        self.serve(name, listener, Started { router: app, background: Vec::new() });
    }

    /// Runs until SIGINT or SIGTERM, or until a task ends; then waits for
    /// every task to stop and returns the first error.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        tokio::select! {
            _ = jobgraph_shared::server::cancel_on_signal(self.shutdown.clone()) => {},
            _ = self.shutdown.cancelled() => {},
        }
        self.wait().await
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
