//! What the report needs from a check run, taken while the run's pages, analyses and
//! bibliography are still in memory: a few plain values per page and per source, so the
//! run's data can be disposed of as `check` disposes of it.

use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::{Date, Page};
use crate::markdown::Analysis;

/// The run's data the facts are read from.
pub(crate) struct Sources<'a> {
    pub(crate) config: &'a Config,
    pub(crate) pages: &'a [Page],
    /// By page index, as rendered.
    pub(crate) analyses: &'a [Analysis],
    pub(crate) bibliography: &'a Bibliography,
}

/// One page, as the report sees it.
#[derive(Debug, Clone)]
pub(crate) struct PageFacts {
    pub(crate) file: String,
    pub(crate) title: String,
    /// The folder under `content/` the page is in (`""` for the top level).
    pub(crate) section: String,
    /// A section's own page (`_index.md`): a listing, not an explainer with a review.
    pub(crate) is_section_index: bool,
    /// `(reviewed, due)` when the page has a `reviewed` date.
    pub(crate) review: Option<(Date, Date)>,
    pub(crate) has_reviewer: bool,
    pub(crate) words: usize,
    pub(crate) citations: usize,
}

/// A bibliography entry marked retracted, with the places that cite it.
#[derive(Debug, Clone)]
pub(crate) struct RetractedFacts {
    pub(crate) key: String,
    pub(crate) line: usize,
    /// `(file, line)` of each citation of it, in page order.
    pub(crate) cited_at: Vec<(String, usize)>,
}

/// Everything the report aggregates besides the findings.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub(crate) pages: Vec<PageFacts>,
    /// The bibliography's file, from the site root.
    pub(crate) bibliography: String,
    /// The `year` of each entry that has one.
    pub(crate) years: Vec<i32>,
    pub(crate) entries: usize,
    pub(crate) retracted: Vec<RetractedFacts>,
}

impl Facts {
    pub(crate) fn gather(sources: &Sources) -> Facts {
        let Sources {
            config,
            pages,
            analyses,
            bibliography,
        } = *sources;
        let page_facts = pages
            .iter()
            .enumerate()
            .map(|(i, page)| page_facts(page, analyses.get(i), config))
            .collect();
        let mut retracted: Vec<RetractedFacts> = Vec::new();
        let mut slot = vec![None; bibliography.entries.len()];
        for (index, entry) in bibliography.entries.iter().enumerate() {
            if entry.retracted {
                slot[index] = Some(retracted.len());
                retracted.push(RetractedFacts {
                    key: entry.key.clone(),
                    line: entry.line,
                    cited_at: Vec::new(),
                });
            }
        }
        if !retracted.is_empty() {
            for (page, analysis) in pages.iter().zip(analyses) {
                for citation in &analysis.citations {
                    for (entry, offset) in citation.entries_at() {
                        if let Some(r) = entry.and_then(|e| slot.get(e).copied().flatten()) {
                            let line = page.position(page.body_offset + offset).0;
                            retracted[r].cited_at.push((page.source.clone(), line));
                        }
                    }
                }
            }
        }
        Facts {
            pages: page_facts,
            bibliography: bibliography.file.clone(),
            years: bibliography.entries.iter().filter_map(|e| e.year).collect(),
            entries: bibliography.entries.len(),
            retracted,
        }
    }
}

fn page_facts(page: &Page, analysis: Option<&Analysis>, config: &Config) -> PageFacts {
    let section = match page.rel.rsplit_once('/') {
        Some((folder, _)) => folder.to_string(),
        None => String::new(),
    };
    let review = crate::check::review_overdue::due_date(page, config)
        .map(|(reviewed, due, _)| (reviewed, due));
    let has_reviewer = page
        .meta
        .reviewed_by
        .as_deref()
        .is_some_and(|name| !name.trim().is_empty());
    PageFacts {
        file: page.source.clone(),
        title: page.title(),
        section,
        is_section_index: page.is_section_index,
        review,
        has_reviewer,
        words: analysis.map_or(0, |a| a.words),
        citations: analysis.map_or(0, |a| a.citations.iter().filter(|c| c.is_valid()).count()),
    }
}
