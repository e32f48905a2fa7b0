//! What a seeker typed, parsed, and turned into a tantivy query: every
//! word must match (in some field, in some form); exact words score above
//! their synonyms, which score above typos; the word still being typed
//! also matches as a prefix. `"quoted words"` match as a phrase and
//! `-word` excludes.

use jobgraph_shared::Error;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::synonyms::Synonyms;

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_WORDS: usize = 12;
/// A word being typed counts as a prefix from this many characters (one
/// letter would match a good part of the dictionary, and find nothing useful).
const MIN_PREFIX_CHARS: usize = 2;

/// How much a synonym's match is worth against the word itself.
const SYNONYM_WEIGHT: f32 = 0.9;
/// A prefix match of the word being typed (a constant score).
const PREFIX_WEIGHT: f32 = 0.5;
/// A match within the typo budget (a constant score, below any exact match's).
const TYPO_WEIGHT: f32 = 0.2;

/// The normalised words of `text`, as the index holds them.
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

/// Edits forgiven in a word: one from 5 characters, two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserQuery {
    /// Words every match holds, in some form.
    pub words: Vec<String>,
    /// Quoted phrases of two words or more.
    pub phrases: Vec<Vec<String>>,
    /// Words no match holds.
    pub excluded: Vec<String>,
    /// The last word is still being typed (no space after it): it also matches as a prefix.
    pub last_is_prefix: bool,
}

impl UserQuery {
    pub fn parse(input: &str, analyzer: &mut TextAnalyzer) -> Result<UserQuery, Error> {
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::bad_input("query", format!("must be at most {MAX_QUERY_CHARS} characters")));
        }
        if input.matches('"').count() % 2 == 1 {
            return Err(Error::bad_input("query", "a quoted phrase is not closed: add the closing \""));
        }
        let mut query = UserQuery::default();
        let mut last_free_word_ends_input = false;
        for (index, segment) in input.split('"').enumerate() {
            let quoted = index % 2 == 1;
            if quoted {
                let phrase = words(analyzer, segment);
                match phrase.len() {
                    0 => {}
                    1 => push_unique(&mut query.words, phrase.into_iter().next().unwrap_or_default()),
                    _ => query.phrases.push(phrase),
                }
                last_free_word_ends_input = false;
                continue;
            }
            for token in segment.split_whitespace() {
                match token.strip_prefix('-') {
                    Some(excluded) => {
                        for word in words(analyzer, excluded) {
                            push_unique(&mut query.excluded, word);
                        }
                        last_free_word_ends_input = false;
                    }
                    None => {
                        let found = words(analyzer, token);
                        last_free_word_ends_input = !found.is_empty();
                        for word in found {
                            push_unique(&mut query.words, word);
                        }
                    }
                }
            }
            if segment.ends_with(char::is_whitespace) {
                last_free_word_ends_input = false;
            }
        }
        let long_enough = query.words.last().is_some_and(|word| word.chars().count() >= MIN_PREFIX_CHARS);
        query.last_is_prefix = last_free_word_ends_input && long_enough && !input.ends_with(char::is_whitespace);
        let count = query.words.len() + query.phrases.iter().map(Vec::len).sum::<usize>() + query.excluded.len();
        if count > MAX_WORDS {
            return Err(Error::bad_input("query", format!("must have at most {MAX_WORDS} words")));
        }
        if query.words.is_empty() && query.phrases.is_empty() && !query.excluded.is_empty() {
            return Err(Error::bad_input("query", "needs a word to find, not only words to leave out"));
        }
        Ok(query)
    }

    /// Nothing to match: every document passes (filters still apply).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// The query over `fields` (each with its boost); `None` when there is nothing to match.
    pub fn to_query(&self, fields: &[(Field, f32)], synonyms: &Synonyms) -> Option<Box<dyn Query>> {
        if self.is_empty() {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (index, word) in self.words.iter().enumerate() {
            let typing = self.last_is_prefix && index + 1 == self.words.len();
            clauses.push((Occur::Must, word_query(fields, word, synonyms, typing)));
        }
        for phrase in &self.phrases {
            let per_field = fields.iter().map(|&(field, boost)| boosted(phrase_query(field, phrase), boost)).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::union(per_field))));
        }
        for word in &self.excluded {
            let per_field = fields.iter().map(|&(field, _)| term_query(field, word)).collect();
            clauses.push((Occur::MustNot, Box::new(BooleanQuery::union(per_field))));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Whether `token` (normalised) is one this query matches: for highlighting.
    pub fn matches(&self, token: &str, synonyms: &Synonyms) -> bool {
        let word_matches = |word: &str, typing: bool| {
            token == word
                || (typing && token.starts_with(word))
                || synonyms.of(word).iter().any(|form| form.iter().any(|part| part == token))
                || within(word, token, typo_budget(word))
        };
        self.words
            .iter()
            .enumerate()
            .any(|(index, word)| word_matches(word, self.last_is_prefix && index + 1 == self.words.len()))
            || self.phrases.iter().flatten().any(|word| word == token)
    }
}

