use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jobgraph_migrations::notifications::Migrator;
use jobgraph_notifications::NotificationsService;
use jobgraph_notifications::domain::email::{EmailSettings, Mailer, Sender};
use jobgraph_notifications::domain::event_handler::NotificationEvents;
use jobgraph_notifications::domain::{Clock as _, ManualClock};
use jobgraph_notifications::entities::enums::Channel;
use jobgraph_notifications::entities::notification;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings, TokenVerifier};
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::outbox::entity as outbox;
use jobgraph_shared::events::payloads::{
    ApplicationStatusChanged, ApplicationSubmitted, JobCreated, JobSnapshot, UserCreated, UserSnapshot,
};
use jobgraph_shared::events::{Consumer, Envelope, Event, Mode, RetryPolicy, Topic, Transport};
use jobgraph_shared::testing::{Backend, GraphqlClient, StatementLog, TestDatabase, user_snapshot};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

pub struct TestApp {
    pub client: GraphqlClient,
    /// The routes the client calls, for streaming requests.
    pub router: axum::Router,
    /// This process's subscribers, which the consumer tells of what it made.
    pub live: jobgraph_notifications::domain::live::Live,
    pub db: DatabaseConnection,
    /// The statements run on `db` and its clones (the consumer's among them).
    pub statements: StatementLog,
    pub clock: ManualClock,
    key: SigningKey,
    consumer: Consumer<NotificationEvents>,
    _database: TestDatabase,
}

/// A caller: a user id and a token signed as users would sign it.
#[derive(Clone)]
pub struct Actor {
    pub id: Uuid,
    pub token: String,
}

/// Everybody a permission rule is tried as.
pub struct Cast {
    pub user: Actor,
    pub other: Actor,
    pub admin: Actor,
}

impl Cast {
    /// (who, token) for every caller, anonymous first.
    pub fn everyone(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("anonymous", None),
            ("user", Some(self.user.token.as_str())),
            ("other user", Some(self.other.token.as_str())),
            ("admin", Some(self.admin.token.as_str())),
        ]
    }
}

fn settings() -> TokenSettings {
    TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
}

/// Noon UTC on a Thursday: far from midnight, so a test's day does not turn by itself.
pub fn noon() -> DateTime<Utc> {
    "2026-12-03T12:00:00Z".parse().unwrap()
}

impl TestApp {
    pub async fn spawn() -> Self {
        let database = TestDatabase::migrated::<Migrator>(Backend::Postgres, "notifications").await;
        let mut db = database.connect().await;
        let statements = StatementLog::attach(&mut db);
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let clock = ManualClock::at(noon());
        let service = NotificationsService::new(db.clone()).with_clock(Arc::new(clock.clone()));
        let live = service.live.clone();
        let router = jobgraph_notifications::router(service, verifier, Default::default());
        let client = GraphqlClient::new(router.clone());
        let retry = RetryPolicy { attempts: 2, backoff: Duration::from_millis(1) };
        let handler = NotificationEvents::new(Arc::new(clock.clone())).telling(live.clone());
        let consumer = Consumer::new("notifications", db.clone(), handler, Transport::Bus(Bus::new()), retry);
        TestApp { client, router, live, db, statements, clock, key, consumer, _database: database }
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.client.query(query, variables, token).await
    }

    /// A signed-in user known to notifications through user.created (welcomed).
    pub async fn user(&self, role: Role) -> Actor {
        let actor = self.actor(role);
        let mut user = user_snapshot(actor.id, self.clock.now());
        user.role = format!("{role:?}").to_uppercase();
        user.first_name = format!("First{}", &actor.id.simple().to_string()[24..]);
        self.deliver(&UserCreated { user }, Some(actor.id)).await;
        actor
    }

    /// A token for a user notifications has heard nothing of.
    pub fn actor(&self, role: Role) -> Actor {
        self.actor_for(Uuid::now_v7(), role, Duration::from_secs(600))
    }

    fn actor_for(&self, id: Uuid, role: Role, ttl: Duration) -> Actor {
        let (token, _) = self.key.sign(&settings(), id, role, Utc::now(), ttl).unwrap();
        Actor { id, token }
    }

    /// A user known to notifications whose token expires after `ttl`.
    pub async fn user_with_token_ttl(&self, role: Role, ttl: Duration) -> Actor {
        let known = self.user(role).await;
        self.actor_for(known.id, role, ttl)
    }

    pub async fn cast(&self) -> Cast {
        Cast {
            user: self.user(Role::JobSeeker).await,
            other: self.user(Role::JobSeeker).await,
            admin: self.user(Role::Admin).await,
        }
    }

    pub fn envelope<E: Event>(&self, event: &E, actor: Option<Uuid>) -> Envelope {
        Envelope::new("test", actor, event).unwrap()
    }

