//! The index's feed: `job.*` and `company.*` events applied to the index.
//! Each replica reads the job topic in its own consumer group and commits
//! its offsets only after the index has committed what it read, so a crash
//! re-reads events rather than losing them; applying an event twice leaves
//! the same documents (each is replaced by its id).

use std::sync::Arc;
use std::time::Instant;

use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanyDeleted, CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted, JobSnapshot,
    JobStatusChanged, JobUpdated,
};
use jobgraph_shared::events::{Envelope, Topic, Transport};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Term};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::SearchIndex;
use super::documents::{company_document, indexable, job_document, listed};
use super::fields::kind;

/// Events read per step: the index commits once per step, so a busy topic
/// is indexed in large commits and a quiet one within milliseconds.
const BATCH: usize = 2000;

impl SearchIndex {
    /// Applies `events` in order and commits: searches see them on return.
    pub fn apply(&self, events: &[Envelope]) -> anyhow::Result<()> {
        let mut writer = self.writer.lock().expect("index writer lock");
        let mut pending = false;
        for event in events {
            if let Err(error) = self.apply_one(&mut writer, event, &mut pending) {
                // The index failing stops the feed (and the replica); an event
                // it cannot read is skipped, as the other consumers dead-letter it.
                if error.downcast_ref::<tantivy::TantivyError>().is_some() {
                    return Err(error);
                }
                tracing::warn!(event_id = %event.event_id, event_type = %event.event_type, ?error, "event skipped");
            }
        }
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn apply_one(&self, writer: &mut IndexWriter, event: &Envelope, pending: &mut bool) -> anyhow::Result<()> {
        match event.event_type.as_str() {
            "job.created" => self.put_job(writer, &event.decode::<JobCreated>()?.job),
            "job.updated" => self.put_job(writer, &event.decode::<JobUpdated>()?.job),
            "job.status_changed" => self.put_job(writer, &event.decode::<JobStatusChanged>()?.job),
            "job.deleted" => {
                writer.delete_term(self.id_term(event.decode::<JobDeleted>()?.job_id));
                Ok(())
            }
            "company.created" => self.put_company(writer, event.decode::<CompanyCreated>()?.company, pending),
            "company.updated" => self.put_company(writer, event.decode::<CompanyUpdated>()?.company, pending),
            "company.deleted" => {
                let deleted = event.decode::<CompanyDeleted>()?;
                match self.company(deleted.company_id) {
                    Some(mut company) => {
                        company.deleted_at = Some(deleted.deleted_at);
                        self.put_company(writer, company, pending)
                    }
                    None => Ok(()),
                }
            }
            _ => return Ok(()),
        }?;
        *pending = true;
        Ok(())
    }

    fn id_term(&self, id: Uuid) -> Term {
        Term::from_field_text(self.fields.id, &id.to_string())
    }

    /// A published job goes in (replacing what was there); anything else goes out.
    fn put_job(&self, writer: &IndexWriter, job: &JobSnapshot) -> anyhow::Result<()> {
        writer.delete_term(self.id_term(job.id));
        if indexable(job) {
            let company = self.company(job.company_id);
            writer.add_document(job_document(&self.fields, job, company.as_ref()))?;
        }
        Ok(())
    }

    /// A company's document, and its jobs' documents when what they carry of it changed.
    fn put_company(
        &self,
        writer: &mut IndexWriter,
        company: CompanySnapshot,
        pending: &mut bool,
    ) -> anyhow::Result<()> {
        let before = self.company(company.id);
        writer.delete_term(self.id_term(company.id));
        writer.add_document(company_document(&self.fields, &company))?;
        let carried = |c: &CompanySnapshot| (c.name.clone(), c.is_verified, listed(c));
        let jobs_change = before.as_ref().is_none_or(|before| carried(before) != carried(&company));
        self.companies.write().expect("companies lock").insert(company.id, company.clone());
        if !jobs_change {
            return Ok(());
        }
        // The company's jobs are read back from the index: commit first, so
        // jobs indexed earlier in this batch are among them.
        if *pending {
            writer.commit()?;
            self.reader.reload()?;
            *pending = false;
        }
        let searcher = self.reader.searcher();
        let of_company = Term::from_field_text(self.fields.company_id, &company.id.to_string());
        let job_kinds: Vec<(Occur, Box<dyn Query>)> = [kind::JOB, kind::HIDDEN_JOB]
            .into_iter()
            .map(|of_kind| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.kind, of_kind),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, query)
            })
            .collect();
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(TermQuery::new(of_company, IndexRecordOption::Basic))),
            (Occur::Must, Box::new(BooleanQuery::new(job_kinds))),
        ]);
        for job in self.stored_snapshots::<JobSnapshot>(&searcher, &query)? {
            writer.delete_term(self.id_term(job.id));
            writer.add_document(job_document(&self.fields, &job, Some(&company)))?;
        }
        Ok(())
    }
}

/// Reads the job topic into the index until `shutdown`.
pub async fn run(index: Arc<SearchIndex>, transport: Transport, shutdown: CancellationToken) -> anyhow::Result<()> {
    let mut source = transport.subscribe(index.consumer_group(), &[Topic::Jobs])?;
    tracing::info!(group = index.consumer_group(), "the search index follows the job events");
    loop {
        let batch = tokio::select! {
            _ = shutdown.cancelled() => break,
            batch = source.next_batch(BATCH) => batch?,
        };
        let began = Instant::now();
        let events: Vec<Envelope> = batch
            .iter()
            .filter_map(|delivery| match serde_json::from_slice::<Envelope>(&delivery.payload) {
                Ok(envelope) => Some(envelope),
                Err(error) => {
                    tracing::warn!(topic = %delivery.topic, offset = delivery.offset, %error, "not an event: skipped");
                    None
                }
            })
            .collect();
        let writing = index.clone();
        tokio::task::spawn_blocking(move || writing.apply(&events)).await??;
        source.commit(&batch)?;
        tracing::debug!(events = batch.len(), took_ms = began.elapsed().as_millis() as u64, "indexed");
    }
    source.close().await
}
