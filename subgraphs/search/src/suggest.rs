//! Search as you type: skills, companies and places that begin with what
//! was typed, and titles with a word that does, the most common first.

use std::collections::HashMap;

use jobgraph_shared::Error;
use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::index::SearchIndex;
use crate::index::fields::kind;

pub const MAX_SUGGESTIONS: usize = 20;
const MAX_PREFIX_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuggestionKind {
    Title,
    Skill,
    Company,
    Place,
}

impl SuggestionKind {
    const ALL: [SuggestionKind; 4] =
        [SuggestionKind::Skill, SuggestionKind::Title, SuggestionKind::Company, SuggestionKind::Place];

    /// The prefix of its terms in the `suggest` field.
    fn term_prefix(self) -> &'static str {
        match self {
            SuggestionKind::Title => "title",
            SuggestionKind::Skill => "skill",
            SuggestionKind::Company => "company",
            SuggestionKind::Place => "place",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub text: String,
    /// Jobs it would find now.
    pub count: u64,
}

impl SearchIndex {
    pub fn suggest(&self, prefix: &str, first: Option<i32>) -> Result<Vec<Suggestion>, Error> {
        let first = match first {
            None => 8,
            Some(first) if (1..=MAX_SUGGESTIONS as i32).contains(&first) => first as usize,
            Some(_) => return Err(Error::bad_input("first", format!("must be between 1 and {MAX_SUGGESTIONS}"))),
        };
        if prefix.chars().count() > MAX_PREFIX_CHARS {
            return Err(Error::bad_input("prefix", format!("must be at most {MAX_PREFIX_CHARS} characters")));
        }
        let typed = crate::query::words(&mut self.analyzer(), prefix).join(" ");
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        // Candidates from the term dictionaries (their counts include
        // replaced documents not yet merged away)...
        let mut candidates: HashMap<(SuggestionKind, String), u64> = HashMap::new();
        for suggestion_kind in SuggestionKind::ALL {
            let start = format!("{}:{typed}", suggestion_kind.term_prefix());
            let mut end = start.clone().into_bytes();
            end.push(0xff);
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(self.fields.suggest).map_err(Error::internal)?;
                let mut terms =
                    inverted.terms().range().ge(start.as_bytes()).lt(&end).into_stream().map_err(Error::internal)?;
                while terms.advance() {
                    let Ok(term) = std::str::from_utf8(terms.key()) else { continue };
                    *candidates.entry((suggestion_kind, term.to_string())).or_default() +=
                        terms.value().doc_freq as u64;
                }
            }
        }
        let mut ranked: Vec<((SuggestionKind, String), u64)> = candidates.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.1.cmp(&b.0.1)));
        // ...then counted exactly over the jobs searches find, the best few.
        let mut suggestions = Vec::new();
        for ((suggestion_kind, term), _) in ranked.into_iter().take(first * 3) {
            let query = BooleanQuery::new(vec![
                (Occur::Must, term_query(self.fields.kind, kind::JOB)),
                (Occur::Must, term_query(self.fields.suggest, &term)),
            ]);
            let count = searcher.search(&query, &Count).map_err(Error::internal)? as u64;
            let text = term.split_once('\u{1}').map_or(term.as_str(), |(_, display)| display).to_string();
            // A title can match by more than one of its words: suggested once.
            let seen = suggestions.iter().any(|known: &Suggestion| known.kind == suggestion_kind && known.text == text);
            if count > 0 && !seen {
                suggestions.push(Suggestion { kind: suggestion_kind, text, count });
            }
        }
        suggestions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        suggestions.truncate(first);
        Ok(suggestions)
    }
}

fn term_query(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}
