//! `cite/unused`: a bibliography entry no page cites: either a citation went missing
//! from a page, or the entry is dead weight that will never be checked again.

use super::{analysed, Rule, SiteView};
use crate::citations::Cited;
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    code: Code::CiteUnused,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let bibliography = site.bibliography;
    let mut used = HashSet::new();
    for (_, analysis) in analysed(site) {
        for citation in &analysis.citations {
            match &citation.cited {
                Cited::Id(id) => used.extend(bibliography.find_id(id)),
                Cited::Keys(keys) => {
                    used.extend(keys.iter().filter_map(|(k, _)| bibliography.find_key(k)))
                }
                Cited::Malformed { .. } => {}
            }
        }
    }
    bibliography
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, entry)| {
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
