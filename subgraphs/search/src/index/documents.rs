//! Documents made from the events' snapshots.

use jobgraph_shared::events::payloads::{CompanySnapshot, JobSnapshot};
use tantivy::TantivyDocument;
use uuid::Uuid;

use super::fields::{Fields, kind};
use crate::{geo, money};

/// Whether searches may find a company and its jobs.
pub fn listed(company: &CompanySnapshot) -> bool {
    !company.is_suspended && company.deleted_at.is_none()
}

/// Whether a job belongs in the index at all: published and not deleted.
pub fn indexable(job: &JobSnapshot) -> bool {
    job.status == "PUBLISHED" && job.deleted_at.is_none()
}

/// A stable 64-bit tiebreak from an id (UUIDv7: its random half varies most).
pub fn tiebreak(id: Uuid) -> u64 {
    let (high, low) = id.as_u64_pair();
    high ^ low.rotate_left(17)
}

/// `kind:normalised\u{1}Display`: a suggestion term, found by a prefix of its normalised text.
pub fn suggestion_term(of_kind: &str, display: &str) -> String {
    suggestion_terms(of_kind, display, false).remove(0)
}

/// The suggestion terms of `display`: from its first word, and with
/// `every_word` also from each later one, so typing "eng" suggests
/// "Senior Engineer" (each term names the whole display).
fn suggestion_terms(of_kind: &str, display: &str, every_word: bool) -> Vec<String> {
    thread_local! {
        static ANALYZER: std::cell::RefCell<tantivy::tokenizer::TextAnalyzer> =
            std::cell::RefCell::new(super::fields::analyzer());
    }
    let words = ANALYZER.with(|analyzer| crate::query::words(&mut analyzer.borrow_mut(), display));
    let starts = if every_word { words.len().max(1) } else { 1 };
    (0..starts).map(|start| format!("{of_kind}:{}\u{1}{display}", words[start.min(words.len())..].join(" "))).collect()
}

pub fn job_document(fields: &Fields, job: &JobSnapshot, company: Option<&CompanySnapshot>) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let visible = company.is_none_or(listed);
    doc.add_text(fields.kind, if visible { kind::JOB } else { kind::HIDDEN_JOB });
    doc.add_text(fields.id, job.id.to_string());
    doc.add_text(fields.company_id, job.company_id.to_string());
    doc.add_text(fields.title, &job.title);
    for term in suggestion_terms("title", &job.title, true) {
        doc.add_text(fields.suggest, term);
    }
    for skill in &job.skills {
        doc.add_text(fields.skills_text, &skill.name);
        doc.add_text(fields.skill, &skill.name);
        doc.add_text(fields.suggest, suggestion_term("skill", &skill.name));
    }
    // A job in a category is found under its ancestors too.
    for category in job.categories.iter().chain(&job.category_ancestors) {
        doc.add_text(fields.category, &category.name);
    }
    if let Some(company) = company {
        doc.add_text(fields.company_name, &company.name);
        doc.add_text(fields.suggest, suggestion_term("company", &company.name));
    }
    doc.add_bool(fields.verified, company.is_some_and(|company| company.is_verified));
    doc.add_text(fields.description, &job.description);
    for extra in [&job.requirements, &job.responsibilities].into_iter().flatten() {
        doc.add_text(fields.description, extra);
    }
    doc.add_text(fields.employment_type, &job.employment_type);
    doc.add_text(fields.experience_level, &job.experience_level);
    doc.add_text(fields.remote_policy, &job.remote_policy);
    for place in &job.locations {
        doc.add_text(fields.country, &place.country_code);
        doc.add_text(fields.city, &place.city);
        doc.add_text(fields.suggest, suggestion_term("place", &place.city));
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            doc.add_u64(fields.geo, geo::pack(lat, lon));
        }
    }
    if let Some(salary) = &job.salary
        && let (Some(min), Some(max)) = (
            money::to_euros(salary.yearly_min as f64, &salary.currency),
            money::to_euros(salary.yearly_max as f64, &salary.currency),
        )
    {
        doc.add_f64(fields.salary_min, min);
        doc.add_f64(fields.salary_max, max);
    }
    let published = job.published_at.unwrap_or(job.updated_at);
    doc.add_i64(fields.published_at, published.timestamp());
    doc.add_u64(fields.tiebreak, tiebreak(job.id));
    doc.add_bytes(fields.snapshot, &serde_json::to_vec(job).unwrap_or_default());
    doc
}

pub fn company_document(fields: &Fields, company: &CompanySnapshot) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, if listed(company) { kind::COMPANY } else { kind::HIDDEN_COMPANY });
    doc.add_text(fields.id, company.id.to_string());
    doc.add_text(fields.company_id, company.id.to_string());
    doc.add_text(fields.company_name, &company.name);
    for text in [&company.description, &company.industry].into_iter().flatten() {
        doc.add_text(fields.description, text);
    }
    if let Some(place) = &company.headquarters {
        doc.add_text(fields.country, &place.country_code);
        doc.add_text(fields.city, &place.city);
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            doc.add_u64(fields.geo, geo::pack(lat, lon));
        }
    }
    doc.add_bool(fields.verified, company.is_verified);
    doc.add_i64(fields.published_at, company.created_at.timestamp());
    doc.add_u64(fields.tiebreak, tiebreak(company.id));
    doc.add_bytes(fields.snapshot, &serde_json::to_vec(company).unwrap_or_default());
    doc
}
