//! Integration tests of the notifications subgraph, over its HTTP routes, on
//! a fresh PostgreSQL database per test; it is fed the way it is in
//! production, by events through its consumer, and sends email to a real
//! SMTP server (aiosmtpd) or to files.

mod helpers;

mod email;
mod feed;
mod from_events;
mod permissions;
mod subscription;
mod templates;
