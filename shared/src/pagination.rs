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

/// An opaque position in a list, tagged with the list it belongs to, so a
/// cursor from one list given to another is refused rather than obeyed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub list: Cow<'static, str>,
    pub position: u64,
}

/// Why a string is not a cursor.
#[derive(Debug, thiserror::Error)]
#[error("not a cursor")]
pub struct NotACursor;

impl CursorType for Cursor {
    type Error = NotACursor;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| NotACursor)?;
        let text = String::from_utf8(bytes).map_err(|_| NotACursor)?;
        let (list, position) = text.strip_prefix("cursor:").and_then(|rest| rest.rsplit_once(':')).ok_or(NotACursor)?;
        let position: u64 = position.parse().map_err(|_| NotACursor)?;
        // Positions index rows of a database table: nothing beyond what OFFSET takes.
        if position > i64::MAX as u64 {
            return Err(NotACursor);
        }
        Ok(Cursor { list: Cow::Owned(list.to_string()), position })
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("cursor:{}:{}", self.list, self.position))
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
    /// The list the page is of (its items' type), written into its cursors.
    pub list: &'static str,
    pub offset: u64,
    pub limit: u64,
    pub total: u64,
}

impl PageWindow {
    /// The one page of an empty list.
    pub fn empty(list: &'static str) -> Self {
        PageWindow { list, offset: 0, limit: 0, total: 0 }
    }
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

fn cursor(list: &str, name: &str, value: Option<&str>) -> Result<Option<u64>> {
    let refused = || Error::bad_input(name, "is not a cursor from this list");
    value
        .map(|s| match Cursor::decode_cursor(s) {
            Ok(cursor) if cursor.list == list => Ok(cursor.position),
            _ => Err(refused()),
        })
        .transpose()
}

impl PageArgs {
    /// Checks the arguments before any query runs; `list` names the list
    /// (its items' type) that the cursors must come from.
    pub fn validate(&self, list: &str) -> Result<()> {
        page_size("first", self.first)?;
        page_size("last", self.last)?;
        cursor(list, "after", self.after.as_deref())?;
        cursor(list, "before", self.before.as_deref())?;
        if self.first.is_some() && self.last.is_some() {
            return Err(Error::bad_input("last", "use either `first` or `last`, not both"));
        }
        Ok(())
    }

    /// The rows of `list` to read once its length is known.
    pub fn window(&self, list: &'static str, total: u64) -> Result<PageWindow> {
        self.validate(list)?;
        let after = cursor(list, "after", self.after.as_deref())?;
        let mut start = after.map_or(0, |after| after + 1).min(total);
        let mut end = cursor(list, "before", self.before.as_deref())?.unwrap_or(total).min(total).max(start);
        let first = page_size("first", self.first)?;
        let last = page_size("last", self.last)?;
        match (first, last) {
            (_, Some(last)) => start = start.max(end.saturating_sub(last)),
            (Some(first), None) => end = end.min(start + first),
            (None, None) => end = end.min(start + DEFAULT_PAGE_SIZE),
        }
        Ok(PageWindow { list, offset: start, limit: end - start, total })
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
    connection.edges = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            Edge::new(Cursor { list: Cow::Borrowed(window.list), position: window.offset + i as u64 }, item)
        })
        .collect();
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

    const LIST: &str = "Job";

    fn at(list: &'static str, position: u64) -> Option<String> {
        Some(Cursor { list: Cow::Borrowed(list), position }.encode_cursor())
    }

    fn after(n: u64) -> Option<String> {
        at(LIST, n)
    }

    #[test]
    fn windows_follow_relay_arguments() {
        let w = |args: PageArgs| args.window(LIST, 50).unwrap();
        let window = |offset, limit| PageWindow { list: LIST, offset, limit, total: 50 };
        assert_eq!(w(PageArgs::default()), window(0, 20));
        assert_eq!(w(PageArgs::forward(Some(10), after(9))), window(10, 10));
        assert_eq!(w(PageArgs::forward(Some(100), after(45))), window(46, 4));
        let last = PageArgs { last: Some(5), before: after(20), ..Default::default() };
        assert_eq!(w(last), window(15, 5));
        let tail = PageArgs { last: Some(5), ..Default::default() };
        assert_eq!(w(tail), window(45, 5));
        // A cursor past the end (rows deleted meanwhile) gives an empty last page, not page one.
        assert_eq!(w(PageArgs::forward(Some(10), after(1_000))), window(50, 0));
    }

    #[test]
    fn oversized_negative_and_forged_arguments_are_refused() {
        let raw = |text: &str| Some(URL_SAFE_NO_PAD.encode(text));
        for args in [
            PageArgs::forward(Some(101), None),
            PageArgs::forward(Some(-1), None),
            PageArgs::forward(Some(1), Some("not-a-cursor".into())),
            PageArgs { first: Some(1), last: Some(1), ..Default::default() },
            // u64::MAX would overflow `after + 1`, or wrap to page one.
            PageArgs::forward(Some(1), at(LIST, u64::MAX)),
            PageArgs::forward(Some(1), raw(&format!("cursor:{LIST}:{}", u64::MAX))),
            PageArgs { last: Some(1), before: at(LIST, u64::MAX), ..Default::default() },
            PageArgs::forward(Some(1), raw(&format!("cursor:{LIST}:-1"))),
            PageArgs::forward(Some(1), raw(&format!("cursor:{LIST}:"))),
            PageArgs::forward(Some(1), raw("cursor:5")),
            PageArgs::forward(Some(1), raw("\u{0}\u{ff}garbage")),
            PageArgs::forward(Some(1), Some("%%%".into())),
            // Another list's cursor.
            PageArgs::forward(Some(1), at("Application", 3)),
        ] {
            let error = args.window(LIST, 10).unwrap_err();
            assert_eq!(error.code(), crate::error::ErrorCode::BadUserInput, "{args:?}");
        }
    }
}
