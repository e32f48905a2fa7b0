//! The index's fields. Jobs and companies share one index, told apart by
//! `kind`; a job or company that must not be found (a suspended company's
//! jobs) stays in the index under a hidden kind, so it comes back without
//! its events being read again.

use tantivy::schema::{
    BytesOptions, FAST, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

/// The analyzer of every full-text field, and of query words.
pub const ANALYZER: &str = "jobgraph";

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The values of `kind`.
pub mod kind {
    /// A published job of a listed company: what searches find.
    pub const JOB: &str = "job";
    /// A published job whose company is suspended or deleted.
    pub const HIDDEN_JOB: &str = "hidden_job";
    pub const COMPANY: &str = "company";
    pub const HIDDEN_COMPANY: &str = "hidden_company";
}

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub kind: tantivy::schema::Field,
    pub id: tantivy::schema::Field,
    pub company_id: tantivy::schema::Field,
    // Full text.
    pub title: tantivy::schema::Field,
    pub skills_text: tantivy::schema::Field,
    pub company_name: tantivy::schema::Field,
    pub description: tantivy::schema::Field,
    // Filters and facets.
    pub skill: tantivy::schema::Field,
    pub category: tantivy::schema::Field,
    pub employment_type: tantivy::schema::Field,
    pub experience_level: tantivy::schema::Field,
    pub remote_policy: tantivy::schema::Field,
    pub country: tantivy::schema::Field,
    pub city: tantivy::schema::Field,
    pub verified: tantivy::schema::Field,
    /// Yearly, in euros (see [`crate::money`]).
    pub salary_min: tantivy::schema::Field,
    pub salary_max: tantivy::schema::Field,
    /// Unix seconds.
    pub published_at: tantivy::schema::Field,
    /// Each location's coordinates, packed ([`crate::geo::pack`]).
    pub geo: tantivy::schema::Field,
    /// Breaks ties between equal sort keys, so pages neither skip nor repeat.
    pub tiebreak: tantivy::schema::Field,
    /// `kind:normalised text\u{1}Display text` terms for suggestions.
    pub suggest: tantivy::schema::Field,
    /// The event's snapshot (JSON): what documents are rebuilt and highlighted from.
    pub snapshot: tantivy::schema::Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        // Positions, for the phrases of multi-word synonyms and quoted queries.
        let text = || {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let keyword = STRING | FAST;
        let number = || NumericOptions::default().set_indexed().set_fast();
        let fields = Fields {
            kind: builder.add_text_field("kind", STRING),
            id: builder.add_text_field("id", STRING),
            company_id: builder.add_text_field("company_id", keyword.clone()),
            title: builder.add_text_field("title", text()),
            skills_text: builder.add_text_field("skills_text", text()),
            company_name: builder.add_text_field("company_name", text()),
            description: builder.add_text_field("description", text()),
            skill: builder.add_text_field("skill", keyword.clone()),
            category: builder.add_text_field("category", keyword.clone()),
            employment_type: builder.add_text_field("employment_type", keyword.clone()),
            experience_level: builder.add_text_field("experience_level", keyword.clone()),
            remote_policy: builder.add_text_field("remote_policy", keyword.clone()),
            country: builder.add_text_field("country", keyword.clone()),
            city: builder.add_text_field("city", keyword),
            verified: builder.add_bool_field("verified", INDEXED | FAST),
            salary_min: builder.add_f64_field("salary_min", number()),
            salary_max: builder.add_f64_field("salary_max", number()),
            published_at: builder.add_i64_field("published_at", number()),
            geo: builder.add_u64_field("geo", FAST),
            tiebreak: builder.add_u64_field("tiebreak", FAST),
            suggest: builder.add_text_field("suggest", STRING),
            snapshot: builder.add_bytes_field("snapshot", BytesOptions::from(STORED)),
        };
        (builder.build(), fields)
    }

    /// Full-text fields of jobs with their boosts: a word in the title counts most.
    pub fn job_text(&self) -> [(tantivy::schema::Field, f32); 4] {
        [(self.title, 4.0), (self.skills_text, 3.0), (self.company_name, 2.0), (self.description, 1.0)]
    }

    /// Full-text fields of companies.
    pub fn company_text(&self) -> [(tantivy::schema::Field, f32); 2] {
        [(self.company_name, 4.0), (self.description, 1.0)]
    }
}
