//! More like this: jobs whose title, skills and description share the
//! rarer words of a job's.

use jobgraph_shared::Error;
use jobgraph_shared::events::payloads::JobSnapshot;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use uuid::Uuid;

use crate::index::SearchIndex;
use crate::index::fields::kind;

pub const MAX_SIMILAR: usize = 20;

impl SearchIndex {
    /// Up to `first` jobs like `job`, best first; none when `job` is not found by searches.
    pub fn similar_jobs(&self, job: Uuid, first: Option<i32>) -> Result<Vec<Uuid>, Error> {
        let first = match first {
            None => 5,
            Some(first) if (1..=MAX_SIMILAR as i32).contains(&first) => first as usize,
            Some(_) => return Err(Error::bad_input("first", format!("must be between 1 and {MAX_SIMILAR}"))),
        };
        let searcher = self.reader.searcher();
        let this_job =
            TermQuery::new(Term::from_field_text(self.fields.id, &job.to_string()), IndexRecordOption::Basic);
        let Some(snapshot) = self.stored_snapshots::<JobSnapshot>(&searcher, &this_job).map_err(Error::internal)?.pop()
        else {
            return Ok(Vec::new());
        };
        let text = |value: &str| vec![OwnedValue::Str(value.to_string())];
        let skills: Vec<OwnedValue> = snapshot.skills.iter().map(|skill| OwnedValue::Str(skill.name.clone())).collect();
        // Words most jobs share ("join", "team") say nothing about this one.
        let common = (searcher.num_docs() / 2).max(2);
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency(common)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(30)
            .with_document_fields(vec![
                (self.fields.title, text(&snapshot.title)),
                (self.fields.skills_text, skills),
                (self.fields.description, text(&snapshot.description)),
            ]);
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(self.fields.kind, kind::JOB), IndexRecordOption::Basic)),
            ),
            (Occur::MustNot, Box::new(this_job)),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(first).order_by_score()).map_err(Error::internal)?;
        top.into_iter()
            .map(|(_, address)| {
                self.snapshot_at::<JobSnapshot>(&searcher, address).map(|job| job.id).map_err(Error::internal)
            })
            .collect()
    }
}
