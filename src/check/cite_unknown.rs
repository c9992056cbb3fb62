//! `cite/unknown`: an identifier or `[@key]` the bibliography does not have, so the page
//! would cite a source nobody has vetted and the reference list would miss it.

use super::{at, per_page, Rule, SiteView};
use crate::citations::Cited;
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteUnknown,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let bibliography = site.bibliography;
    let file = if bibliography.file.is_empty() {
        "references.yaml"
    } else {
        &bibliography.file
    };
    per_page(site, |page, analysis, found| {
        for citation in &analysis.citations {
            match &citation.cited {
                Cited::Id(id) if matches!(citation.entries.as_slice(), [None]) => {
                    let written = page.body().get(citation.span.clone()).unwrap_or_default();
                    let field = id.key();
                    let (scheme, value) = field.split_once(':').unwrap_or(("id", ""));
                    found.push(
                        at(Code::CiteUnknown, page, citation.span.start)
                            .message(format!("`{written}` is not in the bibliography `{file}`"))
                            .help(format!("add an entry carrying it to `{file}`, e.g. `new-key:` then `  {scheme}: \"{value}\"`")),
                    );
                }
                Cited::Keys(keys) => {
                    for (key, entry) in keys.iter().zip(&citation.entries) {
                        if entry.is_some() {
                            continue;
                        }
                        let name = &key.name;
                        let d = at(Code::CiteUnknown, page, key.span.start).message(format!(
                            "`@{name}` names no entry in the bibliography `{file}`"
                        ));
                        found.push(match (&key.id, closest_key(bibliography, name)) {
                            (Some(id), _) => {
                                let field = id.key();
                                let (scheme, value) = field.split_once(':').unwrap_or(("id", ""));
                                d.help(format!(
                                    "no entry carries `{field}`: add one to `{file}` (`new-key:` then `  {scheme}: \"{value}\"`), or run `panelpress cite lock` then `panelpress cite fill`"
                                ))
                            }
                            (None, Some(near)) => d.help(format!("did you mean `@{near}`?")),
                            (None, None) => d.help(format!("add an entry `{name}:` to `{file}`")),
                        });
                    }
                }
                _ => {}
            }
        }
    })
}

/// The bibliography key nearest to `key` by edit distance, if reasonably near.
fn closest_key<'b>(bibliography: &'b crate::citations::Bibliography, key: &str) -> Option<&'b str> {
    bibliography
        .entries
        .iter()
        .filter_map(|e| {
            let limit = (e.key.len().max(key.len()) / 3).max(2);
            crate::text::edit_distance_within(&e.key, key, limit).map(|d| (d, e.key.as_str()))
        })
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const BIB: &str = "renehan-2004:\n  pmid: \"15110491\"\n";

    #[test]
    fn reports_unknown_identifiers_and_keys_with_a_suggestion() {
        let page = "---\ntitle: t\n---\nKnown (PMID 15110491), unknown (PMID 8708565).\n\n- item [@renehan-2040; @renehan-2004]\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], BIB);
        assert_eq!(testing::positions(&found), vec![(4, 33), (6, 9)]);
        assert_eq!(
            found[1].help.as_deref(),
            Some("did you mean `@renehan-2004`?")
        );
    }

    /// Guards against quadratic work: a 100,000-character unknown key against 10,000
    /// entries once took seconds in the "did you mean" search.
    #[test]
    fn a_huge_unknown_key_against_many_entries_is_cheap() {
        let bib: String = (0..10_000)
            .map(|i| format!("entry-{i}:\n  pmid: \"{}\"\n", 1000 + i))
            .collect();
        let (bibliography, _) = crate::citations::Bibliography::parse("references.yaml", &bib);
        let started = std::time::Instant::now();
        assert_eq!(closest_key(&bibliography, &"x".repeat(100_000)), None);
        assert_eq!(closest_key(&bibliography, "entry-12a"), Some("entry-12"));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
