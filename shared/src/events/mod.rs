//! The event backbone (ARCHITECTURE.md, Events): every service records its
//! events in its own `outbox` table inside the transaction of the change, a
//! relay publishes them, and consumers apply them idempotently.
//!
//! - [`envelope`]: the envelope, the [`Event`] trait and the topics
//! - [`payloads`]: one Rust type per event of DOMAIN.md
//! - [`outbox`]: recording events in a business transaction
//! - [`relay`]: outbox to broker, in order per aggregate
//! - [`consumer`]: handlers in one transaction with `processed_events`,
//!   retries, the dead-letter topic
//! - [`transport`]: Kafka, or the in-process bus of `jobgraph dev`; one code path
//! - [`metrics`]: Prometheus figures of all of the above

pub mod bus;
pub mod consumer;
pub mod envelope;
pub mod kafka;
pub mod metrics;
pub mod outbox;
pub mod payloads;
pub mod relay;
pub mod replay;
pub mod trace;
pub mod transport;

pub use consumer::{Consumer, Handler, Incoming, Mode, RetryPolicy};
pub use envelope::{Envelope, Event, Topic};
pub use outbox::Outbox;
pub use relay::Relay;
pub use transport::{Delivery, Message, Source, Transport};
