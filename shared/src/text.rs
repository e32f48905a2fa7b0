//! Validated input: trimmed, bounded strings, IDs and URLs. Each returns a
//! BAD_USER_INPUT error naming the field, so callers only write `?`.

use uuid::Uuid;

use crate::error::{Error, Result};

/// A trimmed, non-empty string of at most `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::bad_input(field, "must not be empty"));
    }
    bounded(field, value, max)
}

/// Like [`required`], but empty or missing means `None`.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => bounded(field, value, max).map(Some),
    }
}

/// A language tag such as `en`, `de` or `pt-BR`: a language of two or three
/// lowercase letters, optionally a region of two capitals.
pub fn locale(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let mut parts = value.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    let valid = parts.next().is_none()
        && (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|region| region.len() == 2 && region.chars().all(|c| c.is_ascii_uppercase()));
    if valid {
        Ok(value.to_string())
    } else {
        Err(Error::bad_input(field, format!("`{value}` is not a language tag such as en, de or pt-BR")))
    }
}

fn bounded(field: &str, value: &str, max: usize) -> Result<String> {
    if value.chars().count() > max {
        return Err(Error::bad_input(field, format!("must be at most {max} characters")));
    }
    Ok(value.to_string())
}

/// An ID the client sent, which must be one of ours (a UUID).
pub fn id(field: &str, value: &str) -> Result<Uuid> {
    Uuid::parse_str(value.trim()).map_err(|_| Error::bad_input(field, "is not a valid ID"))
}

/// An optional http(s) URL of at most 2048 characters.
pub fn url(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = optional(field, value, 2048)? else { return Ok(None) };
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !value.contains(char::is_whitespace) => {
            Ok(Some(value))
        }
        _ => Err(Error::bad_input(field, "must be an http(s) URL")),
    }
}

/// A URL-safe slug: lowercase ASCII letters, digits and single dashes.
pub fn slugify(value: &str) -> String {
    let mut slug = String::new();
    for c in value.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A slug the client chose: it must already be in slug form.
pub fn slug(field: &str, value: &str) -> Result<String> {
    let value = required(field, value, 80)?;
    if slugify(&value) != value {
        return Err(Error::bad_input(field, "may hold only lowercase letters, digits and single dashes"));
    }
    Ok(value)
}

/// A lowercase `%text%` LIKE pattern for a case-insensitive "contains"
/// search; LIKE's wildcards in `text` are dropped, not interpreted.
pub fn contains_pattern(text: &str) -> String {
    let kept: String = text.to_lowercase().chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
    format!("%{kept}%")
}

/// An ISO 4217 currency code, uppercased.
pub fn currency(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_uppercase();
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(Error::bad_input(field, "must be a currency code such as EUR or USD"));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_language_tags() {
        for good in ["en", "de", "pt-BR", "fil"] {
            assert_eq!(locale("locale", good).unwrap(), good);
        }
        for bad in ["", "english", "EN", "en-us", "en_US", "de-DE-x", "e"] {
            assert!(locale("locale", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings_are_trimmed_and_bounded() {
        assert_eq!(required("name", "  Ada  ", 10).unwrap(), "Ada");
        assert!(required("name", "   ", 10).is_err());
        assert!(required("name", "abcdefghijk", 10).is_err());
        assert_eq!(optional("bio", Some(" "), 10).unwrap(), None);
    }

    #[test]
    fn slugs_and_urls() {
        assert_eq!(slugify("  Acme & Co. GmbH "), "acme-co-gmbh");
        assert!(slug("slug", "Acme").is_err());
        assert!(slug("slug", "acme-co").is_ok());
        assert!(url("website", Some("https://acme.example")).unwrap().is_some());
        assert!(url("website", Some("javascript:alert(1)")).is_err());
        assert!(id("id", "nope").is_err());
    }
}
