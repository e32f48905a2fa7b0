use std::sync::Arc;
use std::time::Duration;

use jobgraph_migrations::users::Migrator;
use jobgraph_shared::auth::{Role, SigningKey, TokenSettings};
use jobgraph_shared::testing::{Backend, GraphqlClient, StatementLog, TestDatabase, data};
use jobgraph_users::UsersService;
use jobgraph_users::domain::login_throttle::LoginThrottle;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub client: GraphqlClient,
    pub db: DatabaseConnection,
    pub service: UsersService,
    pub statements: StatementLog,
    _database: TestDatabase,
}

/// A signed-in account.
pub struct Account {
    pub id: String,
    pub access: String,
    pub refresh: String,
}

pub fn settings() -> TokenSettings {
    TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(Backend::Postgres).await
    }

    pub async fn spawn_on(backend: Backend) -> Self {
        Self::spawn_with(backend, Default::default()).await
    }

    pub async fn spawn_with(backend: Backend, login_throttle: LoginThrottle) -> Self {
        let database = TestDatabase::migrated::<Migrator>(backend, "users").await;
        let mut db = database.connect().await;
        let statements = StatementLog::attach(&mut db);
        let service = UsersService {
            db: db.clone(),
            signing_key: Arc::new(SigningKey::generate().unwrap()),
            tokens: settings(),
            access_token_ttl: Duration::from_secs(900),
            refresh_token_ttl: Duration::from_secs(86_400),
            login_throttle,
        };
        let client = GraphqlClient::new(jobgraph_users::router(service.clone(), Default::default()));
        TestApp { client, db, service, statements, _database: database }
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.client.query(query, variables, token).await
    }

    pub async fn register(&self, email: &str, role: Role) -> Account {
        let response = self
            .gql(
                "mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }",
                json!({ "input": { "email": email, "password": PASSWORD, "firstName": "Test", "lastName": "Person", "role": role } }),
                None,
            )
            .await;
        let payload = &data(&response)["register"];
        Account {
            id: payload["user"]["id"].as_str().unwrap().to_string(),
            access: payload["accessToken"].as_str().unwrap().to_string(),
            refresh: payload["refreshToken"].as_str().unwrap().to_string(),
        }
    }

    /// The events recorded in the outbox, oldest first.
    pub async fn recorded_events(&self) -> Vec<jobgraph_shared::events::Envelope> {
        use jobgraph_shared::events::outbox::entity as outbox;
        use sea_orm::{EntityTrait as _, QueryOrder as _};
        let rows = outbox::Entity::find().order_by_asc(outbox::Column::Id).all(&self.db).await.unwrap();
        rows.iter().map(|row| serde_json::from_str(&row.payload).unwrap()).collect()
    }

    pub async fn admin(&self) -> Account {
        jobgraph_users::domain::accounts::create_admin(&self.db, "root@example.com", PASSWORD, "Root", "Admin")
            .await
            .unwrap();
        self.login("root@example.com", PASSWORD).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Account {
        let response = self
            .gql(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { id } } }",
                json!({ "e": email, "p": password }),
                None,
            )
            .await;
        let payload = &data(&response)["login"];
        Account {
            id: payload["user"]["id"].as_str().unwrap().to_string(),
            access: payload["accessToken"].as_str().unwrap().to_string(),
            refresh: payload["refreshToken"].as_str().unwrap().to_string(),
        }
    }

    /// The callers of a permission matrix: anonymous, a job seeker, an
    /// employer, and an admin (tokens; `None` is anonymous).
    pub async fn cast(&self) -> Cast {
        Cast {
            seeker: self.register("seeker@example.com", Role::JobSeeker).await,
            employer: self.register("employer@example.com", Role::Employer).await,
            admin: self.admin().await,
        }
    }
}

pub struct Cast {
    pub seeker: Account,
    pub employer: Account,
    pub admin: Account,
}
