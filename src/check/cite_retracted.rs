//! `cite/retracted`: a citation of an entry marked `retracted: true`. A retracted paper
//! must not support a claim a reader will act on.

use super::{at, per_page, Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteRetracted,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let bibliography = site.bibliography;
    per_page(site, |page, analysis, found| {
        for citation in &analysis.citations {
            for (entry, offset) in citation.entries_at() {
                let Some(entry) = entry.map(|e| &bibliography.entries[e]) else {
                    continue;
                };
                if entry.retracted {
                    found.push(
                        at(Code::CiteRetracted, page, offset)
                            .message(format!(
                                "this cites `{}`, which is marked retracted",
                                entry.key
                            ))
                            .help("remove the claim or support it with a source that stands"),
                    );
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_citations_of_retracted_entries() {
        let bib = "gone:\n  doi: 10.1000/abc\n  retracted: true\nfine:\n  pmid: \"1\"\n";
        let page = "---\ntitle: t\n---\nA (doi:10.1000/ABC) and [@fine] and [@gone].\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], bib);
        assert_eq!(testing::positions(&found), vec![(4, 4), (4, 38)]);
    }
}
