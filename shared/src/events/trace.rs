//! W3C trace context carried from a request into the events it causes, and
//! from a consumed event into the events its handler records, so one trace
//! id follows a mutation through Kafka into every consumer.

use std::future::Future;

tokio::task_local! {
    static TRACEPARENT: Option<String>;
}

/// The `traceparent` header name, on HTTP requests and Kafka messages alike.
pub const HEADER: &str = "traceparent";

/// Runs `future` with `traceparent` as the current trace context.
pub async fn with_traceparent<F: Future>(traceparent: Option<String>, future: F) -> F::Output {
    let traceparent = traceparent.filter(|value| is_valid(value));
    TRACEPARENT.scope(traceparent, future).await
}

/// The current trace context, if the task runs under one.
pub fn current() -> Option<String> {
    TRACEPARENT.try_with(Clone::clone).ok().flatten()
}

/// The trace id of a `traceparent` value (version-traceid-spanid-flags), for logs.
pub fn trace_id(traceparent: &str) -> Option<&str> {
    traceparent.split('-').nth(1)
}

fn is_valid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 4
        && [2, 32, 16, 2].iter().zip(&parts).all(|(len, part)| part.len() == *len)
        && parts.iter().all(|part| part.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_context_is_scoped_to_the_task_and_checked() {
        let value = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_string();
        assert_eq!(with_traceparent(Some(value.clone()), async { current() }).await, Some(value));
        assert_eq!(with_traceparent(Some("garbage".into()), async { current() }).await, None);
        assert_eq!(current(), None);
        assert_eq!(
            trace_id("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
    }
}
