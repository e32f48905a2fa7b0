//! `searchJobs`: the query, filters, sort and search-after cursor, facet
//! counts and highlights, over one consistent view of the index.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use jobgraph_shared::Error;
use jobgraph_shared::events::payloads::JobSnapshot;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, SegmentReader, Term};
use uuid::Uuid;

use crate::facets::{FacetCollector, FacetCounts};
use crate::highlight::{Highlight, highlight};
use crate::index::SearchIndex;
use crate::index::fields::kind;
use crate::query::UserQuery;
use crate::{geo, money};

pub const MAX_PAGE: usize = 100;
const DEFAULT_PAGE: usize = 20;
/// The freshness boost: a match's score grows by up to this share when new,
/// half of it after [`FRESHNESS_HALF_LIFE_DAYS`].
const FRESHNESS: f64 = 0.5;
const FRESHNESS_HALF_LIFE_DAYS: f64 = 14.0;
const MAX_RADIUS_KM: f64 = 20_000.0;
/// Buckets per open-ended facet (skills, places, companies, categories).
const FACET_SIZE: u32 = 20;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    #[default]
    Relevance,
    Date,
    Salary,
    Distance,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    pub km: f64,
}

/// What a job must be to be found. Lists match any of their values,
/// except `skills`, which a job must all have.
#[derive(Clone, Debug, Default)]
pub struct JobFilter {
    pub remote_policies: Vec<String>,
    pub employment_types: Vec<String>,
    pub experience_levels: Vec<String>,
    pub skills: Vec<String>,
    pub categories: Vec<String>,
    pub company_ids: Vec<Uuid>,
    pub country_codes: Vec<String>,
    pub cities: Vec<String>,
    /// Yearly, in `salary_currency`.
    pub salary_at_least: Option<f64>,
    pub salary_at_most: Option<f64>,
    pub salary_currency: Option<String>,
    pub posted_after: Option<DateTime<Utc>>,
    pub near: Option<Near>,
    pub verified_only: bool,
}

#[derive(Clone, Debug, Default)]
pub struct JobSearch {
    pub query: Option<String>,
    pub filter: JobFilter,
    pub sort: SortBy,
    pub first: Option<i32>,
    pub after: Option<String>,
    /// The facets to count (each costs a pass over every match).
    pub facets: Vec<Facet>,
}

/// A facet: counts of jobs found per value of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    EmploymentType,
    ExperienceLevel,
    RemotePolicy,
    Skill,
    Category,
    Country,
    City,
    Company,
    Salary,
}

impl Facet {
    pub const ALL: [Facet; 9] = [
        Facet::EmploymentType,
        Facet::ExperienceLevel,
        Facet::RemotePolicy,
        Facet::Skill,
        Facet::Category,
        Facet::Country,
        Facet::City,
        Facet::Company,
        Facet::Salary,
    ];

    /// Its name in the API (`JobSearchFacets`), and the index field it counts.
    pub fn api_name(self) -> &'static str {
        match self {
            Facet::EmploymentType => "employmentType",
            Facet::ExperienceLevel => "experienceLevel",
            Facet::RemotePolicy => "remotePolicy",
            Facet::Skill => "skill",
            Facet::Category => "category",
            Facet::Country => "country",
            Facet::City => "city",
            Facet::Company => "company",
            Facet::Salary => "salary",
        }
    }

    pub(crate) fn field(self) -> &'static str {
        match self {
            Facet::EmploymentType => "employment_type",
            Facet::ExperienceLevel => "experience_level",
            Facet::RemotePolicy => "remote_policy",
            Facet::Skill => "skill",
            Facet::Category => "category",
            Facet::Country => "country",
            Facet::City => "city",
            Facet::Company => "company_id",
            Facet::Salary => "salary",
        }
    }

    /// Buckets kept: every value of a closed list, the top ones of open lists.
    fn size(self) -> u32 {
        match self {
            Facet::EmploymentType | Facet::ExperienceLevel | Facet::RemotePolicy => 10,
            _ => FACET_SIZE,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub id: Uuid,
    pub score: f32,
    pub cursor: String,
    pub highlights: Vec<Highlight>,
    pub distance_km: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SalaryBand {
    /// Yearly, in euros.
    pub from: f64,
    pub to: Option<f64>,
    pub count: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub employment_type: Vec<FacetCount>,
    pub experience_level: Vec<FacetCount>,
    pub remote_policy: Vec<FacetCount>,
    pub skill: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
    pub country: Vec<FacetCount>,
    pub city: Vec<FacetCount>,
    pub company: Vec<FacetCount>,
    pub salary: Vec<SalaryBand>,
}

#[derive(Clone, Debug)]
pub struct JobResults {
    pub total_count: usize,
    pub hits: Vec<Hit>,
    pub has_next_page: bool,
    pub facets: Option<Facets>,
}

/// Where a page ends: the next page starts after this sort key. It carries
/// the reference time of the first page, so freshness scores stay equal
/// from page to page.
#[derive(Serialize, Deserialize)]
pub(crate) struct Cursor {
    sort: SortBy,
    key: f64,
    tiebreak: u64,
    pub(crate) now: i64,
}

impl Cursor {
    fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub(crate) fn decode(text: &str, sort: SortBy) -> Result<Cursor, Error> {
        let refused = || Error::bad_input("after", "is not a cursor of this search");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).map_err(|_| refused())?;
        let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| refused())?;
        if cursor.sort != sort || !cursor.key.is_finite() {
            return Err(refused());
        }
        Ok(cursor)
    }
}

