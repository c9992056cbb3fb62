//! `cite/id-conflict`: an entry whose identifiers belong to different works according to
//! `citations.lock` — its PMID's record names another DOI or PMCID than the entry carries.
//! One of them is wrong, and readers following the links would land on different papers.

use super::{Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteIdConflict,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let Some(lock) = site.lock else {
        return Vec::new();
    };
    let file = site.bibliography.file.as_str();
    site.bibliography
        .entries
        .iter()
        .filter_map(|entry| {
            let (ours, other, theirs) = lock.conflict(&entry.ids)?;
            Some(
                Diagnostic::new(Code::CiteIdConflict, file, (entry.line, 1))
                    .message(format!(
                        "`{}` carries `{ours}` and `{other}`, but the registry says `{ours}` is `{theirs}`",
                        entry.key
                    ))
                    .help("one identifier names another work: open each link, keep the ones that are this source, and run `panelpress cite lock`"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const LOCK: &str =
        "\"pmid:1\":\n  ids: [\"doi:10.1000/one\", \"pmcid:PMC1\"]\n  retrieved: 2026-11-01\n";

    #[test]
    fn reports_identifiers_of_different_works() {
        let bib = "agree:\n  pmid: \"1\"\n  doi: 10.1000/ONE\n  pmcid: PMC1.2\nclash:\n  pmid: \"1\"\n  doi: 10.1000/two\n";
        let found = testing::run_locked(&RULE, CONFIG, &[], bib, Some(LOCK));
        assert_eq!(testing::positions(&found), vec![(5, 1)]);
        assert!(
            found[0].message.contains("`doi:10.1000/one`"),
            "{}",
            found[0].message
        );
    }
}
