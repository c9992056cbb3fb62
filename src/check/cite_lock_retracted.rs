//! `cite/retracted`, from the lock: a citation of a work the registry marks retracted
//! (PubMed's "Retracted Publication", Crossref's `updated-by` retraction), even when the
//! bibliography does not say so yet. Entries marked `retracted: true` are reported by
//! `cite_retracted` instead, so a citation is never reported twice.

use super::{at, per_page, Rule, SiteView};
use crate::citations::{Cited, Identifier};
use crate::diagnostics::{Code, Diagnostic};
use crate::registry::Lock;

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteRetracted,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let Some(lock) = site.lock else {
        return Vec::new();
    };
    let bibliography = site.bibliography;
    per_page(site, |page, analysis, found| {
        for citation in &analysis.citations {
            for (entry, offset) in citation.entries_at() {
                let entry = entry.map(|e| &bibliography.entries[e]);
                if entry.is_some_and(|e| e.retracted) {
                    continue;
                }
                // An entry is checked by all its identifiers; an identifier the bibliography
                // lacks, by itself (an unknown key names none).
                let marked = match (entry, &citation.cited) {
                    (Some(entry), _) => retracted(lock, &entry.ids),
                    (None, Cited::Id(id)) => retracted(lock, std::slice::from_ref(id)),
                    (None, _) => None,
                };
                let Some(id) = marked else {
                    continue;
                };
                let what = entry.map_or_else(|| format!("`{id}`"), |e| format!("`{}`", e.key));
                found.push(
                    at(Code::CiteRetracted, page, offset)
                        .message(format!(
                            "this cites {what}, which the registry marks retracted (`{id}` in `citations.lock`)"
                        ))
                        .help("remove the claim or support it with a source that stands, and mark the entry `retracted: true`"),
                );
            }
        }
    })
}

/// The first of `ids` the lock marks retracted.
fn retracted(lock: &Lock, ids: &[Identifier]) -> Option<String> {
    ids.iter()
        .find(|id| lock.get(id).is_some_and(|r| r.retracted))
        .map(Identifier::key)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_citations_the_lock_marks_retracted_once() {
        let lock = "\"doi:10.1000/abc\":\n  retracted: true\n  retrieved: 2026-11-01\n\"pmid:2\":\n  retracted: true\n  retrieved: 2026-11-01\n";
        let bib = "gone:\n  doi: 10.1000/abc\nmarked:\n  pmid: \"2\"\n  retracted: true\n";
        let page = "---\ntitle: t\n---\nA [@gone], B [@marked], C (PMID 2), D doi:10.1000/abc.\n";
        let found = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], bib, Some(lock));
        assert_eq!(testing::positions(&found), vec![(4, 4), (4, 39)]);
        assert!(found[0].message.contains("`gone`"), "{}", found[0].message);
    }
}
