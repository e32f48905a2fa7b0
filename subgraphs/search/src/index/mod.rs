//! The search index: one tantivy index per replica, on disk (memory-mapped)
//! or in memory for tests. It is built only from `job.*` and `company.*`
//! events ([`feed`]); a marker file beside it names the consumer group that
//! fills it and the format it was built with, so a replica resumes where it
//! stopped and a changed schema starts a fresh index (and a fresh group,
//! which reads the topics from the beginning).

pub mod documents;
pub mod feed;
pub mod fields;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context as _;
use jobgraph_shared::events::payloads::CompanySnapshot;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value as _};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use uuid::Uuid;

use crate::synonyms::Synonyms;
use fields::{Fields, kind};

/// Raised when how documents are built changes, so indexes built the old way rebuild
/// (2: titles suggested from every word).
const DOCUMENT_FORMAT: u32 = 2;
const MARKER: &str = "jobgraph-index.json";
/// The writer's indexing memory per thread (tantivy's minimum is 15 MB).
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;
/// Indexing threads, and search threads: one per core, at most four.
fn writer_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get().min(4))
}

/// Where the index lives.
#[derive(Clone, Debug)]
pub enum Location {
    Directory(PathBuf),
    /// Tests: nothing survives the process.
    Memory,
}

#[derive(Serialize, Deserialize, PartialEq)]
struct Marker {
    /// A fingerprint of the schema and [`DOCUMENT_FORMAT`].
    format: String,
    /// The consumer group that fills this index (its own, per replica).
    consumer_group: String,
}

pub struct SearchIndex {
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    /// Every company the events told of, by id: job documents carry their
    /// name and verification, and are hidden while the company is suspended or deleted.
    companies: RwLock<HashMap<Uuid, CompanySnapshot>>,
    pub(crate) synonyms: Synonyms,
    consumer_group: String,
    /// Set when this process made the index (new, or rebuilt after a schema change).
    pub created: bool,
}

fn format_fingerprint(schema: &tantivy::schema::Schema) -> String {
    let schema = serde_json::to_string(schema).unwrap_or_default();
    let hash =
        schema.bytes().fold(0xcbf29ce484222325u64, |hash, byte| (hash ^ byte as u64).wrapping_mul(0x100000001b3));
    format!("{DOCUMENT_FORMAT}-{hash:016x}")
}

fn new_consumer_group() -> String {
    format!("search-index-{}", Uuid::now_v7())
}

