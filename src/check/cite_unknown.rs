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
                    for ((key, span), entry) in keys.iter().zip(&citation.entries) {
                        if entry.is_some() {
                            continue;
                        }
                        let mut d = at(Code::CiteUnknown, page, span.start).message(format!(
                            "`@{key}` names no entry in the bibliography `{file}`"
                        ));
                        d = match closest_key(bibliography, key) {
                            Some(near) => d.help(format!("did you mean `@{near}`?")),
                            None => d.help(format!("add an entry `{key}:` to `{file}`")),
                        };
                        found.push(d);
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
            edit_distance_within(&e.key, key, limit).map(|d| (d, e.key.as_str()))
        })
        .min()
        .map(|(_, k)| k)
}

/// The longest text, in bytes, that is compared for a "did you mean" suggestion: longer
/// keys, anchors and paths are not typos a suggestion can help with, and comparing them
/// costs the product of the two lengths.
const MAX_COMPARED_BYTES: usize = 256;

/// Levenshtein distance over characters when it is at most `limit`, else `None`.
///
/// Bounded so that a suggestion search over every key of a site stays cheap whatever the
/// input: texts over [`MAX_COMPARED_BYTES`] are not compared, texts whose lengths differ by
/// more than `limit` are rejected before any work, and the search stops at the first row
/// whose every cell exceeds `limit` (the distance can only grow from there).
pub(crate) fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.len().max(b.len()) > MAX_COMPARED_BYTES {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
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

    #[test]
    fn measures_edit_distance_up_to_a_limit() {
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("", "ab", 2), Some(2));
        assert_eq!(edit_distance_within("a", "abcd", 2), None);
        assert_eq!(edit_distance_within("abc", "xyz", usize::MAX), Some(3));
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
