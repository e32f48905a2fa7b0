use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use jobgraph_shared::text;
use jobgraph_shared::vocabulary::{EmploymentType, ExperienceLevel, RemotePolicy};
use uuid::Uuid;

use super::{blocking, service};
use crate::companies::CompanyResults;
use crate::search::{self, Facets, JobResults, Near, SortBy};
use crate::suggest::SuggestionKind as Kind;

/// A job, owned by the jobs subgraph; search adds the jobs like it.
pub struct Job {
    pub id: Uuid,
}

#[Object]
impl Job {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// Published jobs most like this one by title, skills and description;
    /// none while this job is not published.
    async fn similar_jobs(&self, ctx: &Context<'_>, first: Option<i32>) -> Result<Option<Vec<Job>>> {
        let index = service(ctx)?.index.clone();
        let id = self.id;
        let similar = blocking(move || index.similar_jobs(id, first)).await?;
        Ok(Some(similar.into_iter().map(|id| Job { id }).collect()))
    }
}

/// A company, owned by the jobs subgraph.
#[derive(SimpleObject)]
#[graphql(name = "Company", unresolvable = "id")]
pub struct CompanyRef {
    pub id: ID,
}

/// A circle on the map: jobs with a location inside it.
#[derive(InputObject, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct GeoRadius {
    pub lat: f64,
    pub lng: f64,
    /// The radius, in kilometres.
    pub km: f64,
}

/// What the jobs found must be. Each list matches any of its values, except
/// `skills`, which a job must all have.
#[derive(InputObject, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSearchFilter {
    pub remote_policies: Option<Vec<RemotePolicy>>,
    pub employment_types: Option<Vec<EmploymentType>>,
    pub experience_levels: Option<Vec<ExperienceLevel>>,
    /// Skill names, as the skill facet gives them; a job must have every one.
    pub skills: Option<Vec<String>>,
    /// Category names, as the category facet gives them.
    pub categories: Option<Vec<String>>,
    pub company_ids: Option<Vec<ID>>,
    /// ISO 3166-1 alpha-2 codes of one of the job's locations.
    pub country_codes: Option<Vec<String>>,
    pub cities: Option<Vec<String>>,
    /// Jobs that may pay at least this a year (their range reaches it), in `salaryCurrency`.
    pub salary_at_least: Option<i64>,
    /// Jobs that may pay at most this a year (their range starts below it).
    pub salary_at_most: Option<i64>,
    /// ISO 4217; EUR unless told. Salaries in other currencies are compared by reference rates.
    pub salary_currency: Option<String>,
    pub posted_after: Option<DateTime<Utc>>,
    /// Jobs with a location within this circle.
    pub near: Option<GeoRadius>,
    /// Only jobs of verified companies.
    pub verified_only: Option<bool>,
}

impl JobSearchFilter {
    /// The fields that were set, as JSON: what the history shows.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let serde_json::Value::Object(fields) = &mut value {
            fields.retain(|_, field| !field.is_null());
        }
        value.to_string()
    }
}

/// A saved search's filter (the API's JSON) as the search takes it.
pub fn saved_filter(json: &str) -> Option<search::JobFilter> {
    let filter: JobSearchFilter = serde_json::from_str(json).ok()?;
    filter.try_into().ok()
}

impl TryFrom<JobSearchFilter> for search::JobFilter {
    type Error = jobgraph_shared::Error;

    fn try_from(input: JobSearchFilter) -> Result<Self, Self::Error> {
        fn names<T: sea_orm::ActiveEnum<Value = String>>(values: Option<Vec<T>>) -> Vec<String> {
            values.unwrap_or_default().iter().map(|value| value.to_value()).collect()
        }
        let company_ids = input
            .company_ids
            .unwrap_or_default()
            .iter()
            .map(|id| text::id("filter.companyIds", id))
            .collect::<Result<_, _>>()?;
        let currency =
            input.salary_currency.as_deref().map(|code| text::currency("filter.salaryCurrency", code)).transpose()?;
        Ok(search::JobFilter {
            remote_policies: names(input.remote_policies),
            employment_types: names(input.employment_types),
            experience_levels: names(input.experience_levels),
            skills: input.skills.unwrap_or_default(),
            categories: input.categories.unwrap_or_default(),
            company_ids,
            country_codes: input
                .country_codes
                .unwrap_or_default()
                .iter()
                .map(|code| code.to_ascii_uppercase())
                .collect(),
            cities: input.cities.unwrap_or_default(),
            salary_at_least: input.salary_at_least.map(|amount| amount as f64),
            salary_at_most: input.salary_at_most.map(|amount| amount as f64),
            salary_currency: currency,
            posted_after: input.posted_after,
            near: input.near.map(|near| Near { lat: near.lat, lng: near.lng, km: near.km }),
            verified_only: input.verified_only.unwrap_or(false),
        })
    }
}

