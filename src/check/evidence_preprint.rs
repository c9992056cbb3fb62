//! `evidence/preprint`: a claim unit whose every citation is a preprint, and whose text
//! does not say "preprint" or "not peer reviewed". A preprint's findings have not been
//! checked by other scientists; a reader should know. The kind comes from
//! `citations.lock` (Crossref's `posted-content`/`preprint`, PubMed's `Preprint` type) or
//! the entry's `study: preprint`.

use super::evidence::{self, Kind};
use super::{Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::EvidencePreprint,
    run,
};

/// Words that say a claim rests on work not yet peer reviewed (hyphens read as spaces).
const WORDS: &[&str] = &[
    "preprint",
    "preprints",
    "pre print",
    "pre prints",
    "not peer reviewed",
    "not yet peer reviewed",
    "not been peer reviewed",
    "not yet been peer reviewed",
    "yet to be peer reviewed",
    "non peer reviewed",
    "unreviewed",
    "without peer review",
    "before peer review",
];

const KIND: Kind = Kind {
    code: Code::EvidencePreprint,
    is: |e| e.preprint,
    words: WORDS,
    species_count: false,
    message: |labels| format!("this passage cites only preprints ({labels}) and does not say so"),
    help: "say that the source is a preprint, not peer reviewed, e.g. \"a 2024 preprint (not yet peer reviewed) found …\"",
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    evidence::run(site, &KIND, &[])
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const LOCK: &str = "\"doi:10.1101/2024.01.01.1\":\n  evidence:\n    work_type: \"posted-content\"\n    work_subtype: \"preprint\"\n    preprint: true\n  retrieved: 2026-11-01\n";
    const BIB: &str = "chen:\n  doi: 10.1101/2024.01.01.1\npaper:\n  pmid: \"1\"\nstated:\n  url: https://example.org/p\n  study: preprint\n";

    #[test]
    fn fires_where_the_text_hides_it_and_not_where_it_says_it() {
        let page = "---\ntitle: t\n---\nAppetite fell by 20% [@chen].\n\nA preprint found appetite fell by 20% [@chen].\n\nA study, not peer-reviewed, found it [@stated].\n\nTwo sources [@chen; @paper].\n\nIt worked [@stated].\n";
        let found = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], BIB, Some(LOCK));
        assert_eq!(testing::positions(&found), vec![(4, 22), (12, 11)]);
        assert!(found[0].message.contains("preprint, not peer reviewed"));
        let silent = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], BIB, None);
        assert_eq!(
            testing::positions(&silent),
            vec![(12, 11)],
            "the entry says so itself"
        );
    }
}
