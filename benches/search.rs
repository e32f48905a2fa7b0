//! Search's figures, against PostgreSQL full text over the same corpus in
//! the same run: indexing throughput from events, index size against the
//! raw text, p50/p99 latency of the subgraph's search alone and QPS at 4
//! concurrent clients, for one word, two words, a typo and a prefix, each
//! without and with three facets and a filter.
//!
//!     cargo bench --bench search                      (100,000 jobs)
//!     SEARCH_BENCH_JOBS=1000000 cargo bench --bench search
//!
//! Goals on 1M jobs on the 2-core machine: p99 <= 20 ms for two words with
//! facets; >= 10x PostgreSQL's QPS on the same queries; indexing >= 10,000
//! jobs/s from events; the index <= 1.5x the raw text; a job searchable
//! within 1 s of its event (p99).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use jobgraph_search::search::{Facet, JobFilter, JobSearch};
use jobgraph_search::synonyms::Synonyms;
use jobgraph_search::{Location, SearchIndex};
use jobgraph_shared::events::bus::Bus;
use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanySnapshot, JobCreated, JobSkillRef, JobSnapshot, Place, SalarySnapshot,
};
use jobgraph_shared::events::{Envelope, Event, Message, Topic, Transport};
use jobgraph_shared::testing::{Backend, TestDatabase, company_snapshot, job_snapshot, percentile};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const COMPANIES: usize = 2_000;
/// Events per index commit, as the feed reads them.
const FEED_BATCH: usize = 2_000;
const LATENCY_RUNS: usize = 200;
const QPS_CLIENTS: usize = 4;
const QPS_SECONDS: u64 = 5;
/// Jobs timed from their event to being searchable.
const NRT_JOBS: usize = 200;

const ROLES: &[&str] = &[
    "Software Engineer",
    "Backend Developer",
    "Frontend Developer",
    "Data Engineer",
    "Data Scientist",
    "Product Manager",
    "DevOps Engineer",
    "Site Reliability Engineer",
    "Rust Developer",
    "Java Developer",
    "Python Developer",
    "Mobile Developer",
    "QA Engineer",
    "Security Engineer",
    "Machine Learning Engineer",
    "Engineering Manager",
    "UX Designer",
    "Technical Writer",
    "Sales Engineer",
    "Support Engineer",
    "Platform Engineer",
    "Kubernetes Administrator",
    "Database Administrator",
    "Solutions Architect",
    "Marketing Manager",
    "Accountant",
    "Recruiter",
    "Nurse",
    "Electrician",
    "Warehouse Operator",
];
const LEVELS: &[(&str, &str)] =
    &[("Junior", "JUNIOR"), ("", "MID"), ("Senior", "SENIOR"), ("Lead", "LEAD"), ("Principal", "LEAD"), ("", "ENTRY")];
const SKILLS: &[&str] = &[
    "Rust",
    "Go",
    "Java",
    "Kotlin",
    "Python",
    "TypeScript",
    "JavaScript",
    "React",
    "Vue",
    "Angular",
    "Node.js",
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kafka",
    "Kubernetes",
    "Docker",
    "Terraform",
    "AWS",
    "GCP",
    "Azure",
    "Linux",
    "GraphQL",
    "gRPC",
    "Spark",
    "Airflow",
    "dbt",
    "Pandas",
    "PyTorch",
    "TensorFlow",
    "Swift",
    "C++",
    "C#",
    ".NET",
    "Ruby",
    "Rails",
    "PHP",
    "Laravel",
    "Elixir",
    "Scala",
    "Figma",
    "SQL",
    "Excel",
    "Salesforce",
    "SAP",
    "Tableau",
    "Jira",
    "Git",
    "CI/CD",
    "Ansible",
];
const CITIES: &[(&str, &str, f64, f64)] = &[
    ("Berlin", "DE", 52.52, 13.405),
    ("Munich", "DE", 48.137, 11.575),
    ("Hamburg", "DE", 53.551, 9.993),
    ("Frankfurt", "DE", 50.110, 8.682),
    ("Cologne", "DE", 50.937, 6.960),
    ("Vienna", "AT", 48.208, 16.373),
    ("Zurich", "CH", 47.376, 8.541),
    ("Amsterdam", "NL", 52.367, 4.904),
    ("Paris", "FR", 48.856, 2.352),
    ("Lyon", "FR", 45.764, 4.835),
    ("London", "GB", 51.507, -0.127),
    ("Manchester", "GB", 53.480, -2.242),
    ("Dublin", "IE", 53.349, -6.260),
    ("Madrid", "ES", 40.416, -3.703),
    ("Barcelona", "ES", 41.385, 2.173),
    ("Lisbon", "PT", 38.722, -9.139),
    ("Milan", "IT", 45.464, 9.190),
    ("Stockholm", "SE", 59.329, 18.068),
    ("Copenhagen", "DK", 55.676, 12.568),
    ("Warsaw", "PL", 52.229, 21.012),
    ("Prague", "CZ", 50.075, 14.437),
    ("New York", "US", 40.712, -74.006),
    ("San Francisco", "US", 37.774, -122.419),
    ("Austin", "US", 30.267, -97.743),
    ("Toronto", "CA", 43.653, -79.383),
];
const EMPLOYMENT: &[&str] =
    &["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACT", "FREELANCE", "INTERNSHIP", "TEMPORARY"];
