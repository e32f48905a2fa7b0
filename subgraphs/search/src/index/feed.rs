//! The index's feed: `job.*` and `company.*` events applied to the index.
//! Each replica reads the job topic in its own consumer group and commits
//! its offsets only after the index has committed what it read, so a crash
//! re-reads events rather than losing them; applying an event twice leaves
//! the same documents (each is replaced by its id).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use jobgraph_shared::events::kafka::Kafka;
use jobgraph_shared::events::payloads::{
    CompanyCreated, CompanyDeleted, CompanySnapshot, CompanyUpdated, JobCreated, JobDeleted, JobSnapshot,
    JobStatusChanged, JobUpdated,
};
use jobgraph_shared::events::replay::read_to_end;
use jobgraph_shared::events::{Delivery, Envelope, Source, Topic, Transport};
use sea_orm::DatabaseConnection;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, IndexWriter, Searcher, TERMINATED, Term};
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
    /// Returns the jobs searches did not find before and find now (newly
    /// published, or published again), as they are now.
    pub fn apply(&self, events: &[Envelope]) -> anyhow::Result<Vec<JobSnapshot>> {
        let newly_found = self.stage(events)?;
        self.commit()?;
        Ok(newly_found)
    }

    /// Makes what was staged searchable.
    pub fn commit(&self) -> anyhow::Result<()> {
        self.writer.lock().expect("index writer lock").commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Applies `events` in order, leaving the last of them to [`Self::commit`];
    /// returns the jobs the index newly finds once committed.
    pub fn stage(&self, events: &[Envelope]) -> anyhow::Result<Vec<JobSnapshot>> {
        let before = self.reader.searcher();
        let mut writer = self.writer.lock().expect("index writer lock");
        let mut pending = false;
        // Each job's last state in this batch, in the order first seen.
        let mut put: Vec<JobSnapshot> = Vec::new();
        let mut put_at: std::collections::HashMap<uuid::Uuid, usize> = std::collections::HashMap::new();
        for event in events {
            let applied = match job_of(event) {
                Some(Ok(job)) => {
                    let applied = self.put_job(&writer, &job).map(|()| pending = true);
                    match put_at.get(&job.id) {
                        Some(&at) => put[at] = job,
                        None => {
                            put_at.insert(job.id, put.len());
                            put.push(job);
                        }
                    }
                    applied
                }
                Some(Err(error)) => Err(error),
                None => self.apply_company(&mut writer, event, &mut pending),
            };
            if let Err(error) = applied {
                // The index failing stops the feed (and the replica); an event
                // it cannot read is skipped, as the other consumers dead-letter it.
                if error.downcast_ref::<tantivy::TantivyError>().is_some() {
                    return Err(error);
                }
                tracing::warn!(event_id = %event.event_id, event_type = %event.event_type, ?error, "event skipped");
            }
        }
        drop(writer);
        let listed_jobs: Vec<JobSnapshot> = put
            .into_iter()
            .filter(|job| indexable(job) && self.company(job.company_id).as_ref().is_none_or(listed))
            .collect();
        let found_before = self.visible_jobs_among(&before, &listed_jobs)?;
        Ok(listed_jobs.into_iter().filter(|job| !found_before.contains(&job.id)).collect())
    }

    /// Which of `jobs` `searcher` holds as visible job documents: a term
    /// lookup per job and segment, then one walk of each segment's visible
    /// jobs. (A query per job cost more than indexing the job: each search
    /// is handed to the search threads and back.)
    fn visible_jobs_among(&self, searcher: &Searcher, jobs: &[JobSnapshot]) -> anyhow::Result<HashSet<Uuid>> {
        let visible_kind = Term::from_field_text(self.fields.kind, kind::JOB);
        let mut found = HashSet::new();
        for segment in searcher.segment_readers() {
            let ids = segment.inverted_index(self.fields.id)?;
            let mut docs: Vec<(DocId, Uuid)> = Vec::new();
            for job in jobs {
                let Some(info) = ids.get_term_info(&self.id_term(job.id))? else { continue };
                let mut postings = ids.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                while postings.doc() != TERMINATED {
                    if !segment.is_deleted(postings.doc()) {
                        docs.push((postings.doc(), job.id));
                    }
                    postings.advance();
                }
            }
            if docs.is_empty() {
                continue;
            }
            docs.sort_unstable();
            let kinds = segment.inverted_index(self.fields.kind)?;
            let Some(mut visible) = kinds.read_postings(&visible_kind, IndexRecordOption::Basic)? else { continue };
            for (doc, id) in docs {
                if visible.seek(doc) == doc {
                    found.insert(id);
                }
            }
        }
        Ok(found)
    }

    /// A `company.*` event; others are not the index's business.
    fn apply_company(&self, writer: &mut IndexWriter, event: &Envelope, pending: &mut bool) -> anyhow::Result<()> {
        match event.event_type.as_str() {
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
            _ => Ok(()),
        }?;
        *pending = true;
        Ok(())
    }

    fn id_term(&self, id: Uuid) -> Term {
        Term::from_field_text(self.fields.id, &id.to_string())
    }

    /// A published job goes in (replacing what was there); anything else
    /// (a draft, a closed or deleted job) goes out.
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

/// The events of `batch`; a record that is not one is skipped (and logged).
fn envelopes(batch: &[Delivery]) -> Vec<Envelope> {
    batch
        .iter()
        .filter_map(|delivery| match serde_json::from_slice::<Envelope>(&delivery.payload) {
            Ok(envelope) => Some(envelope),
            Err(error) => {
                tracing::warn!(topic = %delivery.topic, offset = delivery.offset, %error, "not an event: skipped");
                None
            }
        })
        .collect()
}

/// Builds the index at `dir` afresh from the job topic's beginning, beside
/// the one there (in `<dir>.rebuild`, in a new consumer group), and puts it
/// in its place once it has caught up; `progress(done, total)` as it reads.
/// Nobody is alerted: jobs found during a rebuild were found before. The
/// replica using `dir` picks the new index up when it starts again.
pub async fn rebuild(
    dir: &std::path::Path,
    synonyms: crate::synonyms::Synonyms,
    kafka: &Kafka,
    progress: impl Fn(u64, u64),
) -> anyhow::Result<u64> {
    let mut next = dir.as_os_str().to_owned();
    next.push(".rebuild");
    let next = std::path::PathBuf::from(next);
    if next.exists() {
        std::fs::remove_dir_all(&next)?;
    }
    let index = SearchIndex::open(&super::Location::Directory(next.clone()), synonyms)?;
    let topics = vec![kafka.topic_name(Topic::Jobs.name())];
    let source = Source::Kafka(kafka.subscribe(index.consumer_group(), &topics)?);
    let read = read_to_end(kafka, &topics, source, progress, async |batch: &[Delivery]| {
        let events = envelopes(batch);
        let writing = index.clone();
        tokio::task::spawn_blocking(move || writing.apply(&events)).await??;
        Ok(())
    })
    .await?;
    drop(index);
    let mut old = dir.as_os_str().to_owned();
    old.push(".old");
    let old = std::path::PathBuf::from(old);
    if dir.exists() {
        std::fs::rename(dir, &old)?;
    }
    std::fs::rename(&next, dir)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(read)
}

/// The job a `job.*` event carries as it is now (a deleted one with its
/// `deletedAt`); `None` for other events.
fn job_of(event: &Envelope) -> Option<anyhow::Result<JobSnapshot>> {
    Some(match event.event_type.as_str() {
        "job.created" => event.decode::<JobCreated>().map(|e| e.job),
        "job.updated" => event.decode::<JobUpdated>().map(|e| e.job),
        "job.status_changed" => event.decode::<JobStatusChanged>().map(|e| e.job),
        // Deleted whatever the snapshot says.
        "job.deleted" => event.decode::<JobDeleted>().map(|deleted| {
            let mut job = deleted.job;
            job.deleted_at.get_or_insert(deleted.deleted_at);
            job
        }),
        _ => return None,
    })
}

/// Reads the job topic into the index until `shutdown`; jobs it newly
/// finds are matched against the saved searches in `db`.
pub async fn run(
    index: Arc<SearchIndex>,
    db: DatabaseConnection,
    transport: Transport,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let mut source = transport.subscribe(index.consumer_group(), &[Topic::Jobs])?;
    tracing::info!(group = index.consumer_group(), "the search index follows the job events");
    loop {
        let batch = tokio::select! {
            _ = shutdown.cancelled() => break,
            batch = source.next_batch(BATCH) => batch?,
        };
        let began = Instant::now();
        let events = envelopes(&batch);
        let writing = index.clone();
        let newly_found = tokio::task::spawn_blocking(move || writing.stage(&events)).await??;
        // Alerts before the index commits: after a crash the batch is read
        // again and its jobs are still new to the index (alerts_sent keeps
        // those already sent from going twice); after the index commit they
        // would not be.
        crate::alerts::match_new_jobs(&db, &index, &newly_found, crate::schema::saved_filter).await?;
        let committing = index.clone();
        tokio::task::spawn_blocking(move || committing.commit()).await??;
        source.commit(&batch)?;
        tracing::debug!(events = batch.len(), took_ms = began.elapsed().as_millis() as u64, "indexed");
    }
    source.close().await
}
