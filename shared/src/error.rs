//! One error type for every service, carrying the stable codes of DOMAIN.md.
//!
//! `Error` deliberately does not implement `Display`: async-graphql converts any
//! `Display` type into a bare error without extensions, and we want every error
//! to go through `From<Error> for async_graphql::Error`, which adds
//! `extensions.code` and hides internal details.

use std::fmt;
use std::sync::Arc;

/// Stable error codes, exposed as `extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// The code named `code`, if it is one of ours.
    pub fn parse(code: &str) -> Option<Self> {
        use ErrorCode::*;
        [Unauthenticated, Forbidden, NotFound, BadUserInput, Conflict, RateLimited, Internal]
            .into_iter()
            .find(|known| known.as_str() == code)
    }
}

/// A failure a caller can act on (with a safe message), or an internal one
/// (logged in full, shown only as "internal error").
#[derive(Clone)]
pub enum Error {
    Client {
        code: ErrorCode,
        message: String,
        /// The input field at fault, when there is one (`extensions.field`).
        field: Option<String>,
    },
    Internal(Arc<anyhow::Error>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn client(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::Client { code, message: message.into(), field: None }
    }
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::Unauthenticated, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::Forbidden, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::Conflict, message)
    }
    pub fn rate_limited(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::RateLimited, message)
    }
    /// Bad input in a named field, e.g. `Error::bad_input("title", "must not be empty")`.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let message = format!("{field}: {}", message.into());
        Error::Client { code: ErrorCode::BadUserInput, message, field: Some(field) }
    }
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Error::Internal(Arc::new(error.into()))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Client { code, .. } => *code,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The message safe to show a client.
    pub fn public_message(&self) -> &str {
        match self {
            Error::Client { message, .. } => message,
            Error::Internal(_) => "internal error",
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Client { code, message, .. } => write!(f, "{}: {message}", code.as_str()),
            Error::Internal(error) => write!(f, "INTERNAL: {error:?}"),
        }
    }
}

/// For event handlers and commands, whose errors are logged, not shown to clients.
impl From<Error> for anyhow::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::Internal(cause) => anyhow::anyhow!("{cause:?}"),
            client => anyhow::anyhow!("{client:?}"),
        }
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(error: sea_orm::DbErr) -> Self {
        Error::internal(error)
    }
}

impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        if let Error::Internal(cause) = &error {
            // The request span carries the request id, so this line can be
            // matched with the client's report.
            tracing::error!(error = ?cause, "internal error");
        }
        let code = error.code();
        let field = match &error {
            Error::Client { field, .. } => field.clone(),
            Error::Internal(_) => None,
        };
        async_graphql::Error::new(error.public_message()).extend_with(|_, ext| {
            ext.set("code", code.as_str());
            if let Some(field) = field {
                ext.set("field", field);
            }
        })
    }
}

use async_graphql::ErrorExtensions as _;

/// True when a database error is a unique-constraint violation, which our
/// services turn into CONFLICT with a message naming what is taken.
pub fn is_unique_violation(error: &sea_orm::DbErr) -> bool {
    matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Gives every error in a response an `extensions.code`: errors raised by the
/// GraphQL layer itself (parse, validation, input coercion such as an unknown
/// enum value) carry none, and they are all the client's input at fault.
pub fn ensure_error_codes(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", ErrorCode::BadUserInput.as_str());
        }
    }
}