const REMOTE: &[&str] = &["ON_SITE", "HYBRID", "HYBRID", "REMOTE"];

/// Words with a natural (Zipf) frequency: a few very common, a long tail of rare ones.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(size: usize) -> Self {
        const COMMON: &[&str] = &[
            "the",
            "and",
            "to",
            "of",
            "a",
            "in",
            "you",
            "we",
            "our",
            "with",
            "for",
            "team",
            "will",
            "work",
            "on",
            "is",
            "are",
            "as",
            "your",
            "experience",
            "be",
            "build",
            "product",
            "customers",
            "data",
            "systems",
            "help",
            "development",
            "across",
            "new",
            "strong",
            "skills",
            "ability",
            "software",
            "design",
            "growth",
            "culture",
        ];
        let syllables = [
            "ka", "lo", "mi", "ren", "tor", "va", "sel", "qui", "dra", "pen", "nus", "bel", "cor", "fi", "gan", "hul",
            "jex", "mor", "pli", "zet",
        ];
        let mut words: Vec<String> = COMMON.iter().map(|word| word.to_string()).collect();
        let mut rng = fastrand::Rng::with_seed(7);
        while words.len() < size {
            let length = 2 + rng.usize(..3);
            let word: String = (0..length).map(|_| syllables[rng.usize(..syllables.len())]).collect();
            words.push(word);
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.07);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut fastrand::Rng) -> &str {
        let target = rng.f64() * self.cumulative.last().copied().unwrap_or(1.0);
        let at = self.cumulative.partition_point(|&c| c < target).min(self.words.len() - 1);
        &self.words[at]
    }
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// A realistic job: a role title, skills, a place, a salary and a description of 200-400 words.
fn generate_job(rng: &mut fastrand::Rng, vocabulary: &Vocabulary, company: &CompanySnapshot) -> JobSnapshot {
    let published = Utc::now() - chrono::Duration::minutes(rng.i64(0..60 * 24 * 90));
    let mut job = job_snapshot(company.owner_id, published);
    job.company_id = company.id;
    let role = *pick(rng, ROLES);
    let (level, level_code) = *pick(rng, LEVELS);
    job.title = if level.is_empty() { role.to_string() } else { format!("{level} {role}") };
    job.experience_level = level_code.into();
    job.employment_type = pick(rng, EMPLOYMENT).to_string();
    job.remote_policy = pick(rng, REMOTE).to_string();
    let skill_count = 3 + rng.usize(..4);
    let mut skills: Vec<&str> = Vec::new();
    while skills.len() < skill_count {
        let skill = *pick(rng, SKILLS);
        if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    job.skills = skills
        .iter()
        .map(|name| JobSkillRef { id: Uuid::nil(), name: name.to_string(), required: rng.bool() })
        .collect();
    let (city, country, lat, lon) = *pick(rng, CITIES);
    job.locations =
        vec![Place { city: city.into(), region: None, country_code: country.into(), lat: Some(lat), lon: Some(lon) }];
    if rng.u8(..10) < 8 {
        let low = 30_000 + 1_000 * rng.i64(0..90);
        let currency = if country == "US" || country == "CA" {
            "USD"
        } else if country == "GB" {
            "GBP"
        } else {
            "EUR"
        };
        job.salary = Some(SalarySnapshot {
            min: low,
            max: low + 10_000 + 1_000 * rng.i64(0..40),
            currency: currency.into(),
            period: "YEAR".into(),
            yearly_min: low,
            yearly_max: low + 10_000 + 1_000 * rng.i64(0..40),
        });
    }
    let words = 200 + rng.usize(..200);
    let mut description = String::with_capacity(words * 7);
    for index in 0..words {
        if index % 40 == 7 {
            description.push_str(skills[rng.usize(..skills.len())]);
        } else if index % 60 == 13 {
            description.push_str(role);
        } else {
            description.push_str(vocabulary.word(rng));
        }
        description.push(if index % 17 == 16 { '.' } else { ' ' });
    }
    job.description = description;
    job
}

/// The text a person wrote: what the index is compared against.
fn raw_text_bytes(job: &JobSnapshot, company: &str) -> usize {
    job.title.len()
        + job.description.len()
        + job.skills.iter().map(|skill| skill.name.len() + 1).sum::<usize>()
        + company.len()
        + job.locations.iter().map(|place| place.city.len() + place.country_code.len()).sum::<usize>()
}

fn envelope_bytes<E: Event>(event: &E) -> Vec<u8> {
    serde_json::to_vec(&Envelope::new("jobs", None, event).expect("an envelope")).expect("json")
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().filter_map(|entry| entry.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0)
}

struct Case {
    name: &'static str,
    /// What a seeker typed (tantivy) and its PostgreSQL tsquery form.
    query: &'static str,
    tsquery: &'static str,
    /// `websearch_to_tsquery` (words) or `to_tsquery` (a prefix).
    prefix: bool,
}

const CASES: &[Case] = &[
    Case { name: "one word", query: "kubernetes ", tsquery: "kubernetes", prefix: false },
    Case { name: "two words", query: "rust developer ", tsquery: "rust developer", prefix: false },
    Case { name: "a typo", query: "devloper ", tsquery: "devloper", prefix: false },
    Case { name: "a prefix", query: "kubern", tsquery: "kubern:*", prefix: true },
];

fn tantivy_search(case: &Case, faceted: bool) -> JobSearch {
    JobSearch {
        query: Some(case.query.to_string()),
        filter: if faceted {
            JobFilter { remote_policies: vec!["REMOTE".into(), "HYBRID".into()], ..JobFilter::default() }
        } else {
            JobFilter::default()
        },
        first: Some(20),
        facets: if faceted { vec![Facet::EmploymentType, Facet::City, Facet::Skill] } else { vec![] },
        ..JobSearch::default()
    }
}

/// The statements PostgreSQL runs for one search: the page, the exact count and, faceted, three GROUP BYs.
fn postgres_statements(case: &Case, faceted: bool) -> Vec<String> {
    let tsquery = if case.prefix {
        format!("to_tsquery('english', '{}')", case.tsquery)
    } else {
        format!("websearch_to_tsquery('english', '{}')", case.tsquery)
    };
    let filter = if faceted { " AND remote_policy IN ('REMOTE', 'HYBRID')" } else { "" };
    let matches = format!("FROM bench_jobs WHERE tsv @@ {tsquery}{filter}");
    let mut statements = vec![
        format!("SELECT id, ts_rank(tsv, {tsquery}) AS rank {matches} ORDER BY rank DESC, id LIMIT 20"),
        format!("SELECT count(*) {matches}"),
    ];
    if faceted {
        for facet in ["employment_type", "city"] {
            statements
                .push(format!("SELECT {facet}, count(*) {matches} GROUP BY {facet} ORDER BY count(*) DESC LIMIT 20"));
        }
        statements.push(format!(
            "SELECT skill, count(*) FROM (SELECT unnest(skills) AS skill {matches}) s GROUP BY skill ORDER BY count(*) DESC LIMIT 20"
        ));
    }
    statements
}

async fn postgres_search(db: &DatabaseConnection, statements: &[String]) -> anyhow::Result<()> {
    for statement in statements {
        db.query_all(Statement::from_string(db.get_database_backend(), statement.clone())).await?;
    }
    Ok(())
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> anyhow::Result<()> {
    let total: usize = std::env::var("SEARCH_BENCH_JOBS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    println!(
        "search bench: {total} synthetic jobs of {COMPANIES} companies (descriptions of 200-400 words, Zipf vocabulary of 20,000 words)"
    );
    let vocabulary = Vocabulary::new(20_000);
    let mut rng = fastrand::Rng::with_seed(42);
    let companies: Vec<CompanySnapshot> = (0..COMPANIES)
        .map(|n| {
            let mut company = company_snapshot(Uuid::now_v7(), Uuid::now_v7(), Utc::now());
            company.name =
                format!("{} {}", vocabulary.words[100 + n * 3], ["Labs", "GmbH", "Systems", "Group", "Health"][n % 5]);
            company.is_verified = n % 3 == 0;
            company
        })
        .collect();

    // Indexing from events: envelopes as they arrive on the topic, parsed and applied in feed-sized batches.
    let dir = std::env::temp_dir().join(format!("jobgraph-search-bench-{}", Uuid::now_v7()));
    let index = SearchIndex::open(
        &Location::Directory(dir.clone()),
        Synonyms::defaults(&mut jobgraph_search::index::fields::analyzer()),
    )?;
    let company_events: Vec<Envelope> = companies
        .iter()
        .map(|company| Envelope::new("jobs", None, &CompanyCreated { company: company.clone() }).expect("envelope"))
        .collect();
    index.apply(&company_events)?;
    let mut raw_text = 0usize;
    let mut jobs_for_postgres: Vec<(JobSnapshot, String)> = Vec::with_capacity(total);
    let mut indexing = Duration::ZERO;
    let mut made = 0;
    while made < total {
        let count = FEED_BATCH.min(total - made);
        let payloads: Vec<Vec<u8>> = (0..count)
            .map(|_| {
                let company = &companies[rng.usize(..companies.len())];
                let job = generate_job(&mut rng, &vocabulary, company);
                raw_text += raw_text_bytes(&job, &company.name);
                let bytes = envelope_bytes(&JobCreated { job: job.clone() });
                jobs_for_postgres.push((job, company.name.clone()));
                bytes
            })
            .collect();
        let began = Instant::now();
        let events: Vec<Envelope> =
            payloads.iter().map(|payload| serde_json::from_slice(payload).expect("an envelope")).collect();
        index.apply(&events)?;
        indexing += began.elapsed();
        made += count;
    }
    let index_bytes = dir_size(&dir);
    println!(
        "indexing: {total} jobs in {:.1} s = {:.0} jobs/s (JSON envelopes parsed and applied, committed every {FEED_BATCH})",
        indexing.as_secs_f64(),
        total as f64 / indexing.as_secs_f64()
    );
    println!(
        "index size: {:.1} MB for {:.1} MB of raw text = {:.2}x (it also stores each job's snapshot, zstd)",
        index_bytes as f64 / 1e6,
        raw_text as f64 / 1e6,
        index_bytes as f64 / raw_text as f64
    );

    // Near real time: single jobs published on the bus while the feed runs, each
    // timed from its event to the first search that finds it.
    let search_db = TestDatabase::migrated::<jobgraph_migrations::search::Migrator>(Backend::Postgres, "search").await;
    let bus = Bus::new();
    let shutdown = CancellationToken::new();
    let feed = tokio::spawn(jobgraph_search::index::feed::run(
        index.clone(),
        search_db.connect().await,
        Transport::Bus(bus.clone()),
        shutdown.clone(),
    ));
    let mut visible_after = Vec::with_capacity(NRT_JOBS);
    for n in 0..NRT_JOBS {
        let company = &companies[n % companies.len()];
        let mut job = generate_job(&mut rng, &vocabulary, company);
        job.title = format!("Lighthouse{n} Keeper");
        let word = format!("lighthouse{n} ");
        let payload = envelope_bytes(&JobCreated { job: job.clone() });
        let began = Instant::now();
        bus.publish(&[Message { topic: Topic::Jobs.name().into(), key: job.id.to_string(), payload, headers: vec![] }]);
        let search = JobSearch { query: Some(word), ..JobSearch::default() };
        while index.search_jobs(&search).map(|found| found.total_count).unwrap_or(0) == 0 {
            anyhow::ensure!(began.elapsed() < Duration::from_secs(30), "job {n} never became searchable");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        visible_after.push(began.elapsed().as_secs_f64() * 1000.0);
    }
    shutdown.cancel();
    feed.await??;
    visible_after.sort_by(f64::total_cmp);
    println!(
        "near real time: {NRT_JOBS} jobs published one at a time through the feed: searchable after p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&visible_after, 0.5),
        percentile(&visible_after, 0.99),
        visible_after.last().copied().unwrap_or(0.0)
    );

    // PostgreSQL: the same jobs, a weighted tsvector with a GIN index
    // (SEARCH_BENCH_POSTGRES=0 leaves it out: the index's figures alone, in minutes).
    let postgres = if std::env::var("SEARCH_BENCH_POSTGRES").is_ok_and(|value| value == "0") {
        None
    } else {
        Some(load_postgres(&jobs_for_postgres).await?)
    };
    drop(jobs_for_postgres);
    // The bulk load leaves segment merges running in the background: let
    // them finish (the index's files stop changing), so the latencies are
    // of a settled index, as most of the day is, not of one mid-merge.
    let settling = Instant::now();
    let mut stable = 0;
    let mut size = dir_size(&dir);
    while stable < 3 && settling.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let now = dir_size(&dir);
        stable = if now == size { stable + 1 } else { 0 };
        size = now;
    }
    index.commit()?;
    println!(
        "index: {} segments after merges settled ({:.0} s), searched {} at a time",
        index.segment_count(),
        settling.elapsed().as_secs_f64(),
        index.search_threads()
    );

    println!("\nlatency: {LATENCY_RUNS} runs each (after 10 warm-ups); QPS: {QPS_CLIENTS} clients for {QPS_SECONDS} s");
    println!(
        "{:<32} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "query", "matches", "p50 ms", "p99 ms", "QPS", "pg p50", "pg QPS", "ratio"
    );
    for faceted in [false, true] {
        for case in CASES {
            let search = tantivy_search(case, faceted);
            let matches =
                index.search_jobs(&search).map_err(|e| anyhow::anyhow!("{}", e.public_message()))?.total_count;
            let mut timings = Vec::with_capacity(LATENCY_RUNS);
            for run in 0..LATENCY_RUNS + 10 {
                let began = Instant::now();
                index.search_jobs(&search).map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
                if run >= 10 {
                    timings.push(began.elapsed().as_secs_f64() * 1000.0);
                }
            }
            timings.sort_by(f64::total_cmp);
            let qps = tantivy_qps(&index, &search);
            let name = format!("{}{}", case.name, if faceted { " + 3 facets + filter" } else { "" });
            let ours = format!(
                "{name:<32} {matches:>9} {:>9.2} {:>9.2} {qps:>9.0}",
                percentile(&timings, 0.5),
                percentile(&timings, 0.99)
            );
            let Some((database, db)) = &postgres else {
                println!("{ours} {:>9} {:>9} {:>8}", "-", "-", "-");
                continue;
            };
            let statements = postgres_statements(case, faceted);
            let mut pg_timings = Vec::new();
            for run in 0..30 {
                let began = Instant::now();
                postgres_search(db, &statements).await?;
                if run >= 3 {
                    pg_timings.push(began.elapsed().as_secs_f64() * 1000.0);
                }
            }
            pg_timings.sort_by(f64::total_cmp);
            let pg_qps = postgres_qps(&database.url, &statements).await?;
            println!("{ours} {:>9.1} {pg_qps:>9.1} {:>7.1}x", percentile(&pg_timings, 0.5), qps / pg_qps.max(0.001));
        }
    }
    println!(
        "\n(ratio: tantivy QPS / PostgreSQL QPS; PostgreSQL's typo finds nothing, as its full text has no typo tolerance)"
    );
    drop(index);
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// The corpus in PostgreSQL: a weighted tsvector with a GIN index.
async fn load_postgres(jobs: &[(JobSnapshot, String)]) -> anyhow::Result<(TestDatabase, DatabaseConnection)> {
    let database = TestDatabase::new(Backend::Postgres).await;
    let db = database.connect().await;
    db.execute_unprepared(
        "CREATE TABLE bench_jobs (id uuid PRIMARY KEY, title text, description text, skills text[], skills_text text, company text,
           employment_type text, remote_policy text, city text, published_at timestamptz,
           tsv tsvector GENERATED ALWAYS AS (
             setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', skills_text), 'B') ||
             setweight(to_tsvector('english', company), 'B') || setweight(to_tsvector('english', description), 'D')) STORED)",
    )
    .await?;
    let loading = Instant::now();
    for chunk in jobs.chunks(1_000) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|(job, company)| {
                let skills: Vec<String> =
                    job.skills.iter().map(|skill| format!("\"{}\"", skill.name.replace('"', ""))).collect();
                let skills_text: Vec<&str> = job.skills.iter().map(|skill| skill.name.as_str()).collect();
                format!(
                    "('{}', {}, {}, '{{{}}}', {}, {}, '{}', '{}', {}, '{}')",
                    job.id,
                    quote(&job.title),
                    quote(&job.description),
                    skills.join(","),
                    quote(&skills_text.join(" ")),
                    quote(company),
                    job.employment_type,
                    job.remote_policy,
                    quote(&job.locations[0].city),
                    job.published_at.unwrap_or_else(Utc::now).to_rfc3339()
                )
            })
            .collect();
        db.execute_unprepared(&format!(
            "INSERT INTO bench_jobs (id, title, description, skills, skills_text, company, employment_type, remote_policy, city, published_at) VALUES {}",
            rows.join(",")
        ))
        .await?;
    }
    db.execute_unprepared("CREATE INDEX bench_jobs_tsv ON bench_jobs USING GIN (tsv)").await?;
    db.execute_unprepared("VACUUM ANALYZE bench_jobs").await?;
    let postgres_size: i64 = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT pg_total_relation_size('bench_jobs')".to_string(),
        ))
        .await?
        .and_then(|row| row.try_get_by_index(0).ok())
        .unwrap_or(0);
    println!(
        "postgres: loaded and indexed in {:.1} s, {:.1} MB with its GIN index",
        loading.elapsed().as_secs_f64(),
        postgres_size as f64 / 1e6
    );
    Ok((database, db))
}

fn tantivy_qps(index: &Arc<SearchIndex>, search: &JobSearch) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(QPS_SECONDS);
    let began = Instant::now();
    let done: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..QPS_CLIENTS)
            .map(|_| {
                scope.spawn(|| {
                    let mut count = 0;
                    while Instant::now() < deadline {
                        index.search_jobs(search).ok();
                        count += 1;
                    }
                    count
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().unwrap_or(0)).sum()
    });
    done as f64 / began.elapsed().as_secs_f64()
}

async fn postgres_qps(url: &str, statements: &[String]) -> anyhow::Result<f64> {
    let deadline = Instant::now() + Duration::from_secs(QPS_SECONDS);
    let began = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..QPS_CLIENTS {
        let db = jobgraph_shared::db::connect(url, 1).await?;
        let statements = statements.to_vec();
        clients.push(tokio::spawn(async move {
            let mut count = 0usize;
            while Instant::now() < deadline {
                postgres_search(&db, &statements).await.ok();
                count += 1;
            }
            count
        }));
    }
    let mut done = 0;
    for client in clients {
        done += client.await.unwrap_or(0);
    }
    Ok(done as f64 / began.elapsed().as_secs_f64())
}
