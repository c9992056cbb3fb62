//! `cite/mismatch`: a bibliography entry whose title or year disagrees with the registry's
//! record in `citations.lock`. The reference list would describe one paper while the link
//! opens another — often a mistyped title or a year copied from the wrong edition. So does
//! a `study:` or `species:` the record rules out (a `study: rct` PubMed types as a
//! meta-analysis, `study: animal` for a study PubMed indexes in humans only): the reader's
//! label would say one kind of evidence while the source is another.

use super::{Rule, SiteView};
use crate::citations::evidence::disagreements;
use crate::citations::Entry;
use crate::diagnostics::{Code, Diagnostic};
use crate::registry::Record;

pub(crate) const RULE: Rule = Rule {
    code: Code::CiteMismatch,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let Some(lock) = site.lock else {
        return Vec::new();
    };
    let file = site.bibliography.file.as_str();
    let mut found = Vec::new();
    for entry in &site.bibliography.entries {
        let mut ids = entry.ids.clone();
        ids.sort();
        let Some((id, record)) =
            ids.iter()
                .filter_map(|id| Some((id, lock.get(id)?)))
                .find(|(_, r)| {
                    r.verified() && (r.title.is_some() || r.year.is_some() || r.evidence.is_some())
                })
        else {
            continue;
        };
        let differences = differences(entry, record);
        if differences.is_empty() {
            continue;
        }
        found.push(
            Diagnostic::new(Code::CiteMismatch, file, (entry.line, 1))
                .message(format!(
                    "`{}` disagrees with the registry's record of `{}`: {}",
                    entry.key,
                    id.key(),
                    differences.join("; ")
                ))
                .help("correct the entry (or, if the lock is stale, run `panelpress cite lock`); `panelpress cite fill` fills empty fields"),
        );
    }
    found
}

/// What the entry says that the record does not, as phrases.
fn differences(entry: &Entry, record: &Record) -> Vec<String> {
    let mut found = Vec::new();
    if let (Some(ours), Some(theirs)) = (&entry.title, &record.title) {
        if !ours.trim().is_empty() && normalize(ours) != normalize(theirs) {
            found.push(format!(
                "the title is \"{ours}\", the registry has \"{theirs}\""
            ));
        }
    }
    if let (Some(ours), Some(theirs)) = (entry.year, record.year) {
        if ours != theirs {
            found.push(format!("the year is {ours}, the registry has {theirs}"));
        }
    }
    if let Some(evidence) = &record.evidence {
        found.extend(disagreements(entry.study, &entry.species, evidence));
    }
    found
}

/// A title for comparison: letters and digits only, lower case.
fn normalize(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const LOCK: &str = "\"pmid:1\":\n  title: \"Insulin-like growth factor (IGF)-I and cancer risk.\"\n  year: 2004\n  retrieved: 2026-11-01\n";

    #[test]
    fn reports_a_mistyped_title_or_year_but_not_punctuation() {
        let bib = "same:\n  pmid: \"1\"\n  title: insulin-like growth factor (IGF) I and  cancer risk\n  year: 2004\nwrong:\n  pmid: \"1\"\n  title: Insulin-like growth factor and cancer\n  year: 2005\n";
        let found = testing::run_locked(&RULE, CONFIG, &[], bib, Some(LOCK));
        assert_eq!(testing::positions(&found), vec![(5, 1)]);
        assert!(
            found[0].message.contains("the year is 2005"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("the title is"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn reports_a_study_the_registry_rules_out() {
        let lock = "\"pmid:1\":\n  evidence:\n    publication_types: [\"Meta-Analysis\"]\n    species: [\"humans\"]\n  retrieved: 2026-11-01\n";
        let bib = "meta:\n  pmid: \"1\"\n  study: systematic-review\nwrong:\n  pmid: \"1\"\n  study: animal\n";
        let found = testing::run_locked(&RULE, CONFIG, &[], bib, Some(lock));
        assert_eq!(testing::positions(&found), vec![(4, 1)]);
        assert!(
            found[0]
                .message
                .contains("the study is `animal`, the registry has a study in humans"),
            "{}",
            found[0].message
        );
    }
}