fn push_unique(words: &mut Vec<String>, word: String) {
    if !words.contains(&word) {
        words.push(word);
    }
}

fn term_query(field: Field, word: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs))
}

fn phrase_query(field: Field, words: &[String]) -> Box<dyn Query> {
    Box::new(PhraseQuery::new(words.iter().map(|word| Term::from_field_text(field, word)).collect()))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// One word in any field and any form: exact (scored by BM25), synonyms,
/// typos and, while typing, prefixes (constant scores below exact ones).
fn word_query(fields: &[(Field, f32)], word: &str, synonyms: &Synonyms, typing: bool) -> Box<dyn Query> {
    let budget = typo_budget(word);
    let mut forms: Vec<Box<dyn Query>> = Vec::new();
    for &(field, boost) in fields {
        forms.push(boosted(term_query(field, word), boost));
        for form in synonyms.of(word) {
            let query = match form.as_slice() {
                [single] => term_query(field, single),
                _ => phrase_query(field, form),
            };
            forms.push(boosted(query, boost * SYNONYM_WEIGHT));
        }
        let term = Term::from_field_text(field, word);
        if budget > 0 {
            let typo = Box::new(FuzzyTermQuery::new(term.clone(), budget, true));
            forms.push(Box::new(ConstScoreQuery::new(typo, boost * TYPO_WEIGHT)));
        }
        if typing {
            let prefix = Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true));
            forms.push(Box::new(ConstScoreQuery::new(prefix, boost * PREFIX_WEIGHT)));
            if budget > 0 {
                let typo_prefix = Box::new(FuzzyTermQuery::new_prefix(term, budget, true));
                forms.push(Box::new(ConstScoreQuery::new(typo_prefix, boost * TYPO_WEIGHT)));
            }
        }
    }
    Box::new(BooleanQuery::union(forms))
}

/// Whether `a` and `b` are at most `budget` edits apart (a transposition
/// counts one, as in the index's typo matching).
pub fn within(a: &str, b: &str, budget: u8) -> bool {
    if budget == 0 {
        return a == b;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > budget as usize {
        return false;
    }
    // Optimal string alignment distance.
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()] <= budget as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fields::analyzer;

    fn parse(input: &str) -> Result<UserQuery, Error> {
        UserQuery::parse(input, &mut analyzer())
    }

    #[test]
    fn words_phrases_exclusions_and_the_word_being_typed() {
        let query = parse("Senior Rüst \"site reliability\" -java deve").unwrap();
        assert_eq!(query.words, vec!["senior", "rust", "deve"]);
        assert_eq!(query.phrases, vec![vec!["site".to_string(), "reliability".to_string()]]);
        assert_eq!(query.excluded, vec!["java"]);
        assert!(query.last_is_prefix);
        assert!(!parse("rust ").unwrap().last_is_prefix);
        assert!(!parse("rust -go").unwrap().last_is_prefix);
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn bad_queries_are_refused_with_the_reason() {
        for (input, reason) in [
            ("x".repeat(MAX_QUERY_CHARS + 1), "at most"),
            ("\"site reliability".into(), "not closed"),
            ("-java".into(), "only words to leave out"),
            ((0..=MAX_WORDS).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" "), "at most"),
        ] {
            let error = parse(&input).unwrap_err();
            assert!(error.public_message().contains(reason), "{input}: {}", error.public_message());
        }
    }

    #[test]
    fn typo_budget_grows_with_the_word() {
        assert_eq!((typo_budget("rust"), typo_budget("react"), typo_budget("developer")), (0, 1, 2));
        assert!(within("developer", "develpoer", 1), "a transposition is one edit");
        assert!(within("kubernetes", "kubernets", 1));
        assert!(!within("rust", "bust", 0));
        assert!(!within("python", "pyth", 1));
    }
}