impl SearchIndex {
    /// Opens the index at `location`, or creates it; an index of another
    /// format is removed and created afresh (its consumer group is new, so it
    /// is rebuilt from the topics).
    pub fn open(location: &Location, synonyms: Synonyms) -> anyhow::Result<Arc<SearchIndex>> {
        let (schema, fields) = Fields::schema();
        let format = format_fingerprint(&schema);
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor { compression_level: Some(3) }),
            ..IndexSettings::default()
        };
        let (mut index, marker, created) = match location {
            Location::Memory => {
                let index = Index::builder().schema(schema).settings(settings).create_in_ram()?;
                (index, Marker { format, consumer_group: new_consumer_group() }, true)
            }
            Location::Directory(dir) => {
                let existing = read_marker(dir).filter(|marker| marker.format == format);
                match existing {
                    Some(marker) => {
                        let index = Index::open_in_dir(dir)
                            .with_context(|| format!("opening the index in {}", dir.display()))?;
                        (index, marker, false)
                    }
                    None => {
                        if dir.exists() {
                            tracing::warn!(dir = %dir.display(), "the index was built by another format: rebuilding it from the topics");
                            std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
                        }
                        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
                        let index = Index::builder().schema(schema).settings(settings).create_in_dir(dir)?;
                        let marker = Marker { format, consumer_group: new_consumer_group() };
                        std::fs::write(dir.join(MARKER), serde_json::to_vec_pretty(&marker)?)?;
                        (index, marker, true)
                    }
                }
            }
        };
        index.tokenizers().register(fields::ANALYZER, fields::analyzer());
        let threads = if matches!(location, Location::Memory) { 1 } else { writer_threads() };
        if threads > 1 {
            // A query's segments are searched side by side, one per core: a
            // search of a large index waits for its largest share, not the whole.
            index.set_multithread_executor(threads)?;
        }
        let writer = index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let search_index = SearchIndex {
            fields,
            reader,
            writer: Mutex::new(writer),
            companies: RwLock::new(HashMap::new()),
            synonyms,
            consumer_group: marker.consumer_group,
            created,
        };
        search_index.load_companies()?;
        Ok(Arc::new(search_index))
    }

    /// A throwaway index in memory holding `jobs` alone (as this index would
    /// hold them): saved searches run over it to match new jobs.
    pub fn scratch(&self, jobs: &[jobgraph_shared::events::payloads::JobSnapshot]) -> anyhow::Result<Arc<SearchIndex>> {
        let scratch = SearchIndex::open(&Location::Memory, self.synonyms.clone())?;
        {
            let mut writer = scratch.writer.lock().expect("index writer lock");
            for job in jobs {
                let company = self.company(job.company_id);
                writer.add_document(documents::job_document(&self.fields, job, company.as_ref()))?;
            }
            writer.commit()?;
        }
        scratch.reader.reload()?;
        Ok(scratch)
    }

    /// Segments in the current view of the index (what a search spreads over its threads).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Segments one search works on at a time.
    pub fn search_threads(&self) -> usize {
        match self.reader.searcher().index().search_executor() {
            tantivy::Executor::SingleThread => 1,
            tantivy::Executor::ThreadPool(pool) => pool.current_num_threads(),
        }
    }

    /// The consumer group that fills this index.
    pub fn consumer_group(&self) -> &str {
        &self.consumer_group
    }

    /// The analyzer of the index's text, for query words.
    pub fn analyzer(&self) -> tantivy::tokenizer::TextAnalyzer {
        fields::analyzer()
    }

    /// How many documents of `kind` searches can see.
    pub fn count(&self, of_kind: &str) -> anyhow::Result<usize> {
        let query = TermQuery::new(Term::from_field_text(self.fields.kind, of_kind), IndexRecordOption::Basic);
        Ok(self.reader.searcher().search(&query, &tantivy::collector::Count)?)
    }

    pub fn company(&self, id: Uuid) -> Option<CompanySnapshot> {
        self.companies.read().expect("companies lock").get(&id).cloned()
    }

    /// Companies' names by id, for facet labels.
    pub fn company_names(&self, ids: impl IntoIterator<Item = Uuid>) -> HashMap<Uuid, String> {
        let companies = self.companies.read().expect("companies lock");
        ids.into_iter().filter_map(|id| companies.get(&id).map(|company| (id, company.name.clone()))).collect()
    }

    /// The snapshots stored in the documents `query` matches.
    pub(crate) fn stored_snapshots<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
    ) -> anyhow::Result<Vec<T>> {
        let addresses = searcher.search(query, &DocSetCollector)?;
        addresses.into_iter().map(|address| self.snapshot_at(searcher, address)).collect()
    }

    pub(crate) fn snapshot_at<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> anyhow::Result<T> {
        let document: TantivyDocument = searcher.doc(address)?;
        let bytes = document.get_first(self.fields.snapshot).and_then(|value| value.as_bytes()).unwrap_or_default();
        Ok(serde_json::from_slice(bytes)?)
    }

    fn load_companies(&self) -> anyhow::Result<()> {
        let searcher = self.reader.searcher();
        let mut companies = self.companies.write().expect("companies lock");
        for of_kind in [kind::COMPANY, kind::HIDDEN_COMPANY] {
            let query = TermQuery::new(Term::from_field_text(self.fields.kind, of_kind), IndexRecordOption::Basic);
            for company in self.stored_snapshots::<CompanySnapshot>(&searcher, &query)? {
                companies.insert(company.id, company);
            }
        }
        Ok(())
    }
}

fn read_marker(dir: &Path) -> Option<Marker> {
    serde_json::from_slice(&std::fs::read(dir.join(MARKER)).ok()?).ok()
}
