//! The entries `cite fill` adds: one for each identifier the content cites (inline, or as a
//! Manubot key such as `[@pmid:…]`) that no entry carries, written from what
//! `citations.lock` recorded, so a writer who cites "(PMID 15110491)" runs `cite lock` and
//! `cite fill` instead of typing the entry. An identifier the lock does not know is listed,
//! never invented.

use super::super::lockfile::{parse_key, Lock, Record};
use crate::citations::{Bibliography, Identifier};
use std::collections::BTreeSet;

/// What adding entries gives: the YAML to append, `(key, identifier)` for each entry added,
/// and the identifiers the lock does not know.
#[derive(Debug, Default)]
pub(crate) struct Added {
    pub(crate) yaml: String,
    pub(crate) entries: Vec<(String, String)>,
    pub(crate) unknown: Vec<String>,
}

/// Entries for each of `cited` that `bibliography` lacks, in identifier order. A cited
/// identifier that the record of another reports (a PMID and its DOI) joins that entry.
pub(crate) fn add(cited: &BTreeSet<Identifier>, bibliography: &Bibliography, lock: &Lock) -> Added {
    let mut missing: BTreeSet<&Identifier> = cited
        .iter()
        .filter(|id| bibliography.find_id(id).is_none())
        .collect();
    let mut added = Added::default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    while let Some(id) = missing.pop_first() {
        let Some(record) = lock.get(id).filter(|r| r.verified()) else {
            added.unknown.push(id.key());
            continue;
        };
        let mut ids = vec![id.clone()];
        for other in record.ids.iter().filter_map(|k| parse_key(k)) {
            if missing.remove(&other) {
                ids.push(other);
            }
        }
        let key = free_key(&base_key(id, record), bibliography, &taken);
        taken.insert(key.clone());
        added.yaml.push_str(&entry_yaml(&key, &ids, record));
        added.entries.push((key, id.key()));
    }
    added
}

/// `renehan-2004` from the first author's family name and the year; the identifier
/// (`pmid-15110491`) when the lock recorded neither.
fn base_key(id: &Identifier, record: &Record) -> String {
    let family = record.first_author.as_deref().map(family_name);
    match (family.filter(|f| !f.is_empty()), record.year) {
        (Some(family), Some(year)) => format!("{family}-{year}"),
        (Some(family), None) => family,
        _ => id.key().replace(':', "-").to_lowercase(),
    }
}

/// `Renehan AG` → `renehan`, `van der Berg J` → `van-der-berg`: the words before the
/// initials, lower case, joined by `-`, keeping only letters and digits.
fn family_name(author: &str) -> String {
    let words: Vec<&str> = author.split_whitespace().collect();
    let initials = |w: &&str| w.chars().all(|c| c.is_uppercase() || c == '.');
    let family = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && initials(last) => rest,
        _ => &words[..],
    };
    family
        .iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `base`, or `base` with `b`, `c` … after it, whichever no entry or added entry has.
fn free_key(base: &str, bibliography: &Bibliography, taken: &BTreeSet<String>) -> String {
    let free = |key: &String| bibliography.find_key(key).is_none() && !taken.contains(key);
    std::iter::once(base.to_string())
        .chain(('b'..='z').map(|letter| format!("{base}{letter}")))
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(free)
        .unwrap_or_else(|| base.to_string())
}

/// The YAML of one new entry, after a blank line.
fn entry_yaml(key: &str, ids: &[Identifier], record: &Record) -> String {
    let quoted = |v: &str| serde_json::Value::String(v.to_string()).to_string();
    let mut yaml = format!("\n{}:\n", quoted_key(key));
    for id in ids {
        let field = id.key();
        let (scheme, value) = field.split_once(':').unwrap_or(("url", &field));
        yaml.push_str(&format!("  {scheme}: {}\n", quoted(value)));
    }
    if let Some(title) = &record.title {
        yaml.push_str(&format!("  title: {}\n", quoted(title)));
    }
    if let Some(author) = &record.first_author {
        yaml.push_str(&format!("  authors: [{}]\n", quoted(author)));
    }
    if let Some(journal) = &record.journal {
        yaml.push_str(&format!("  journal: {}\n", quoted(journal)));
    }
    if let Some(year) = record.year {
        yaml.push_str(&format!("  year: {year}\n"));
    }
    yaml
}

/// A key as YAML reads it back unchanged: plain when it is letters, digits and `-`.
fn quoted_key(key: &str) -> String {
    let plain = key.chars().all(|c| c.is_alphanumeric() || c == '-')
        && key.starts_with(|c: char| c.is_alphabetic());
    if plain {
        key.to_string()
    } else {
        serde_json::Value::String(key.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Date;

    fn record(author: Option<&str>, year: Option<i32>, ids: &[&str]) -> Record {
        Record {
            title: Some("A title".into()),
            first_author: author.map(str::to_string),
            year,
            ids: ids.iter().map(|k| k.to_string()).collect(),
            ..Record::default_at(Date::parse("2026-11-25").unwrap())
        }
    }

    #[test]
    fn keys_by_first_author_and_year_then_b_and_lists_what_the_lock_lacks() {
        let (bibliography, _) =
            Bibliography::parse("references.yaml", "renehan-2004:\n  pmid: \"1\"\n");
        let mut lock = Lock::default();
        let records = [
            (
                "pmid:2",
                record(Some("Renehan AG"), Some(2004), &["doi:10.1000/two"]),
            ),
            ("pmid:3", record(Some("van der Berg J"), Some(2019), &[])),
            ("pmid:4", record(None, None, &[])),
        ];
        for (key, r) in records {
            lock.records.insert(key.into(), r);
        }
        let cited: BTreeSet<Identifier> = [
            "pmid:1",
            "pmid:2",
            "doi:10.1000/two",
            "pmid:3",
            "pmid:4",
            "pmid:5",
        ]
        .iter()
        .filter_map(|k| parse_key(k))
        .collect();
        let added = add(&cited, &bibliography, &lock);
        assert_eq!(
            added.entries,
            [
                ("renehan-2004b", "pmid:2"),
                ("van-der-berg-2019", "pmid:3"),
                ("pmid-4", "pmid:4"),
            ]
            .map(|(k, id)| (k.to_string(), id.to_string()))
        );
        assert_eq!(added.unknown, ["pmid:5"]);
        assert!(
            added.yaml.starts_with("\nrenehan-2004b:\n  pmid: \"2\"\n  doi: \"10.1000/two\"\n  title: \"A title\"\n  authors: [\"Renehan AG\"]\n  year: 2004\n"),
            "{}",
            added.yaml
        );
        let whole = format!("renehan-2004:\n  pmid: \"1\"\n{}", added.yaml);
        let (again, problems) = Bibliography::parse("references.yaml", &whole);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again.entries.len(), 4);
    }
}
