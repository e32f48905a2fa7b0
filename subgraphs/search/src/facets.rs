//! Facet counts over every match, in the same pass as the ranking: per
//! segment, a count per term ordinal of each field's fast column (an array
//! index per match, no hashing), turned into values once per segment and
//! summed across segments; salaries counted by band of the yearly maximum.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::money;
use crate::search::Facet;

/// Counts of each value of each requested facet (salary bands keyed by their index).
pub(crate) type FacetCounts = Vec<(Facet, HashMap<String, u64>)>;

pub(crate) struct FacetCollector {
    facets: Vec<Facet>,
}

impl FacetCollector {
    pub(crate) fn new(facets: &[Facet]) -> Self {
        FacetCollector { facets: facets.to_vec() }
    }
}

enum Counter {
    Terms { column: Option<StrColumn>, counts: Vec<u64> },
    Salary { column: Option<Column<f64>>, counts: [u64; money::BANDS.len()] },
}

pub(crate) struct SegmentFacets {
    counters: Vec<(Facet, Counter)>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        let counters = self
            .facets
            .iter()
            .map(|facet| {
                let counter = if *facet == Facet::Salary {
                    Counter::Salary { column: fast.f64("salary_max").ok(), counts: [0; money::BANDS.len()] }
                } else {
                    let column = fast.str(facet.field())?;
                    let terms = column.as_ref().map_or(0, |column| column.num_terms());
                    Counter::Terms { column, counts: vec![0; terms] }
                };
                Ok((*facet, counter))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentFacets { counters })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged: FacetCounts = self.facets.iter().map(|facet| (*facet, HashMap::new())).collect();
        for segment in segments {
            for ((_, total), (_, counts)) in merged.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *total.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, counter) in &mut self.counters {
            match counter {
                Counter::Terms { column: Some(column), counts } => {
                    for ord in column.ords().values_for_doc(doc) {
                        counts[ord as usize] += 1;
                    }
                }
                Counter::Salary { column: Some(column), counts } => {
                    if let Some(band) = column.first(doc).and_then(band_of) {
                        counts[band] += 1;
                    }
                }
                _ => {}
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        self.counters
            .into_iter()
            .map(|(facet, counter)| {
                let mut values = HashMap::new();
                match counter {
                    Counter::Terms { column: Some(column), counts } => {
                        let mut value = String::new();
                        for (ord, count) in counts.into_iter().enumerate().filter(|(_, count)| *count > 0) {
                            value.clear();
                            if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                                values.insert(value.clone(), count);
                            }
                        }
                    }
                    Counter::Salary { counts, .. } => {
                        values.extend(counts.iter().enumerate().map(|(band, count)| (band.to_string(), *count)));
                    }
                    Counter::Terms { column: None, .. } => {}
                }
                (facet, values)
            })
            .collect()
    }
}

/// The band holding a yearly salary: from inclusive, to exclusive.
fn band_of(yearly: f64) -> Option<usize> {
    money::BANDS.iter().position(|(from, to)| yearly >= *from && to.is_none_or(|to| yearly < to))
}

#[cfg(test)]
mod tests {
    use super::band_of;

    #[test]
    fn a_salary_falls_in_the_band_that_starts_at_or_below_it() {
        assert_eq!(band_of(0.0), Some(0));
        assert_eq!(band_of(29_999.0), Some(0));
        assert_eq!(band_of(30_000.0), Some(1));
        assert_eq!(band_of(1_000_000.0), Some(5));
        assert_eq!(band_of(-1.0), None);
    }
}