/// The sort key of a document: eligible (after the cursor), then the key, then the tiebreak.
type SortKey = (bool, f64, u64);

impl SearchIndex {
    pub fn search_jobs(&self, search: &JobSearch) -> Result<JobResults, Error> {
        let first = page_size(search.first)?;
        let mut analyzer = self.analyzer();
        let user_query = UserQuery::parse(search.query.as_deref().unwrap_or_default(), &mut analyzer)?;
        let filters = self.job_filters(&search.filter)?;
        if search.sort == SortBy::Distance && search.filter.near.is_none() {
            return Err(Error::bad_input("sort", "DISTANCE needs filter.near, the point to measure from"));
        }
        let after = search.after.as_deref().map(|text| Cursor::decode(text, search.sort)).transpose()?;
        let now = after.as_ref().map_or_else(|| Utc::now().timestamp(), |cursor| cursor.now);
        let mut clauses = vec![(Occur::Must, term_filter(self.fields.kind, kind::JOB))];
        clauses.extend(filters.into_iter().map(|filter| (Occur::Must, filter)));
        clauses.push((Occur::Must, matching(&user_query, &self.fields.job_text(), &self.synonyms)));
        let query = BooleanQuery::new(clauses);

        let sort = search.sort;
        let near = search.filter.near;
        let searcher = self.reader.searcher();
        let collector = (!search.facets.is_empty()).then(|| FacetCollector::new(&search.facets));
        let page = ranked_page(&searcher, &query, sort, near, after.as_ref(), now, first, collector)?;
        let facets = page.extra.map(|counts| self.facets(counts));
        let mut hits = Vec::new();
        for ranked in page.items {
            let job: JobSnapshot = self.snapshot_at(&searcher, ranked.address).map_err(Error::internal)?;
            let distance_km = near.and_then(|near| nearest_km(&job, near));
            let highlights =
                [("title", job.title.as_str(), None), ("description", job.description.as_str(), Some(200))]
                    .into_iter()
                    .filter_map(|(field, text, window)| {
                        highlight(&mut analyzer, text, &user_query, &self.synonyms, window)
                            .map(|snippet| Highlight { field, snippet })
                    })
                    .collect();
            hits.push(Hit { id: job.id, score: ranked.score, cursor: ranked.cursor, highlights, distance_km });
        }
        let (total_count, has_next_page) = (page.total_count, page.has_next_page);
        Ok(JobResults { total_count, hits, has_next_page, facets })
    }

    /// Refuses a filter no search could run with (what a saved search is checked by).
    pub fn check_filter(&self, filter: &JobFilter) -> Result<(), Error> {
        self.job_filters(filter).map(|_| ())
    }

