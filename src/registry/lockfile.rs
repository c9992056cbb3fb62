//! `citations.lock`: what the registries said about each identifier the site
//! uses, written by `panelpress cite lock` and read offline by `check`. One block per
//! identifier, sorted by canonical key (`pmid:15110491`), so a refresh reads as a small
//! diff in a pull request.
//!
//! The file is written by hand-built YAML (not through serde) so its layout never depends
//! on a serializer's choices; it is read back through [`crate::yaml`].

use crate::citations::evidence::{Recorded, Species, NOT_INDEXED};
use crate::citations::Identifier;
use crate::content::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) const LOCK_FILE: &str = "citations.lock";

/// The message recorded for an identifier the registry does not know.
pub(crate) const NOT_FOUND: &str = "not found";

/// What a registry reported about one identifier.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) journal: Option<String>,
    #[serde(default)]
    pub(crate) year: Option<i32>,
    #[serde(default)]
    pub(crate) first_author: Option<String>,
    /// Cross-identifiers the registry reports, as canonical keys (`doi:10.1016/…`).
    #[serde(default)]
    pub(crate) ids: Vec<String>,
    #[serde(default)]
    pub(crate) retracted: bool,
    pub(crate) retrieved: Date,
    /// Set when the registry did not know the identifier; such a record verifies nothing.
    #[serde(default)]
    pub(crate) error: Option<String>,
    /// The kind of evidence the registry reports (publication types, species, preprint,
    /// trial status); absent in a lock written before it was recorded.
    #[serde(default)]
    pub(crate) evidence: Option<Recorded>,
}

impl Record {
    /// A record of an identifier the registry does not know.
    pub(crate) fn not_found(retrieved: Date) -> Record {
        Record {
            error: Some(NOT_FOUND.into()),
            ..Record::default_at(retrieved)
        }
    }

    /// An empty record retrieved on `retrieved`.
    pub(crate) fn default_at(retrieved: Date) -> Record {
        Record {
            title: None,
            journal: None,
            year: None,
            first_author: None,
            ids: Vec::new(),
            retracted: false,
            retrieved,
            error: None,
            evidence: None,
        }
    }

    /// Whether the registry confirmed the identifier.
    pub(crate) fn verified(&self) -> bool {
        self.error.is_none()
    }
}

/// The whole lock: canonical key → record. Public because `check::SiteView` hands it to
/// the rules; its contents stay inside the crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lock {
    pub(crate) records: BTreeMap<String, Record>,
}

impl Lock {
    /// Reads `ROOT/citations.lock`: `None` when the file does not exist (the lock checks
    /// are then off); a file that does not parse is `meta/invalid` at its line.
    pub(crate) fn load(root: &Path) -> (Option<Lock>, Vec<Diagnostic>) {
        let text = match std::fs::read_to_string(root.join(LOCK_FILE)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (None, Vec::new()),
            Err(e) => {
                let d = Diagnostic::new(Code::MetaInvalid, LOCK_FILE, (1, 1))
                    .message(format!("`{LOCK_FILE}` cannot be read: {e}"))
                    .help("save it as UTF-8, or delete it and run `panelpress cite lock`");
                return (None, vec![d]);
            }
        };
        match Lock::parse(&text) {
            Ok(lock) => (Some(lock), Vec::new()),
            Err(d) => (None, vec![*d]),
        }
    }

    /// Parses the text of a lock file.
    pub(crate) fn parse(text: &str) -> Result<Lock, Box<Diagnostic>> {
        if text.trim().is_empty() {
            return Ok(Lock::default());
        }
        let records: Option<BTreeMap<String, Record>> = yaml::from_str(text).map_err(|e| {
            Box::new(
                Diagnostic::new(Code::MetaInvalid, LOCK_FILE, (e.line, e.column))
                    .message(format!("`{LOCK_FILE}` does not parse: {}", e.message))
                    .help("fix the line, or delete the file and run `panelpress cite lock`"),
            )
        })?;
        Ok(Lock {
            records: records.unwrap_or_default(),
        })
    }

    /// The record of `id`, if the lock has one.
    pub(crate) fn get(&self, id: &Identifier) -> Option<&Record> {
        self.records.get(&id.key())
    }

    /// What the registry recorded about the kind of evidence `id` is, if it knows `id`.
    pub(crate) fn evidence_of(&self, id: &Identifier) -> Option<&Recorded> {
        self.get(id)
            .filter(|r| r.verified())
            .and_then(|r| r.evidence.as_ref())
    }

    /// Whether `ids` (one bibliography entry's) name different works: the first
    /// `(id, another of the ids, what the registry says instead)`, e.g. a PMID whose record
    /// reports another DOI than the entry carries. PMCID versions are ignored.
    pub(crate) fn conflict(&self, ids: &[Identifier]) -> Option<(String, String, String)> {
        let mut ids = ids.to_vec();
        ids.sort();
        for id in &ids {
            let Some(record) = self.get(id).filter(|r| r.verified()) else {
                continue;
            };
            for theirs in record.ids.iter().filter_map(|k| parse_key(k)) {
                let clash = ids.iter().find(|other| {
                    *other != id
                        && std::mem::discriminant(*other) == std::mem::discriminant(&theirs)
                        && unversioned(other) != unversioned(&theirs)
                });
                if let Some(other) = clash {
                    return Some((id.key(), other.key(), theirs.key()));
                }
            }
        }
        None
    }

