//! `cite/malformed`: a scheme label (`PMID`, `doi:`, `ISBN` …) followed by an identifier
//! that fails its rule, which usually means a typo that sends readers to the wrong paper;
//! and a pandoc bracket (`[@…]`) that does not parse, which would show readers raw syntax.

use super::{analysed, at, Rule, SiteView};
use crate::citations::Cited;
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteMalformed,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (page, analysis) in analysed(site) {
        for citation in &analysis.citations {
            let Cited::Malformed { label, token, rule } = &citation.cited else {
                continue;
            };
            let written = page.body().get(citation.span.clone()).unwrap_or(token);
            // A pandoc bracket is written by hand; an identifier is copied from its source.
            let help = if written.starts_with('[') && *label == "citation" {
                "write `[@key]`, `[see @key, p. 12]` or `[@a; @b]`, each key from the bibliography"
            } else {
                "copy the identifier again from the source's page (PubMed, doi.org, the book's copyright page)"
            };
            found.push(
                at(Code::CiteMalformed, page, citation.span.start)
                    .message(format!("`{written}` is not a valid {label}: {rule}"))
                    .help(help),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_bad_identifiers_at_their_position() {
        let page = "---\ntitle: t\n---\nGood (PMID 8708565).\n\n| a | b |\n|---|---|\n| x | see PMID 0123 |\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], "");
        assert_eq!(testing::positions(&found), vec![(8, 11)]);
        assert!(
            found[0].message.contains("PMID 0123"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("never starts with 0"));
    }
}