#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JobSearchSort {
    /// Best match first, newer jobs ahead of equal older ones.
    #[default]
    Relevance,
    /// Newest first.
    Date,
    /// Highest yearly salary first (in euros by reference rates); jobs without one last.
    Salary,
    /// Nearest first; needs `filter.near`.
    Distance,
}

impl From<JobSearchSort> for SortBy {
    fn from(sort: JobSearchSort) -> Self {
        match sort {
            JobSearchSort::Relevance => SortBy::Relevance,
            JobSearchSort::Date => SortBy::Date,
            JobSearchSort::Salary => SortBy::Salary,
            JobSearchSort::Distance => SortBy::Distance,
        }
    }
}

/// A page of jobs found.
#[derive(SimpleObject)]
pub struct JobSearchResult {
    /// Names this search in `searchResultClicked` (first pages only; later pages are the same search).
    pub search_id: Option<ID>,
    /// Every job the search finds, across all pages (exact).
    pub total_count: i64,
    /// Counts per value over every job found.
    pub facets: JobSearchFacets,
    pub edges: Vec<JobSearchEdge>,
    pub page_info: PageInfo,
}

#[derive(SimpleObject)]
pub struct JobSearchEdge {
    pub cursor: String,
    /// The job, resolved by the jobs subgraph.
    pub node: Option<Job>,
    /// How well the job matches (relevance with the freshness boost); 0 when sorted otherwise.
    pub score: f64,
    /// The title and description with the matched words marked.
    pub highlights: Vec<Highlight>,
    /// From `filter.near` to the job's nearest location, when searching near a point.
    pub distance_km: Option<f64>,
}

/// Matched words in a field: HTML, escaped, with `<mark>` around each match.
#[derive(SimpleObject)]
pub struct Highlight {
    /// `title` or `description`.
    pub field: String,
    pub snippet: String,
}

#[derive(SimpleObject, Default)]
pub struct JobSearchFacets {
    pub employment_type: Vec<FacetCount>,
    pub experience_level: Vec<FacetCount>,
    pub remote_policy: Vec<FacetCount>,
    pub skill: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
    pub country: Vec<FacetCount>,
    pub city: Vec<FacetCount>,
    /// Values are company ids; labels their names.
    pub company: Vec<FacetCount>,
    /// Yearly salary bands, in euros.
    pub salary: Vec<SalaryRangeCount>,
}

/// How many jobs found have `value`; pass `value` back in the filter to narrow.
#[derive(SimpleObject)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: i64,
}

#[derive(SimpleObject)]
pub struct SalaryRangeCount {
    /// Yearly, in euros.
    pub from: i64,
    /// Open-ended when absent.
    pub to: Option<i64>,
    pub count: i64,
}

fn facet_counts(facets: Vec<search::FacetCount>) -> Vec<FacetCount> {
    facets
        .into_iter()
        .map(|facet| FacetCount { value: facet.value, label: facet.label, count: facet.count as i64 })
        .collect()
}

impl From<Facets> for JobSearchFacets {
    fn from(facets: Facets) -> Self {
        JobSearchFacets {
            employment_type: facet_counts(facets.employment_type),
            experience_level: facet_counts(facets.experience_level),
            remote_policy: facet_counts(facets.remote_policy),
            skill: facet_counts(facets.skill),
            category: facet_counts(facets.category),
            country: facet_counts(facets.country),
            city: facet_counts(facets.city),
            company: facet_counts(facets.company),
            salary: facets
                .salary
                .into_iter()
                .map(|band| SalaryRangeCount {
                    from: band.from as i64,
                    to: band.to.map(|to| to as i64),
                    count: band.count as i64,
                })
                .collect(),
        }
    }
}

/// Forward-only pages: whether earlier ones exist is not reported.
fn page_info(cursors: &[&str], has_next_page: bool) -> PageInfo {
    PageInfo {
        has_previous_page: false,
        has_next_page,
        start_cursor: cursors.first().map(|cursor| cursor.to_string()),
        end_cursor: cursors.last().map(|cursor| cursor.to_string()),
    }
}

