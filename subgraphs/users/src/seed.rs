//! Demo accounts for `jobgraph seed --demo`.

use chrono::Utc;
use jobgraph_shared::Result;
use jobgraph_shared::auth::Role;
use sea_orm::{DatabaseConnection, EntityTrait, Set, TransactionTrait, TryIntoModel as _};
use uuid::Uuid;

use crate::domain::password;
use crate::entities::{seeker_profile, user};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "jobgraph-demo";

/// A demo account made by [`seed_demo_users`].
#[derive(Clone, Debug)]
pub struct DemoUser {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
}

const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Barbara",
    "Dennis",
    "Ken",
    "Frances",
    "Radia",
    "Katherine",
    "Tim",
    "Hedy",
    "Edsger",
    "Donald",
    "Leslie",
    "Shafi",
    "Yukihiro",
    "Guido",
    "Sophie",
    "Mary",
    "John",
    "Anita",
    "Karen",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Liskov",
    "Ritchie",
    "Thompson",
    "Allen",
    "Perlman",
    "Johnson",
    "Berners-Lee",
    "Lamarr",
    "Dijkstra",
    "Knuth",
    "Lamport",
    "Goldwasser",
    "Matsumoto",
    "van Rossum",
    "Wilson",
    "Keller",
    "Backus",
    "Borg",
    "Jones",
];
const SKILLS: &[&str] =
    &["Rust", "Go", "TypeScript", "PostgreSQL", "Kafka", "GraphQL", "React", "Kubernetes", "Python", "AWS"];

/// Makes `seekers` job seekers, `employers` employers and one admin, all
/// with [`DEMO_PASSWORD`] (hashed once: hashing is slow on purpose).
/// `progress` is called after each account.
pub async fn seed_demo_users(
    db: &DatabaseConnection,
    seekers: usize,
    employers: usize,
    progress: impl Fn(),
) -> Result<Vec<DemoUser>> {
    let password_hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut made = Vec::with_capacity(seekers + employers + 1);
    let roles = std::iter::once(Role::Admin)
        .chain(std::iter::repeat_n(Role::Employer, employers))
        .chain(std::iter::repeat_n(Role::JobSeeker, seekers));
    let mut users = Vec::new();
    let mut profiles = Vec::new();
    for (n, role) in roles.enumerate() {
        let first = FIRST_NAMES[rng.usize(..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.usize(..LAST_NAMES.len())];
        let email = match role {
            Role::Admin => "admin@demo.jobgraph.dev".to_string(),
            Role::Employer => format!("employer{n}@demo.jobgraph.dev"),
            Role::JobSeeker => format!("seeker{n}@demo.jobgraph.dev"),
        };
        let id = Uuid::now_v7();
        let now = Utc::now();
        users.push(user::ActiveModel {
            id: Set(id),
            email: Set(email.clone()),
            password_hash: Set(password_hash.clone()),
            first_name: Set(first.to_string()),
            last_name: Set(last.to_string()),
            role: Set(role),
            phone: Set(None),
            date_of_birth: Set(None),
            avatar_url: Set(None),
            bio: Set(Some(format!("{first} {last}, demo account."))),
            locale: Set(None),
            is_verified: Set(rng.bool() || role == Role::Admin),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
        if role == Role::JobSeeker {
            let skills: Vec<&str> = (0..rng.usize(1..5)).map(|_| SKILLS[rng.usize(..SKILLS.len())]).collect();
            profiles.push(seeker_profile::ActiveModel {
                user_id: Set(id),
                headline: Set(Some(format!("{} engineer", skills[0]))),
                summary: Set(Some("Builds reliable services and enjoys hard problems.".into())),
                location: Set(Some(["Berlin", "London", "Lisbon", "Toronto", "Remote"][rng.usize(..5)].into())),
                years_experience: Set(Some(rng.i32(0..25))),
                skills: Set(serde_json::json!(skills)),
                linkedin_url: Set(None),
                github_url: Set(None),
                open_to_work: Set(rng.bool()),
                desired_salary_amount: Set(Some(rng.i64(40..160) * 1000)),
                desired_salary_currency: Set(Some("EUR".into())),
                desired_remote_policy: Set(None),
                updated_at: Set(now),
            });
        }
        made.push(DemoUser { id, email, name: format!("{first} {last}"), role });
        progress();
    }
    // One transaction: the accounts and their user.created events land together.
    let txn = db.begin().await?;
    for chunk in users.chunks(100) {
        user::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        for row in chunk {
            crate::domain::events::created(&txn, None, &row.clone().try_into_model()?).await?;
        }
    }
    for chunk in profiles.chunks(100) {
        seeker_profile::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(made)
}
