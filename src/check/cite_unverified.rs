//! `cite/unverified`: only when `citations.lock` exists, an identifier the lock does not
//! list (or records as unknown to its registry). Offline checks prove an identifier is
//! well-formed; only the registry proves it names a real work.

use super::{analysed, at, Rule, SiteView};
use crate::citations::{Cited, Identifier};
use crate::diagnostics::{Code, Diagnostic};
use crate::registry::Lock;

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteUnverified,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let Some(lock) = site.lock else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (page, analysis) in analysed(site) {
        for citation in &analysis.citations {
            if let Cited::Id(id) = &citation.cited {
                if let Some((message, help)) = problem(lock, id) {
                    found.push(
                        at(Code::CiteUnverified, page, citation.span.start)
                            .message(message)
                            .help(help),
                    );
                }
            }
        }
    }
    let file = site.bibliography.file.as_str();
    for entry in &site.bibliography.entries {
        for id in &entry.ids {
            if let Some((message, help)) = problem(lock, id) {
                found.push(
                    Diagnostic::new(Code::CiteUnverified, file, (entry.line, 1))
                        .message(format!("`{}`: {message}", entry.key))
                        .help(help),
                );
            }
        }
    }
    found
}

/// Why `id` is not verified, with the fix; `None` when it is (ISBNs have no registry).
fn problem(lock: &Lock, id: &Identifier) -> Option<(String, String)> {
    if matches!(id, Identifier::Isbn(_)) {
        return None;
    }
    let key = id.key();
    match lock.get(id) {
        Some(record) if record.verified() => None,
        Some(_) => Some((
            format!("the registry does not know `{key}` (`citations.lock` records it as not found)"),
            format!("check `{key}` for a typo, then run `panelpress cite lock --only {key}`"),
        )),
        None => Some((
            format!("`{key}` is not in `citations.lock`, so it was never checked against its registry"),
            format!("run `panelpress cite lock` (or `panelpress cite lock --only {key}`) and commit `citations.lock`"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const LOCK: &str = "\"pmid:15110491\":\n  title: \"A\"\n  retrieved: 2026-11-01\n\"pmid:8708565\":\n  error: \"not found\"\n  retrieved: 2026-11-01\n";

    #[test]
    fn reports_identifiers_the_lock_does_not_verify() {
        let bib = "a:\n  pmid: \"15110491\"\nb:\n  doi: 10.1000/abc\n  isbn: 978-0-306-40615-7\n";
        let page =
            "---\ntitle: t\n---\nOk (PMID 15110491), gone (PMID 8708565), new NCT01234567.\n";
        let found = testing::run_locked(&RULE, CONFIG, &[("a.md", page)], bib, Some(LOCK));
        assert_eq!(testing::positions(&found), vec![(4, 27), (4, 46), (3, 1)]);
        assert!(
            found[0].message.contains("does not know"),
            "{}",
            found[0].message
        );
        assert!(found[1]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("panelpress cite lock"));
        assert!(found[2].message.starts_with("`b`"), "{}", found[2].message);
    }

    #[test]
    fn is_silent_without_a_lock() {
        let page = "---\ntitle: t\n---\nNew (PMID 8708565).\n";
        assert!(testing::run(&RULE, CONFIG, &[("a.md", page)], "").is_empty());
    }
}
