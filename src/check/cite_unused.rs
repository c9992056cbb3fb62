//! `cite/unused`: a bibliography entry no page cites: either a citation went missing
//! from a page, or the entry is dead weight that will never be checked again.

use super::{Rule, SiteView, PAGES_PER_RUN};
use crate::diagnostics::{Code, Diagnostic};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteUnused,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let bibliography = site.bibliography;
    // By entry: whether a page cites it. Marked from every page in parallel.
    let used: Vec<AtomicBool> = bibliography
        .entries
        .iter()
        .map(|_| AtomicBool::new(false))
        .collect();
    site.analyses
        .par_iter()
        .with_max_len(PAGES_PER_RUN)
        .for_each(|analysis| {
            let entries = analysis.citations.iter().flat_map(|c| c.entries.iter());
            for &entry in entries.flatten() {
                used[entry].store(true, Ordering::Relaxed);
            }
        });
    bibliography
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, used)| !used.load(Ordering::Relaxed))
        .map(|(entry, _)| {
            Diagnostic::new(
                Code::CiteUnused,
                bibliography.file.as_str(),
                (entry.line, 1),
            )
            .message(format!("no page cites `{}`", entry.key))
            .help(format!(
                "cite it where it supports a claim (`[@{}]`), or remove the entry",
                entry.key
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_entries_nobody_cites_at_their_key() {
        let bib = "a:\n  pmid: \"1\"\nb:\n  pmid: \"2\"\nc:\n  url: https://example.org\n";
        let page = "---\ntitle: t\n---\nSee PMID 1 and [@c].\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], bib);
        assert_eq!(testing::positions(&found), vec![(3, 1)]);
        assert_eq!(found[0].file, "references.yaml");
    }
}