    /// The filter clauses (scoring nothing) of `filter`, validated.
    fn job_filters(&self, filter: &JobFilter) -> Result<Vec<Box<dyn Query>>, Error> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for (field, values) in [
            (f.remote_policy, &filter.remote_policies),
            (f.employment_type, &filter.employment_types),
            (f.experience_level, &filter.experience_levels),
            (f.category, &filter.categories),
            (f.country, &filter.country_codes),
            (f.city, &filter.cities),
        ] {
            if !values.is_empty() {
                filters.push(any_of(field, values.iter().map(String::as_str)));
            }
        }
        if !filter.company_ids.is_empty() {
            let ids: Vec<String> = filter.company_ids.iter().map(Uuid::to_string).collect();
            filters.push(any_of(f.company_id, ids.iter().map(String::as_str)));
        }
        for skill in &filter.skills {
            filters.push(term_filter(f.skill, skill));
        }
        let currency = filter.salary_currency.as_deref().unwrap_or("EUR");
        let in_euros = |field: &str, amount: Option<f64>| -> Result<Option<f64>, Error> {
            let Some(amount) = amount else { return Ok(None) };
            if !amount.is_finite() || amount < 0.0 {
                return Err(Error::bad_input(field, "must be a yearly amount of zero or more"));
            }
            money::to_euros(amount, currency).map(Some).ok_or_else(|| {
                Error::bad_input(
                    "filter.salaryCurrency",
                    format!("{currency} is not a currency salaries are compared in"),
                )
            })
        };
        let at_least = in_euros("filter.salaryAtLeast", filter.salary_at_least)?;
        let at_most = in_euros("filter.salaryAtMost", filter.salary_at_most)?;
        if let (Some(low), Some(high)) = (at_least, at_most)
            && low > high
        {
            return Err(Error::bad_input("filter.salaryAtMost", "must not be below salaryAtLeast"));
        }
        if let Some(low) = at_least {
            // Jobs that may pay at least this: their range reaches it.
            filters.push(filter_query(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_f64(f.salary_max, low)),
                std::ops::Bound::Unbounded,
            )));
        }
        if let Some(high) = at_most {
            filters.push(filter_query(RangeQuery::new(
                std::ops::Bound::Unbounded,
                std::ops::Bound::Included(Term::from_field_f64(f.salary_min, high)),
            )));
        }
        if let Some(after) = filter.posted_after {
            filters.push(filter_query(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_i64(f.published_at, after.timestamp())),
                std::ops::Bound::Unbounded,
            )));
        }
        if filter.verified_only {
            filters
                .push(filter_query(TermQuery::new(Term::from_field_bool(f.verified, true), IndexRecordOption::Basic)));
        }
        if let Some(near) = filter.near {
            if !(-90.0..=90.0).contains(&near.lat) || !(-180.0..=180.0).contains(&near.lng) {
                return Err(Error::bad_input("filter.near", "lat must be within ±90 and lng within ±180"));
            }
            if !(near.km > 0.0 && near.km <= MAX_RADIUS_KM) {
                return Err(Error::bad_input("filter.near.km", format!("must be above 0 and at most {MAX_RADIUS_KM}")));
            }
            let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
                let geo = segment.fast_fields().u64("geo")?;
                Ok(move |doc: DocId| {
                    geo.values_for_doc(doc)
                        .any(|packed| geo::distance_km(geo::unpack(packed), (near.lat, near.lng)) <= near.km)
                })
            });
            let query: DocPredicateQuery = predicate.into();
            filters.push(filter_query(query));
        }
        Ok(filters)
    }

    /// The top values of each facet counted, most frequent first (ties by
    /// value), companies labelled with their names, every salary band.
    fn facets(&self, counts: FacetCounts) -> Facets {
        let mut facets = Facets::default();
        for (facet, values) in counts {
            if facet == Facet::Salary {
                facets.salary = money::BANDS
                    .iter()
                    .enumerate()
                    .map(|(band, (from, to))| SalaryBand {
                        from: *from,
                        to: *to,
                        count: values.get(&band.to_string()).copied().unwrap_or(0),
                    })
                    .collect();
                continue;
            }
            let mut top: Vec<FacetCount> =
                values.into_iter().map(|(value, count)| FacetCount { label: value.clone(), value, count }).collect();
            top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            top.truncate(facet.size() as usize);
            let slot = match facet {
                Facet::EmploymentType => &mut facets.employment_type,
                Facet::ExperienceLevel => &mut facets.experience_level,
                Facet::RemotePolicy => &mut facets.remote_policy,
                Facet::Skill => &mut facets.skill,
                Facet::Category => &mut facets.category,
                Facet::Country => &mut facets.country,
                Facet::City => &mut facets.city,
                Facet::Company => {
                    let names = self.company_names(top.iter().filter_map(|facet| facet.value.parse().ok()));
                    for facet in &mut top {
                        if let Some(name) = facet.value.parse().ok().and_then(|id: Uuid| names.get(&id)) {
                            facet.label = name.clone();
                        }
                    }
                    &mut facets.company
                }
                Facet::Salary => unreachable!("counted above"),
            };
            *slot = top;
        }
        facets
    }
}

/// The sort key's inputs in one segment.
struct SegmentKeys {
    sort: SortBy,
    near: Option<Near>,
    now: i64,
    published: std::sync::Arc<dyn tantivy::columnar::ColumnValues<i64>>,
    tiebreak: std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>>,
    salary: Option<tantivy::columnar::Column<f64>>,
    geo: Option<tantivy::columnar::Column<u64>>,
}

impl SegmentKeys {
    fn new(segment: &SegmentReader, sort: SortBy, near: Option<Near>, now: i64) -> Self {
        let fast = segment.fast_fields();
        SegmentKeys {
            sort,
            near,
            now,
            published: fast.i64("published_at").expect("published_at is a fast field").first_or_default_col(0),
            tiebreak: fast.u64("tiebreak").expect("tiebreak is a fast field").first_or_default_col(0),
            salary: fast.f64("salary_max").ok(),
            geo: fast.u64("geo").ok(),
        }
    }

