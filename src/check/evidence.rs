//! What the two evidence checks share: the kind of evidence each citation of a claim unit
//! is, and whether the unit's own words say so. Input: a page's analysis, the bibliography
//! (whose entries carry their evidence) and the lock (for an identifier no entry carries);
//! output: for `evidence/animal-only` and `evidence/preprint`, one finding per unit whose
//! every citation is of the kind and whose text never names it. Both read only
//! `citations.lock` and the bibliography: no network.

use super::allow::allows;
use super::{at, per_page, SiteView};
use crate::citations::evidence::{evidence, Evidence};
use crate::citations::{Cited, Entry};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::analysis::{Analysis, Citation, Unit};
use std::borrow::Cow;

/// One evidence check: which sources it is about, and the words that say so.
pub(super) struct Kind {
    pub(super) code: Code,
    /// Whether a source is of the kind this check is about.
    pub(super) is: fn(&Evidence) -> bool,
    /// Words (lower case) that say a unit is about such sources.
    pub(super) words: &'static [&'static str],
    /// Whether the sources' own species names count as saying so.
    pub(super) species_count: bool,
    /// The finding's message, given the cited sources' labels (`study in rats`).
    pub(super) message: fn(&str) -> String,
    pub(super) help: &'static str,
}

/// Runs `kind` over every claim unit of the site; `extra` are the site's own words.
pub(super) fn run(site: &SiteView, kind: &Kind, extra: &[String]) -> Vec<Diagnostic> {
    per_page(site, |page, analysis, found| {
        for unit in analysis
            .units
            .iter()
            .filter(|u| !u.heading && !u.in_footnote)
        {
            let Some(sources) = unit_evidence(site, analysis, unit) else {
                continue;
            };
            if !sources.iter().all(|e| (kind.is)(e)) {
                continue;
            }
            let text = normalize(&prose_without_citations(page.body(), analysis, unit));
            let species = sources
                .iter()
                .filter(|_| kind.species_count)
                .flat_map(|e| e.species.iter().map(String::as_str));
            let mut words = kind.words.iter().copied().chain(species);
            let said = words.any(|w| says(&text, &normalize(w)))
                || extra.iter().any(|w| says(&text, &normalize(w)));
            if said || allows(page, unit.start, kind.code) {
                continue;
            }
            let mut labels: Vec<String> = sources.iter().map(|e| e.label_in_sentence()).collect();
            labels.dedup();
            let offset = unit
                .citations
                .first()
                .map_or(unit.start, |&i| analysis.citations[i].span.start);
            found.push(
                at(kind.code, page, offset)
                    .message((kind.message)(&labels.join("; ")))
                    .help(kind.help),
            );
        }
    })
}

/// The evidence of every source `unit` cites (through its footnotes too); `None` when it
/// cites nothing, or a source whose kind is not known.
fn unit_evidence<'s>(
    site: &'s SiteView,
    analysis: &Analysis,
    unit: &Unit,
) -> Option<Vec<Cow<'s, Evidence>>> {
    let mut all = Vec::new();
    for citation in analysis.unit_citations(unit) {
        for (i, entry) in citation.entries.iter().enumerate() {
            all.push(source_evidence(site, citation, i, *entry)?);
        }
    }
    (!all.is_empty()).then_some(all)
}

/// The evidence of item `i` of `citation`: its entry's, or for an identifier no entry
/// carries, what the lock records about it.
fn source_evidence<'s>(
    site: &'s SiteView,
    citation: &Citation,
    i: usize,
    entry: Option<usize>,
) -> Option<Cow<'s, Evidence>> {
    if let Some(entry) = entry {
        return site.bibliography.entries[entry]
            .evidence
            .as_ref()
            .map(Cow::Borrowed);
    }
    let (Cited::Id(id), 0) = (&citation.cited, i) else {
        return None;
    };
    let recorded = site.lock?.evidence_of(id)?;
    let bare = Entry {
        ids: vec![id.clone()],
        ..Entry::default()
    };
    evidence(&bare, &[recorded]).map(Cow::Owned)
}

/// The unit's prose with its citations left out: a key (`[@rat-study]`) is not the
/// writer's words.
fn prose_without_citations(body: &str, analysis: &Analysis, unit: &Unit) -> String {
    let mut text = String::new();
    for run in &unit.prose {
        let mut from = run.start;
        for &i in &unit.citations {
            let span = &analysis.citations[i].span;
            if span.start >= from && span.end <= run.end {
                text.push_str(body.get(from..span.start).unwrap_or(""));
                text.push(' ');
                from = span.end;
            }
        }
        text.push_str(body.get(from..run.end).unwrap_or(""));
        text.push(' ');
    }
    text
}

/// Lower case, every run of whitespace one space, hyphens as spaces: `In-Vitro\ncells` →
/// `in vitro cells`.
fn normalize(text: &str) -> String {
    let lowered = text.to_lowercase().replace(['-', '\u{2011}'], " ");
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` holds `word` (both normalized) as a whole word or phrase.
fn says(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_and_phrases_in_any_case_or_spacing() {
        let text = normalize("A finding In\nVitro, in rats; not a ratchet (mice-derived).");
        assert!(says(&text, &normalize("in vitro")));
        assert!(says(&text, "rats"));
        assert!(says(&text, "mice"));
        assert!(!says(&text, "rat"));
        assert!(!says(&text, "cells"));
        assert!(!says(&normalize("a pre-print"), &normalize("preprint")));
        assert!(says(&normalize("a pre-print"), &normalize("pre-print")));
    }
}
