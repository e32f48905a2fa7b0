//! Highlighted snippets: the words of a text that the query matched (in
//! any of the forms it matches: synonyms, typos, the prefix being typed),
//! wrapped in `<mark>`, the rest HTML-escaped.

use tantivy::tokenizer::TextAnalyzer;

use crate::query::UserQuery;
use crate::synonyms::Synonyms;

#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// `title` or `description`.
    pub field: &'static str,
    /// HTML: escaped text with `<mark>` around matched words.
    pub snippet: String,
}

/// The snippet of `text` around what `query` matched, at most `window`
/// characters long (the whole text without one); `None` when nothing matched.
pub fn highlight(
    analyzer: &mut TextAnalyzer,
    text: &str,
    query: &UserQuery,
    synonyms: &Synonyms,
    window: Option<usize>,
) -> Option<String> {
    if query.is_empty() {
        return None;
    }
    let mut stream = analyzer.token_stream(text);
    let mut marks: Vec<(usize, usize)> = Vec::new();
    while stream.advance() {
        let token = stream.token();
        if query.matches(&token.text, synonyms) {
            marks.push((token.offset_from, token.offset_to));
        }
    }
    let &(first_from, _) = marks.first()?;
    let (start, end) = match window {
        None => (0, text.len()),
        Some(window) => {
            // Some words of context before the first match, then up to `window` characters.
            let start = floor_boundary(text, first_from.saturating_sub(window / 4));
            let start = if start == 0 { 0 } else { text[start..].find(' ').map_or(start, |space| start + space + 1) };
            let end = text[start..].char_indices().nth(window).map_or(text.len(), |(at, _)| start + at);
            (start.min(first_from), end)
        }
    };
    let mut snippet = String::new();
    if start > 0 {
        snippet.push('…');
    }
    let mut at = start;
    for (from, to) in marks.into_iter().filter(|&(from, to)| from >= start && to <= end) {
        snippet.push_str(&escape(&text[at..from]));
        snippet.push_str("<mark>");
        snippet.push_str(&escape(&text[from..to]));
        snippet.push_str("</mark>");
        at = to;
    }
    snippet.push_str(&escape(&text[at..end]));
    if end < text.len() {
        snippet.push('…');
    }
    Some(snippet)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fields::analyzer;

    fn query(text: &str) -> UserQuery {
        UserQuery::parse(text, &mut analyzer()).unwrap()
    }

    #[test]
    fn matched_words_are_marked_and_the_rest_escaped() {
        let synonyms = Synonyms::defaults(&mut analyzer());
        let snippet =
            highlight(&mut analyzer(), "Senior <Rust> Developer & JS", &query("developer js "), &synonyms, None)
                .unwrap();
        assert_eq!(snippet, "Senior &lt;Rust&gt; <mark>Developer</mark> &amp; <mark>JS</mark>");
        assert_eq!(highlight(&mut analyzer(), "Gardener", &query("rust"), &synonyms, None), None);
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let synonyms = Synonyms::default();
        let text = format!("{} kubernetes {}", "word ".repeat(100), "tail ".repeat(100));
        let snippet = highlight(&mut analyzer(), &text, &query("kubernetes"), &synonyms, Some(80)).unwrap();
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("<mark>kubernetes</mark>"), "{snippet}");
        assert!(snippet.chars().count() < 120, "{snippet}");
    }
}
