//! `searchCompanies`: companies by name and description, best first.

use chrono::Utc;
use jobgraph_shared::Error;
use jobgraph_shared::events::payloads::CompanySnapshot;
use tantivy::query::{BooleanQuery, Occur};
use uuid::Uuid;

use crate::index::SearchIndex;
use crate::index::fields::kind;
use crate::query::UserQuery;
use crate::search::{Cursor, SortBy, matching, page_size, ranked_page, term_filter};

#[derive(Clone, Debug)]
pub struct CompanyHit {
    pub id: Uuid,
    pub score: f32,
    pub cursor: String,
}

#[derive(Clone, Debug)]
pub struct CompanyResults {
    pub total_count: usize,
    pub hits: Vec<CompanyHit>,
    pub has_next_page: bool,
}

impl SearchIndex {
    /// Listed companies matching `query` (all of them, newest first, without one).
    pub fn search_companies(
        &self,
        query: Option<&str>,
        first: Option<i32>,
        after: Option<&str>,
    ) -> Result<CompanyResults, Error> {
        let first = page_size(first)?;
        let user_query = UserQuery::parse(query.unwrap_or_default(), &mut self.analyzer())?;
        let after = after.map(|text| Cursor::decode(text, SortBy::Relevance)).transpose()?;
        let now = after.as_ref().map_or_else(|| Utc::now().timestamp(), |cursor| cursor.now);
        let mut clauses = vec![(Occur::Must, term_filter(self.fields.kind, kind::COMPANY))];
        clauses.push((Occur::Must, matching(&user_query, &self.fields.company_text(), &self.synonyms)));
        let searcher = self.reader.searcher();
        let page = ranked_page(
            &searcher,
            &BooleanQuery::new(clauses),
            SortBy::Relevance,
            None,
            after.as_ref(),
            now,
            first,
            None::<tantivy::collector::Count>,
        )?;
        let hits = page
            .items
            .into_iter()
            .map(|ranked| {
                let company: CompanySnapshot = self.snapshot_at(&searcher, ranked.address).map_err(Error::internal)?;
                Ok(CompanyHit { id: company.id, score: ranked.score, cursor: ranked.cursor })
            })
            .collect::<Result<_, Error>>()?;
        Ok(CompanyResults { total_count: page.total_count, hits, has_next_page: page.has_next_page })
    }
}