impl From<JobResults> for JobSearchResult {
    fn from(results: JobResults) -> Self {
        let cursors: Vec<&str> = results.hits.iter().map(|hit| hit.cursor.as_str()).collect();
        let page_info = page_info(&cursors, results.has_next_page);
        JobSearchResult {
            search_id: None,
            total_count: results.total_count as i64,
            facets: results.facets.map(Into::into).unwrap_or_default(),
            page_info,
            edges: results
                .hits
                .into_iter()
                .map(|hit| JobSearchEdge {
                    cursor: hit.cursor,
                    node: Some(Job { id: hit.id }),
                    score: hit.score as f64,
                    highlights: hit
                        .highlights
                        .into_iter()
                        .map(|highlight| Highlight { field: highlight.field.to_string(), snippet: highlight.snippet })
                        .collect(),
                    distance_km: hit.distance_km,
                })
                .collect(),
        }
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionKind {
    Title,
    Skill,
    Company,
    Place,
}

/// Something to search for, as the seeker types.
#[derive(SimpleObject)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub text: String,
    /// How many jobs it finds.
    pub count: i64,
}

impl From<crate::suggest::Suggestion> for Suggestion {
    fn from(suggestion: crate::suggest::Suggestion) -> Self {
        let kind = match suggestion.kind {
            Kind::Title => SuggestionKind::Title,
            Kind::Skill => SuggestionKind::Skill,
            Kind::Company => SuggestionKind::Company,
            Kind::Place => SuggestionKind::Place,
        };
        Suggestion { kind, text: suggestion.text, count: suggestion.count as i64 }
    }
}

/// A page of companies found.
#[derive(SimpleObject)]
pub struct CompanySearchResult {
    pub total_count: i64,
    pub edges: Vec<CompanySearchEdge>,
    pub page_info: PageInfo,
}

#[derive(SimpleObject)]
pub struct CompanySearchEdge {
    pub cursor: String,
    /// The company, resolved by the jobs subgraph.
    pub node: Option<CompanyRef>,
    pub score: f64,
}

impl From<CompanyResults> for CompanySearchResult {
    fn from(results: CompanyResults) -> Self {
        let cursors: Vec<&str> = results.hits.iter().map(|hit| hit.cursor.as_str()).collect();
        let page_info = page_info(&cursors, results.has_next_page);
        CompanySearchResult {
            total_count: results.total_count as i64,
            page_info,
            edges: results
                .hits
                .into_iter()
                .map(|hit| CompanySearchEdge {
                    cursor: hit.cursor,
                    node: Some(CompanyRef { id: ID(hit.id.to_string()) }),
                    score: hit.score as f64,
                })
                .collect(),
        }
    }
}

/// A search the user made.
#[derive(SimpleObject)]
pub struct SearchHistoryEntry {
    pub id: ID,
    pub query: String,
    /// The filter as it was sent (JSON), when there was one.
    pub filter: Option<String>,
    pub result_count: i64,
    pub searched_at: DateTime<Utc>,
}

impl From<crate::entities::search_query::Model> for SearchHistoryEntry {
    fn from(row: crate::entities::search_query::Model) -> Self {
        SearchHistoryEntry {
            id: ID(row.id.to_string()),
            query: row.query,
            filter: row.filter,
            result_count: row.result_count,
            searched_at: row.searched_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct SearchStatistics {
    pub days: Vec<SearchDay>,
    pub top_queries: Vec<QueryCount>,
    /// Queries that found nothing: what seekers want and the platform lacks.
    pub zero_result_queries: Vec<QueryCount>,
}

#[derive(SimpleObject)]
pub struct SearchDay {
    pub day: jobgraph_shared::scalars::Date,
    pub searches: i64,
    pub zero_result_searches: i64,
    pub clicks: i64,
    /// Clicks per search (0 without searches).
    pub click_through_rate: f64,
}

#[derive(SimpleObject)]
pub struct QueryCount {
    pub query: String,
    pub searches: i64,
}

impl From<crate::history::Statistics> for SearchStatistics {
    fn from(statistics: crate::history::Statistics) -> Self {
        let counts = |counts: Vec<crate::history::QueryCount>| {
            counts.into_iter().map(|count| QueryCount { query: count.query, searches: count.searches }).collect()
        };
        SearchStatistics {
            days: statistics
                .days
                .into_iter()
                .map(|day| SearchDay {
                    day: day.day.into(),
                    searches: day.searches,
                    zero_result_searches: day.zero_result_searches,
                    clicks: day.clicks,
                    click_through_rate: if day.searches > 0 { day.clicks as f64 / day.searches as f64 } else { 0.0 },
                })
                .collect(),
            top_queries: counts(statistics.top_queries),
            zero_result_queries: counts(statistics.zero_result_queries),
        }
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertFrequency {
    /// As soon as a matching job is published.
    Instant,
    /// In the day's digest.
    Daily,
}

#[derive(InputObject)]
pub struct SaveSearchInput {
    pub name: String,
    /// Words, as searchJobs takes them; empty for every job the filter lets through.
    #[graphql(default)]
    pub query: String,
    pub filter: Option<JobSearchFilter>,
    #[graphql(default_with = "AlertFrequency::Daily")]
    pub frequency: AlertFrequency,
}

/// A search a seeker saved: new jobs that match it are sent to them.
#[derive(SimpleObject)]
pub struct SavedSearch {
    pub id: ID,
    pub name: String,
    pub query: String,
    /// The filter as it was saved (JSON), when there is one.
    pub filter: Option<String>,
    pub frequency: AlertFrequency,
    pub created_at: DateTime<Utc>,
}

impl From<crate::entities::saved_search::Model> for SavedSearch {
    fn from(row: crate::entities::saved_search::Model) -> Self {
        SavedSearch {
            id: ID(row.id.to_string()),
            name: row.name,
            query: row.query,
            filter: row.filter,
            frequency: if row.frequency == "INSTANT" { AlertFrequency::Instant } else { AlertFrequency::Daily },
            created_at: row.created_at,
        }
    }
}