    fn key(&self, doc: DocId, score: Score) -> (f64, u64) {
        let tiebreak = self.tiebreak.get_val(doc);
        let key = match self.sort {
            SortBy::Relevance => {
                let age_days = ((self.now - self.published.get_val(doc)).max(0) as f64) / 86_400.0;
                score as f64 * (1.0 + FRESHNESS * 0.5f64.powf(age_days / FRESHNESS_HALF_LIFE_DAYS))
            }
            SortBy::Date => self.published.get_val(doc) as f64,
            SortBy::Salary => self.salary.as_ref().and_then(|column| column.first(doc)).unwrap_or(-1.0),
            SortBy::Distance => {
                let (Some(geo), Some(near)) = (&self.geo, self.near) else { return (f64::MIN, tiebreak) };
                let nearest = geo
                    .values_for_doc(doc)
                    .map(|packed| geo::distance_km(geo::unpack(packed), (near.lat, near.lng)))
                    .fold(f64::INFINITY, f64::min);
                // Nearest first: the key grows as the distance shrinks.
                if nearest.is_finite() { -nearest } else { f64::MIN }
            }
        };
        (key, tiebreak)
    }
}

/// One ranked item of a page.
pub(crate) struct Ranked {
    pub address: tantivy::DocAddress,
    /// The relevance score (with the freshness boost) when ranked by relevance; 0 otherwise.
    pub score: f32,
    pub cursor: String,
}

pub(crate) struct RankedPage<T> {
    pub total_count: usize,
    pub items: Vec<Ranked>,
    pub has_next_page: bool,
    /// What the extra collector gathered (facets).
    pub extra: T,
}

/// The `first` best matches of `query` after the cursor `after`, by `sort`,
/// with the total count and `extra`'s fruit, in one pass over the matches.
#[allow(clippy::too_many_arguments)]
pub(crate) fn ranked_page<C: tantivy::collector::Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    sort: SortBy,
    near: Option<Near>,
    after: Option<&Cursor>,
    now: i64,
    first: usize,
    extra: C,
) -> Result<RankedPage<C::Fruit>, Error> {
    let after_key = after.map(|cursor| (cursor.key, cursor.tiebreak));
    let top = TopDocs::with_limit(first + 1).tweak_score(move |segment: &SegmentReader| {
        let keys = SegmentKeys::new(segment, sort, near, now);
        move |doc: DocId, score: Score| -> SortKey {
            let (key, tiebreak) = keys.key(doc, score);
            let eligible = after_key.is_none_or(|after| (key, tiebreak) < after);
            (eligible, key, tiebreak)
        }
    });
    let (total_count, top, extra) = searcher.search(query, &(Count, top, extra)).map_err(Error::internal)?;
    let eligible: Vec<_> = top.into_iter().filter(|((eligible, _, _), _)| *eligible).collect();
    let has_next_page = eligible.len() > first;
    let items = eligible
        .into_iter()
        .take(first)
        .map(|((_, key, tiebreak), address)| Ranked {
            address,
            score: if sort == SortBy::Relevance { key as f32 } else { 0.0 },
            cursor: Cursor { sort, key, tiebreak, now }.encode(),
        })
        .collect();
    Ok(RankedPage { total_count, items, has_next_page, extra })
}

pub(crate) fn page_size(first: Option<i32>) -> Result<usize, Error> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(first) if (1..=MAX_PAGE as i32).contains(&first) => Ok(first as usize),
        Some(_) => Err(Error::bad_input("first", format!("must be between 1 and {MAX_PAGE}"))),
    }
}

/// What `query` matches over `fields`; without words, everything, equally
/// (the freshness boost alone then ranks).
pub(crate) fn matching(
    query: &UserQuery,
    fields: &[(Field, f32)],
    synonyms: &crate::synonyms::Synonyms,
) -> Box<dyn Query> {
    query.to_query(fields, synonyms).unwrap_or_else(|| Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)))
}

fn filter_query(query: impl Query) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), 0.0))
}

pub(crate) fn term_filter(field: Field, value: &str) -> Box<dyn Query> {
    filter_query(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

fn any_of<'a>(field: Field, values: impl Iterator<Item = &'a str>) -> Box<dyn Query> {
    filter_query(TermSetQuery::new(values.map(|value| Term::from_field_text(field, value))))
}

/// The distance from `near` to the job's nearest location with coordinates.
fn nearest_km(job: &JobSnapshot, near: Near) -> Option<f64> {
    job.locations
        .iter()
        .filter_map(|place| Some(geo::distance_km((place.lat?, place.lon?), (near.lat, near.lng))))
        .reduce(f64::min)
}
