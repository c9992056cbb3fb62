//! The bibliography: `references.yaml` or a CSL-JSON export (Zotero, Manubot),
//! read into [`Entry`]s that remember their line, so every diagnostic about an entry points
//! at it. An inline identifier matches the entry that carries it; a `[@key]` its key.

mod csl;

pub(crate) use csl::author_name;
mod yaml_entries;

use super::entry::{Entry, EntryType};
use super::identifiers::Identifier;
use super::references::{Formatted, Reference};
use crate::config::Config;
use crate::diagnostics::{display_path, Code, Diagnostic};
// Looked up for every citation of every page: a fast hash (no untrusted keys here).
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// The site's sources.
#[derive(Debug, Default)]
pub struct Bibliography {
    /// The file, relative to the site root (`references.yaml`).
    pub(crate) file: String,
    pub entries: Vec<Entry>,
    by_id: HashMap<Identifier, usize>,
    by_key: HashMap<String, usize>,
    /// Entries as reference lists show them, formatted on first use.
    formatted: Formatted,
}

impl Bibliography {
    /// Reads the bibliography `site.yaml` names (default `references.yaml`, which may be
    /// absent). A file named explicitly but missing is an error at its `site.yaml` line.
    pub(crate) fn load(root: &Path, config: &Config) -> (Bibliography, Vec<Diagnostic>) {
        let path = root.join(config.bibliography_path());
        let file = display_path(root, &path);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let (at, valid) = crate::diagnostics::first_bad_byte(&error);
                    let d = Diagnostic::new(Code::MetaInvalid, file.as_str(), at)
                        .message(format!(
                            "`{file}` is not valid UTF-8 (byte {valid} cannot be read as text)"
                        ))
                        .help(crate::diagnostics::SAVE_AS_UTF8);
                    return (Bibliography::empty(&file), vec![d]);
                }
            },
            Err(_) if config.bibliography.is_none() => {
                return (Bibliography::empty(&file), Vec::new())
            }
            Err(e) => {
                let line = config.line_of("bibliography");
                let d = Diagnostic::new(Code::MetaInvalid, crate::config::CONFIG_FILE, (line, 1))
                    .message(format!("the bibliography `{file}` cannot be read: {e}"))
                    .help("fix the `bibliography` path in site.yaml, or create the file");
                return (Bibliography::empty(&file), vec![d]);
            }
        };
        Bibliography::parse(&file, &text)
    }

    /// Parses bibliography text; `.json` files are CSL-JSON, anything else YAML.
    pub fn parse(file: &str, text: &str) -> (Bibliography, Vec<Diagnostic>) {
        let (entries, mut diagnostics) = if file.ends_with(".json") {
            csl::parse(file, text)
        } else {
            yaml_entries::parse(file, text)
        };
        let mut bibliography = Bibliography::empty(file);
        // Sized once: growing rehashes every key, and a large file has tens of thousands.
        bibliography.by_id.reserve(entries.len());
        bibliography.by_key.reserve(entries.len());
        for entry in entries {
            bibliography.add(entry, &mut diagnostics);
        }
        (bibliography, diagnostics)
    }

    fn empty(file: &str) -> Bibliography {
        Bibliography {
            file: file.to_string(),
            ..Bibliography::default()
        }
    }

    /// Adds an entry, reporting identifiers another entry already carries.
    fn add(&mut self, entry: Entry, diagnostics: &mut Vec<Diagnostic>) {
        let index = self.entries.len();
        for id in &entry.ids {
            if let Some(&other) = self.by_id.get(id) {
                let first = &self.entries[other];
                diagnostics.push(
                    Diagnostic::new(Code::CiteDuplicate, self.file.as_str(), (entry.line, 1))
                        .message(format!(
                            "`{}` carries `{id}`, which `{}` (line {}) already carries",
                            entry.key, first.key, first.line
                        ))
                        .help("merge the two entries into one, and cite that key"),
                );
            } else {
                self.by_id.insert(id.clone(), index);
            }
        }
        self.by_key.insert(entry.key.clone(), index);
        self.entries.push(entry);
        self.formatted.push();
    }

    /// Works out each entry's kind of evidence from its `study:` and `species:` and what
    /// `recorded` (the lock) says about its identifiers. Called once, before the pages are
    /// rendered: the References list, the inline marks and the checks all read it.
    pub(crate) fn attach_evidence<'r>(
        &mut self,
        recorded: impl Fn(&Identifier) -> Option<&'r super::evidence::Recorded>,
    ) {
        for entry in &mut self.entries {
            let records: Vec<&super::evidence::Recorded> =
                entry.ids.iter().filter_map(&recorded).collect();
            entry.evidence = super::evidence::evidence(entry, &records);
        }
    }

    /// Reference `number` of a page's list, showing entry `index`.
    pub(crate) fn reference(&self, number: usize, index: usize) -> Reference<'_> {
        Reference::new(number, &self.entries, index, &self.formatted)
    }

    pub(crate) fn find_id(&self, id: &Identifier) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn find_key(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The entry a `@key` names: the entry with that key, or for a Manubot key
    /// (`pmid:15110491`) the entry carrying that identifier.
    pub(crate) fn find_cited(&self, key: &super::recognize::Key) -> Option<usize> {
        self.find_key(&key.name)
            .or_else(|| key.id.as_ref().and_then(|id| self.find_id(id)))
    }

    /// The entries `cited` names: one per identifier or key, `None` for one this
    /// bibliography lacks (none for a malformed identifier).
    pub(crate) fn entries_of(&self, cited: &super::Cited) -> Vec<Option<usize>> {
        match cited {
            super::Cited::Id(id) => vec![self.find_id(id)],
            super::Cited::Keys(keys) => keys.iter().map(|key| self.find_cited(key)).collect(),
            super::Cited::Malformed { .. } => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
