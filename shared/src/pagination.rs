//! Relay connections with opaque cursors and a hard page-size limit.
//!
//! A cursor encodes a position in the sorted result; clients treat it as an
//! opaque string. Pages are read with `LIMIT/OFFSET` after one `COUNT(*)`
//! (which also answers `totalCount`), so `first/after` and `last/before` both
//! work for every sort order a service offers.

use std::borrow::Cow;

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::indexmap::IndexMap;
use async_graphql::registry::{__DirectiveLocation, MetaDirective, MetaDirectiveInvocation, MetaInputValue, Registry};
use async_graphql::{OutputType, SimpleObject, Value};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{Error, Result};

/// No page is ever larger than this, whatever the client asks for.
pub const MAX_PAGE_SIZE: u64 = 100;
/// The page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// An opaque position in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(pub u64);

impl CursorType for Cursor {
    type Error = std::num::ParseIntError;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let bytes = URL_SAFE_NO_PAD.decode(s).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        text.strip_prefix("cursor:").unwrap_or("x").parse().map(Cursor)
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("cursor:{}", self.0))
    }
}

/// The Relay arguments of a list field, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl PageArgs {
    pub fn forward(first: Option<i32>, after: Option<String>) -> Self {
        PageArgs { first, after, ..Default::default() }
    }
}

/// A validated page request: which rows of a list of `total` rows to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageWindow {
    pub offset: u64,
    pub limit: u64,
    pub total: u64,
}

fn page_size(name: &str, value: Option<i32>) -> Result<Option<u64>> {
    match value {
        None => Ok(None),
        Some(n) if n < 0 => Err(Error::bad_input(name, "must not be negative")),
        Some(n) if n as u64 > MAX_PAGE_SIZE => {
            Err(Error::bad_input(name, format!("at most {MAX_PAGE_SIZE} items per page")))
        }
        Some(n) => Ok(Some(n as u64)),
    }
}

fn cursor(name: &str, value: Option<&str>) -> Result<Option<u64>> {
    value
        .map(|s| {
            Cursor::decode_cursor(s).map(|c| c.0).map_err(|_| Error::bad_input(name, "is not a cursor from this list"))
        })
        .transpose()
}

impl PageArgs {
    /// Checks the arguments before any query runs.
    pub fn validate(&self) -> Result<()> {
        page_size("first", self.first)?;
        page_size("last", self.last)?;
        cursor("after", self.after.as_deref())?;
        cursor("before", self.before.as_deref())?;
        if self.first.is_some() && self.last.is_some() {
            return Err(Error::bad_input("last", "use either `first` or `last`, not both"));
        }
        Ok(())
    }

    /// The rows to read once the list's length is known.
    pub fn window(&self, total: u64) -> Result<PageWindow> {
        self.validate()?;
        let mut start = cursor("after", self.after.as_deref())?.map_or(0, |after| after + 1).min(total);
        let mut end = cursor("before", self.before.as_deref())?.unwrap_or(total).min(total).max(start);
        let first = page_size("first", self.first)?;
        let last = page_size("last", self.last)?;
        match (first, last) {
            (_, Some(last)) => start = start.max(end.saturating_sub(last)),
            (Some(first), None) => end = end.min(start + first),
            (None, None) => end = end.min(start + DEFAULT_PAGE_SIZE),
        }
        Ok(PageWindow { offset: start, limit: end - start, total })
    }
}

/// `totalCount` on every connection.
#[derive(SimpleObject)]
pub struct TotalCount {
    /// How many items the whole list holds, across all pages.
    pub total_count: i64,
}

/// A page of a list as GraphQL returns it.
pub type Page<T> = Connection<Cursor, T, TotalCount>;

/// Wraps the rows read for `window` into a connection.
pub fn page<T: OutputType>(window: PageWindow, items: Vec<T>) -> Page<T> {
    let has_previous = window.offset > 0;
    let has_next = window.offset + (items.len() as u64) < window.total;
    let mut connection =
        Connection::with_additional_fields(has_previous, has_next, TotalCount { total_count: window.total as i64 });
    connection.edges =
        items.into_iter().enumerate().map(|(i, item)| Edge::new(Cursor(window.offset + i as u64), item)).collect();
    connection
}

