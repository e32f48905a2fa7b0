//! search's consumer of `user-events`: the token revocations its server
//! checks, so a token revoked by a password change or a deactivation stops
//! reading history and saved searches within seconds, not when it expires.

use jobgraph_shared::events::{Envelope, Handler, Mode, Topic};
use sea_orm::DatabaseTransaction;

pub struct UserEvents;

impl Handler for UserEvents {
    fn topics(&self) -> &'static [Topic] {
        &[Topic::Users]
    }

    fn caches(&self) -> &'static [&'static str] {
        &[jobgraph_shared::revocations::TABLE]
    }

    async fn handle(&self, txn: &DatabaseTransaction, event: &Envelope, _mode: Mode) -> anyhow::Result<()> {
        jobgraph_shared::revocations::apply(txn, event).await?;
        Ok(())
    }
}
