//! The subgraph secret: when `JOBGRAPH_SUBGRAPH_SECRET` is set, every
//! request the router sends a subgraph carries it, and the subgraphs
//! (started with the same variable) refuse requests without it, so a
//! subgraph reachable on the network serves nobody who bypasses the router.
//!
//! The router configuration inserts the header (a `headers` rule reading
//! the variable): the engine applies those rules to every subgraph request,
//! subscriptions included, where it runs no plugin hook.

/// The environment variable both the router and the subgraphs read.
pub const VARIABLE: &str = "JOBGRAPH_SUBGRAPH_SECRET";