/// Federation's `@listSize` directive on a connection field: a page holds
/// as many edges as its slicing arguments ask for. The router's cost limit
/// (demand control) multiplies what each edge costs by that.
/// `#[graphql(directive = PageSize::apply(Slicing::FirstOrLast))]` on every
/// such field.
pub struct PageSize;

/// The arguments that size a page.
#[derive(Clone, Copy, Debug)]
pub enum Slicing {
    /// `first` or `last`.
    FirstOrLast,
    /// Only `first` (a forward-only connection).
    First,
}

impl PageSize {
    pub fn apply(slicing: Slicing) -> MetaDirectiveInvocation {
        list_size(match slicing {
            Slicing::FirstOrLast => &["first", "last"],
            Slicing::First => &["first"],
        })
    }
}

const LIST_SIZE: &str = "listSize";

fn list_size(slicing_arguments: &[&str]) -> MetaDirectiveInvocation {
    let names = |names: &[&str]| Value::List(names.iter().map(|name| Value::String(name.to_string())).collect());
    let mut args = IndexMap::new();
    args.insert("slicingArguments".to_string(), names(slicing_arguments));
    args.insert("sizedFields".to_string(), names(&["edges"]));
    args.insert("requireOneSlicingArgument".to_string(), Value::Boolean(false));
    MetaDirectiveInvocation { name: LIST_SIZE.to_string(), args }
}

/// The directive's definition, as federation (v2.9) specifies it.
fn register_list_size(registry: &mut Registry) {
    let arg = |name: &str, ty: &str, default_value: Option<&str>| {
        let value = MetaInputValue {
            name: name.to_string(),
            description: None,
            ty: ty.to_string(),
            deprecation: Default::default(),
            default_value: default_value.map(str::to_string),
            visible: None,
            inaccessible: false,
            tags: vec![],
            is_secret: false,
            directive_invocations: vec![],
        };
        (name.to_string(), value)
    };
    registry.add_directive(MetaDirective {
        name: LIST_SIZE.to_string(),
        description: None,
        locations: vec![__DirectiveLocation::FIELD_DEFINITION],
        args: IndexMap::from_iter([
            arg("assumedSize", "Int", None),
            arg("slicingArguments", "[String!]", None),
            arg("sizedFields", "[String!]", None),
            arg("requireOneSlicingArgument", "Boolean", Some("true")),
        ]),
        is_repeatable: false,
        visible: None,
        composable: None,
    });
}

impl async_graphql::TypeDirective for PageSize {
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(LIST_SIZE)
    }

    fn register(&self, registry: &mut Registry) {
        register_list_size(registry)
    }
}

impl async_graphql::registry::location_traits::Directive_At_FIELD_DEFINITION for PageSize {}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(n: u64) -> Option<String> {
        Some(Cursor(n).encode_cursor())
    }

    #[test]
    fn windows_follow_relay_arguments() {
        let w = |args: PageArgs| args.window(50).unwrap();
        assert_eq!(w(PageArgs::default()), PageWindow { offset: 0, limit: 20, total: 50 });
        assert_eq!(w(PageArgs::forward(Some(10), after(9))), PageWindow { offset: 10, limit: 10, total: 50 });
        assert_eq!(w(PageArgs::forward(Some(100), after(45))), PageWindow { offset: 46, limit: 4, total: 50 });
        let last = PageArgs { last: Some(5), before: after(20), ..Default::default() };
        assert_eq!(w(last), PageWindow { offset: 15, limit: 5, total: 50 });
        let tail = PageArgs { last: Some(5), ..Default::default() };
        assert_eq!(w(tail), PageWindow { offset: 45, limit: 5, total: 50 });
    }

    #[test]
    fn oversized_negative_and_forged_arguments_are_refused() {
        for args in [
            PageArgs::forward(Some(101), None),
            PageArgs::forward(Some(-1), None),
            PageArgs::forward(Some(1), Some("not-a-cursor".into())),
            PageArgs { first: Some(1), last: Some(1), ..Default::default() },
        ] {
            let error = args.window(10).unwrap_err();
            assert_eq!(error.code(), crate::error::ErrorCode::BadUserInput);
        }
    }
}
