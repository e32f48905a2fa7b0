//! Synonyms and abbreviations: groups of forms a seeker may type for one
//! another, read from a file (`synonyms.txt` ships as the default).

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

/// The shipped groups.
pub const DEFAULTS: &str = include_str!("../synonyms.txt");

/// Each one-word form, normalised, to the other forms of its groups (each
/// a list of normalised words).
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    alternatives: HashMap<String, Vec<Vec<String>>>,
}

impl Synonyms {
    /// Parses groups, one per line, forms separated by commas; `#` starts a comment.
    pub fn parse(text: &str, analyzer: &mut TextAnalyzer) -> anyhow::Result<Self> {
        let mut alternatives: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let forms: Vec<Vec<String>> =
                line.split(',').map(|form| crate::query::words(analyzer, form)).filter(|f| !f.is_empty()).collect();
            if forms.len() < 2 {
                anyhow::bail!("synonyms line {}: a group needs at least two forms: {line}", number + 1);
            }
            for (index, form) in forms.iter().enumerate() {
                if let [word] = form.as_slice() {
                    let others = alternatives.entry(word.clone()).or_default();
                    for (other_index, other) in forms.iter().enumerate() {
                        if other_index != index && !others.contains(other) {
                            others.push(other.clone());
                        }
                    }
                }
            }
        }
        Ok(Synonyms { alternatives })
    }

    pub fn defaults(analyzer: &mut TextAnalyzer) -> Self {
        Synonyms::parse(DEFAULTS, analyzer).expect("the shipped synonyms parse")
    }

    /// The other forms of `word` (normalised).
    pub fn of(&self, word: &str) -> &[Vec<String>] {
        self.alternatives.get(word).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_one_word_form_finds_the_others_of_its_group() {
        let mut analyzer = crate::index::fields::analyzer();
        let synonyms = Synonyms::parse("js, JavaScript\nml, machine learning # comment\n", &mut analyzer).unwrap();
        assert_eq!(synonyms.of("js"), &[vec!["javascript".to_string()]]);
        assert_eq!(synonyms.of("javascript"), &[vec!["js".to_string()]]);
        assert_eq!(synonyms.of("ml"), &[vec!["machine".to_string(), "learning".to_string()]]);
        assert!(synonyms.of("machine").is_empty());
        assert!(Synonyms::parse("lonely\n", &mut analyzer).is_err());
        assert!(!Synonyms::defaults(&mut analyzer).of("k8s").is_empty());
    }
}
