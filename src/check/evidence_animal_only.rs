//! `evidence/animal-only`: a claim unit whose every citation is animal or laboratory
//! (cell) evidence, and whose text does not say so. "Twice as potent" from a rat study,
//! written without "in rats", reads as a finding in people. The kind of each source comes
//! from `citations.lock` (PubMed's MeSH: animals and no humans) or the entry's `study:
//! animal` / `study: in-vitro`; the words that say so are a built-in list, the sources'
//! own species (`sheep` for a study in sheep) and the site's `evidence_words`.

use super::evidence::{self, Kind};
use super::{Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::EvidenceAnimalOnly,
    run,
};

/// Words that say a claim is about animals or cells, not people.
const WORDS: &[&str] = &[
    "animal",
    "animals",
    "rat",
    "rats",
    "mouse",
    "mice",
    "rodent",
    "rodents",
    "murine",
    "pig",
    "pigs",
    "piglets",
    "dog",
    "dogs",
    "monkey",
    "monkeys",
    "primates",
    "rabbit",
    "rabbits",
    "hamster",
    "hamsters",
    "guinea pigs",
    "sheep",
    "cattle",
    "cows",
    "zebrafish",
    "in vitro",
    "cell",
    "cells",
    "cell culture",
    "test tube",
    "petri dish",
    "laboratory",
    "lab",
    "preclinical",
];

const KIND: Kind = Kind {
    code: Code::EvidenceAnimalOnly,
    is: |e| e.animal,
    words: WORDS,
    species_count: true,
    message: |labels| {
        format!("this passage cites only animal or laboratory evidence ({labels}) and does not say so")
    },
    help: "say what was studied, e.g. \"in rats\" or \"in cells in a laboratory\", so readers do not take it for a finding in people; a site can add its own words with `evidence_words:` in site.yaml",
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    evidence::run(site, &KIND, &site.config.evidence_words)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const LOCK: &str = "\"pmid:8708565\":\n  evidence:\n    species: [\"animals\", \"rats\"]\n  retrieved: 2026-11-01\n\"pmid:15110491\":\n  evidence:\n    species: [\"humans\"]\n  retrieved: 2026-11-01\n";
    const BIB: &str = "rat:\n  pmid: \"8708565\"\nhuman:\n  pmid: \"15110491\"\ncells:\n  url: https://example.org/cells\n  study: in-vitro\n";

    #[test]
    fn fires_where_the_text_hides_it_and_not_where_it_says_it() {
        let page = "---\ntitle: t\n---\nIt was 2-fold more potent (PMID 8708565).\n\nIt was 2-fold more potent in rats (PMID 8708565).\n\nBoth [@rat; @human].\n\nIt grew tumours [@cells].\n\n- In a dish of cells it grew [@cells].\n";
        let found = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], BIB, Some(LOCK));
        assert_eq!(testing::positions(&found), vec![(4, 28), (10, 17)]);
        assert!(
            found[0].message.contains("(study in rats)"),
            "{}",
            found[0].message
        );
        assert!(found[1].message.contains("laboratory (cell) study"));
    }

    #[test]
    fn is_silent_without_lock_data_and_reads_the_sites_words() {
        let page = "---\ntitle: t\n---\nIt was 2-fold more potent (PMID 8708565).\n";
        let silent = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], BIB, None);
        assert_eq!(silent, vec![]);
        let page = "---\ntitle: t\n---\nIn SD stock it rose (PMID 8708565).\n";
        let bib = "rat:\n  pmid: \"8708565\"\n";
        let fires = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], bib, Some(LOCK));
        assert_eq!(testing::positions(&fires), vec![(4, 22)]);
        let config = "title: T\nbase_url: https://example.org/\nevidence_words: [SD Stock]\n";
        let found = testing::run_locked(&RULE, config, &[("a.md", page)], bib, Some(LOCK));
        assert_eq!(found, vec![]);
    }
}
