//! `panelpress cite lock`: every identifier of the bibliography and the content,
//! asked of its registry (never a publisher page), into `citations.lock`.
//!
//! PMCIDs go to the PMC ID Converter first, so the PMIDs it reports can join the esummary
//! batches that give the PMCID's title and year. DOIs go to Crossref and NCT numbers to
//! ClinicalTrials.gov one at a time. ISBNs have no registry and are left out. The lock is
//! written to a temporary file and renamed, so a run that fails leaves the old one intact.

use super::ask::{AskFailure, Asker};
use super::lockfile::{self, Lock, LOCK_FILE};
use crate::citations::{Bibliography, Cited, Identifier};
use crate::config::{Config, ConfigError};
use crate::content::{self, Date, LoadOptions};
use crate::markdown;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `panelpress cite lock` was asked to do.
#[derive(Debug, Clone)]
pub struct LockOptions {
    pub root: PathBuf,
    /// Re-ask only records retrieved more than this many days ago (and missing ones).
    pub refresh_older_than: Option<u32>,
    /// Ask only about these identifiers (as written: `pmid:1`, `PMID 1`, `PMC2`, …).
    pub only: Vec<String>,
    /// NCBI's API key (from `NCBI_API_KEY`): raises the rate limit to 10 a second.
    pub api_key: Option<String>,
    /// The day written as `retrieved`.
    pub today: Date,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct LockReport {
    pub path: PathBuf,
    /// Identifiers asked about this run.
    pub asked: usize,
    /// Records kept from the previous lock without asking.
    pub kept: usize,
    /// Asked identifiers the registry did not know, as canonical keys.
    pub not_found: Vec<String>,
    /// Asked identifiers the registry marks retracted.
    pub retracted: Vec<String>,
}

/// Why `cite lock` could not finish; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LockFailure {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("`{0}` is not an identifier; write it like `pmid:15110491`, `PMC11582493`, `doi:10.1000/xyz` or `NCT01234567`")]
    BadId(String),
    #[error("the existing `{LOCK_FILE}` does not parse (line {line}): {message}; delete it to lock every identifier afresh")]
    BadLock { line: usize, message: String },
    #[error("the bibliography cannot be read: {0}; run `panelpress check` for details")]
    BadBibliography(String),
    #[error(transparent)]
    Ask(#[from] AskFailure),
    #[error("cannot write `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Runs `cite lock`, calling `progress` with one line per registry request.
pub fn lock(
    options: &LockOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<LockReport, LockFailure> {
    let root = options.root.as_path();
    let config = Config::load(root)?;
    let (old, problems) = Lock::load(root);
    let keeps_old = options.refresh_older_than.is_some() || !options.only.is_empty();
    if let (Some(d), true) = (problems.first(), keeps_old) {
        return Err(LockFailure::BadLock {
            line: d.line,
            message: d.message.clone(),
        });
    }
    let old = old.unwrap_or_default();
    let only = parse_only(&options.only)?;
    let site = match &only {
        Some(_) => BTreeSet::new(),
        None => site_identifiers(root, &config)?,
    };
    let wanted: BTreeSet<Identifier> = only.clone().unwrap_or(site);
    let fresh = |id: &Identifier| match (options.refresh_older_than, old.get(id)) {
        (Some(days), Some(record)) => record.retrieved.plus_days(i64::from(days)) >= options.today,
        _ => false,
    };
    let ask: BTreeSet<Identifier> = wanted.iter().filter(|id| !fresh(id)).cloned().collect();
    let asker = Asker::new(&config, options.api_key.as_deref(), options.today);
    let found = asker.ask_all(&ask, progress)?;

    let mut records = if only.is_some() {
        old.records.clone()
    } else {
        BTreeMap::new()
    };
    let mut report = LockReport {
        asked: ask.len(),
        ..LockReport::default()
    };
    for id in &wanted {
        let record = match found.get(id) {
            Some(record) => record.clone(),
            None => match old.get(id) {
                Some(record) => {
                    report.kept += 1;
                    record.clone()
                }
                None => continue,
            },
        };
        if ask.contains(id) && !record.verified() {
            report.not_found.push(id.key());
        }
        if ask.contains(id) && record.retracted {
            report.retracted.push(id.key());
        }
        records.insert(id.key(), record);
    }
    report.path = root.join(LOCK_FILE);
    write_atomically(&report.path, &Lock { records }.to_yaml())?;
    Ok(report)
}

/// `--only` arguments as identifiers; `None` when none were given.
fn parse_only(only: &[String]) -> Result<Option<BTreeSet<Identifier>>, LockFailure> {
    if only.is_empty() {
        return Ok(None);
    }
    let mut ids = BTreeSet::new();
    for written in only {
        let id = lockfile::parse_key(written).or_else(|| {
            crate::citations::recognize::scan(written, None)
                .into_iter()
                .find_map(|found| match found.cited {
                    Cited::Id(id) => Some(id),
                    _ => None,
                })
        });
        ids.insert(id.ok_or_else(|| LockFailure::BadId(written.clone()))?);
    }
    Ok(Some(ids))
}

/// Every identifier the bibliography carries and the content cites (drafts included),
/// without ISBNs, which no registry here knows.
fn site_identifiers(root: &Path, config: &Config) -> Result<BTreeSet<Identifier>, LockFailure> {
    let (bibliography, found) = Bibliography::load(root, config);
    if let Some(d) = found
        .iter()
        .find(|d| d.code == crate::diagnostics::Code::MetaInvalid)
    {
        return Err(LockFailure::BadBibliography(format!(
            "{}:{}: {}",
            d.file, d.line, d.message
        )));
    }
    let mut ids: BTreeSet<Identifier> = bibliography
        .entries
        .iter()
        .flat_map(|e| e.ids.iter().cloned())
        .collect();
    ids.extend(cited_identifiers(root, &bibliography));
    ids.retain(|id| !matches!(id, Identifier::Isbn(_)));
    Ok(ids)
}

/// Every identifier the content cites (drafts included): inline, and those Manubot keys
/// (`[@pmid:…]`) name.
pub(crate) fn cited_identifiers(root: &Path, bibliography: &Bibliography) -> BTreeSet<Identifier> {
    let mut ids = BTreeSet::new();
    let loaded = content::load(root, LoadOptions { drafts: true });
    for page in &loaded.pages {
        let analysis = markdown::analyse(page.body(), &page.rel, bibliography);
        for citation in analysis.citations {
            match citation.cited {
                Cited::Id(id) => {
                    ids.insert(id);
                }
                Cited::Keys(keys) => ids.extend(keys.into_iter().filter_map(|key| key.id)),
                Cited::Malformed { .. } => {}
            }
        }
    }
    ids
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), LockFailure> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.tmp"));
    let failed = |source| LockFailure::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&temporary, text).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        std::fs::remove_file(&temporary).ok();
        failed(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_arguments_in_any_written_form() {
        let only = [
            "pmid:15110491",
            "PMID 8708565",
            "PMC11582493",
            "doi:10.1000/X",
        ]
        .map(str::to_string);
        let ids = parse_only(&only).expect("ids").expect("some");
        let keys: Vec<String> = ids.iter().map(Identifier::key).collect();
        assert_eq!(
            keys,
            [
                "pmid:15110491",
                "pmid:8708565",
                "pmcid:PMC11582493",
                "doi:10.1000/x"
            ]
        );
        assert!(parse_only(&["nonsense".to_string()]).is_err());
    }
}