    /// The lock as YAML: sorted, one block per identifier, fields in a fixed order.
    pub(crate) fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# citations.lock: what the registries (PubMed, PMC, Crossref, ClinicalTrials.gov)\n\
             # say about each identifier the site cites. Written by `panelpress cite lock`;\n\
             # read offline by `panelpress check`. Review changes like code.\n",
        );
        for (key, record) in &self.records {
            out.push_str(&format!("{}:\n", quote(key)));
            let mut field = |name: &str, value: Option<String>| {
                if let Some(value) = value {
                    out.push_str(&format!("  {name}: {value}\n"));
                }
            };
            field("error", record.error.as_deref().map(quote));
            field("title", record.title.as_deref().map(quote));
            field("journal", record.journal.as_deref().map(quote));
            field("year", record.year.map(|y| y.to_string()));
            field("first_author", record.first_author.as_deref().map(quote));
            if !record.ids.is_empty() {
                let ids: Vec<String> = record.ids.iter().map(|id| quote(id)).collect();
                field("ids", Some(format!("[{}]", ids.join(", "))));
            }
            if record.error.is_none() {
                field("retracted", Some(record.retracted.to_string()));
            }
            if let Some(evidence) = record.evidence.as_ref().filter(|e| !e.is_empty()) {
                out.push_str("  evidence:\n");
                write_evidence(&mut out, evidence);
            }
            out.push_str(&format!("  retrieved: {}\n", record.retrieved));
        }
        out
    }
}

/// The `evidence:` block of one record, fields in a fixed order, lists on one line.
fn write_evidence(out: &mut String, evidence: &Recorded) {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut field = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push_str(&format!("    {name}: {value}\n"));
        }
    };
    let types = &evidence.publication_types;
    field(
        "publication_types",
        (!types.is_empty()).then(|| list(types)),
    );
    field(
        "species",
        evidence.species.as_ref().map(|s| match s {
            Species::Indexed(names) => list(names),
            Species::NotIndexed => quote(NOT_INDEXED),
        }),
    );
    field("work_type", evidence.work_type.as_deref().map(quote));
    field("work_subtype", evidence.work_subtype.as_deref().map(quote));
    field("preprint", evidence.preprint.then(|| "true".to_string()));
    let phases = &evidence.trial_phases;
    field("trial_phases", (!phases.is_empty()).then(|| list(phases)));
    field("trial_status", evidence.trial_status.as_deref().map(quote));
    field(
        "results_posted",
        evidence.results_posted.map(|r| r.to_string()),
    );
}

/// An identifier as compared for conflicts: a PMCID without its `.N` version.
fn unversioned(id: &Identifier) -> String {
    match id {
        Identifier::Pmcid(v) => v.split('.').next().unwrap_or(v).to_string(),
        other => other.key(),
    }
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The identifier a canonical lock key names (`pmid:123` → PMID 123).
pub(crate) fn parse_key(key: &str) -> Option<Identifier> {
    use crate::citations::identifiers as ids;
    let (scheme, value) = key.split_once(':')?;
    match scheme.to_ascii_lowercase().as_str() {
        "pmid" => ids::pmid(value).ok(),
        "pmcid" | "pmc" => ids::pmcid(value).ok(),
        "doi" => ids::doi(value).ok(),
        "nct" => ids::nct(value).ok(),
        "isbn" => ids::isbn(value).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::parse("2026-11-25").unwrap()
    }

    #[test]
    fn writes_sorted_blocks_that_parse_back() {
        let mut lock = Lock::default();
        lock.records
            .insert("pmid:8708565".into(), Record::not_found(day()));
        lock.records.insert(
            "doi:10.1016/s0140-6736(04)16044-3".into(),
            Record {
                title: Some("IGF-I: \"a\" review".into()),
                year: Some(2004),
                ids: vec!["pmid:15110491".into()],
                ..Record::default_at(day())
            },
        );
        let text = lock.to_yaml();
        assert!(text.find("\"doi:").unwrap() < text.find("\"pmid:").unwrap());
        assert!(text.contains("  error: \"not found\"\n"), "{text}");
        assert_eq!(Lock::parse(&text).unwrap(), lock);
    }

    #[test]
    fn a_broken_lock_is_invalid_at_its_line() {
        let d = Lock::parse("\"pmid:1\":\n  title: [x\n").unwrap_err();
        assert_eq!(d.code, Code::MetaInvalid);
        assert_eq!(d.file, LOCK_FILE);
        assert!(d.line >= 2, "{d:?}");
        let d = Lock::parse("\"pmid:1\":\n  titel: x\n  retrieved: 2026-01-01\n").unwrap_err();
        assert!(d.message.contains("titel"), "{}", d.message);
    }

    #[test]
    fn parses_canonical_keys() {
        assert_eq!(parse_key("pmid:123"), Some(Identifier::Pmid("123".into())));
        assert_eq!(
            parse_key("pmcid:pmc5"),
            Some(Identifier::Pmcid("PMC5".into()))
        );
        assert_eq!(parse_key("x:1"), None);
    }
}