    /// Delivers `event`, done by `actor`, to the consumer, live.
    pub async fn deliver<E: Event>(&self, event: &E, actor: Option<Uuid>) {
        self.deliver_envelope(&self.envelope(event, actor), Mode::Live).await;
    }

    pub async fn deliver_envelope(&self, envelope: &Envelope, mode: Mode) {
        self.deliver_batch(std::slice::from_ref(envelope), mode).await;
    }

    /// Delivers `envelopes` to the consumer as one batch, as the broker hands them over.
    pub async fn deliver_batch(&self, envelopes: &[Envelope], mode: Mode) {
        let deliveries: Vec<_> = envelopes
            .iter()
            .map(|envelope| {
                let topic = match envelope.event_type.split('.').next() {
                    Some("user") => Topic::Users,
                    Some("job" | "company") => Topic::Jobs,
                    Some("search") => Topic::Search,
                    _ => Topic::Applications,
                };
                jobgraph_shared::events::Delivery {
                    topic: topic.name().into(),
                    partition: 0,
                    offset: 0,
                    key: Some(envelope.aggregate_id.to_string()),
                    payload: serde_json::to_vec(envelope).unwrap(),
                    headers: vec![],
                }
            })
            .collect();
        assert!(self.consumer.handle_batch(&deliveries, mode, &CancellationToken::new()).await);
    }

    /// A published job of `owner`, known through job.created.
    pub async fn job(&self, owner: &Actor, title: &str) -> JobSnapshot {
        let mut job = job_snapshot(owner.id);
        job.title = title.into();
        self.deliver(&JobCreated { job: job.clone() }, Some(owner.id)).await;
        job
    }

    /// `seeker` applies to `job`; returns the application's id.
    pub async fn applied(&self, seeker: &Actor, job: &JobSnapshot) -> Uuid {
        let application_id = Uuid::now_v7();
        let submitted = ApplicationSubmitted {
            application_id,
            job_id: job.id,
            company_id: job.company_id,
            applicant_id: seeker.id,
            job_owner_id: job.owner_id,
            job_title: job.title.clone(),
            submitted_at: self.clock.now(),
            source: None,
        };
        self.deliver(&submitted, Some(seeker.id)).await;
        application_id
    }

    /// The employer moves an application.
    pub async fn moved(
        &self,
        employer: &Actor,
        seeker: &Actor,
        job: &JobSnapshot,
        application: Uuid,
        from: &str,
        to: &str,
    ) {
        let changed = ApplicationStatusChanged {
            application_id: application,
            job_id: job.id,
            applicant_id: seeker.id,
            from: from.into(),
            to: to.into(),
            reason: None,
            at: self.clock.now(),
        };
        self.deliver(&changed, Some(employer.id)).await;
    }

    /// Every notification of `user` on `channel`, oldest first.
    pub async fn notifications_of(&self, user: &Actor, channel: Channel) -> Vec<notification::Model> {
        notification::Entity::find()
            .filter(notification::Column::UserId.eq(user.id))
            .filter(notification::Column::Channel.eq(channel))
            .order_by_asc(notification::Column::CreatedAt)
            .order_by_asc(notification::Column::Id)
            .all(&self.db)
            .await
            .unwrap()
    }

    /// The events recorded in the outbox, oldest first.
    pub async fn recorded_events(&self) -> Vec<Envelope> {
        let rows = outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&self.db).await.unwrap();
        rows.iter().map(|row| serde_json::from_str(&row.payload).unwrap()).collect()
    }

    /// An email sender over `mailer`, on the test's clock.
    pub fn sender(&self, mailer: Mailer) -> Sender {
        let settings = EmailSettings { attempts: 3, backoff: Duration::from_secs(60), ..EmailSettings::default() };
        Sender { db: self.db.clone(), mailer, settings, clock: Arc::new(self.clock.clone()) }
    }
}

/// A user as users' events describe them.
pub fn person(id: Uuid, at: DateTime<Utc>) -> UserSnapshot {
    user_snapshot(id, at)
}

/// A published job as jobs' events describe it.
pub fn job_snapshot(owner: Uuid) -> JobSnapshot {
    jobgraph_shared::testing::job_snapshot(owner, noon())
}

/// A real SMTP server (Debian's python3-aiosmtpd) storing what it receives
/// in a maildir; stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    maildir: PathBuf,
    child: Child,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        SmtpServer::start_on(port)
    }

    pub fn start_on(port: u16) -> SmtpServer {
        let maildir = std::env::temp_dir().join(format!("jobgraph-smtp-{}", Uuid::now_v7().simple()));
        for part in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(maildir.join(part)).unwrap();
        }
        let python = std::env::var("AIOSMTPD_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/test installs python3-aiosmtpd)");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "aiosmtpd did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        SmtpServer { port, maildir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else { return Vec::new() };
        entries.filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}
