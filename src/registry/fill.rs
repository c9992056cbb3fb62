//! `panelpress cite fill`: copies title, authors (the first author), journal and
//! year from `citations.lock` into the empty fields of `references.yaml`, and adds an entry
//! for each identifier the content cites that no entry carries (see [`new_entries`]).
//!
//! The file is edited line by line, never rewritten through serde, so its comments, key
//! order and quoting stay as the writer left them: an empty `title:` line gets its value,
//! a missing field becomes a new line right after the entry's key line.

mod new_entries;

use super::lock::{cited_identifiers, write_atomically, LockFailure};
use super::lockfile::{Lock, Record, LOCK_FILE};
use crate::citations::{Bibliography, Entry};
use crate::config::{Config, ConfigError};
use crate::diagnostics::Code;
use std::path::{Path, PathBuf};

/// What a run changed.
#[derive(Debug, Default)]
pub struct FillReport {
    pub path: PathBuf,
    /// `(entry key, field)` for each field written, in file order.
    pub filled: Vec<(String, &'static str)>,
    /// `(new key, identifier)` for each entry added, as canonical keys (`pmid:15110491`).
    pub added: Vec<(String, String)>,
    /// Identifiers the content cites that no entry carries and the lock does not know:
    /// listed, not invented.
    pub unknown: Vec<String>,
}

/// Why `cite fill` could not run; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum FillFailure {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("there is no `{LOCK_FILE}` to fill from; run `panelpress cite lock` first")]
    NoLock,
    #[error("`{LOCK_FILE}` does not parse (line {0}); run `panelpress cite lock` to rewrite it")]
    BadLock(usize),
    #[error("`cite fill` edits a YAML bibliography; `{0}` is CSL-JSON, so fill it from your reference manager")]
    NotYaml(String),
    #[error("cannot read the bibliography `{}`", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the bibliography does not parse ({0}); run `panelpress check` for details")]
    BadBibliography(String),
    #[error(transparent)]
    Write(#[from] LockFailure),
}

/// Fills the bibliography of the site at `root` from its lock.
pub fn fill(root: &Path) -> Result<FillReport, FillFailure> {
    let config = Config::load(root)?;
    let relative = config.bibliography_path();
    let file = relative.to_string_lossy().replace('\\', "/");
    if file.ends_with(".json") {
        return Err(FillFailure::NotYaml(file));
    }
    let path = root.join(&relative);
    let text = std::fs::read_to_string(&path).map_err(|source| FillFailure::Unreadable {
        path: path.clone(),
        source,
    })?;
    let (lock, problems) = Lock::load(root);
    if let Some(d) = problems.first() {
        return Err(FillFailure::BadLock(d.line));
    }
    let lock = lock.ok_or(FillFailure::NoLock)?;
    let (bibliography, found) = Bibliography::parse(&file, &text);
    if let Some(d) = found.iter().find(|d| d.code == Code::MetaInvalid) {
        return Err(FillFailure::BadBibliography(format!(
            "line {}: {}",
            d.line, d.message
        )));
    }
    let (mut filled_text, filled) = fill_text(&text, &bibliography, &lock);
    let cited = cited_identifiers(root, &bibliography);
    let added = new_entries::add(&cited, &bibliography, &lock);
    if !added.yaml.is_empty() {
        if !filled_text.is_empty() && !filled_text.ends_with('\n') {
            filled_text.push('\n');
        }
        filled_text.push_str(&added.yaml);
    }
    if !filled.is_empty() || !added.entries.is_empty() {
        write_atomically(&path, &filled_text)?;
    }
    Ok(FillReport {
        path,
        filled,
        added: added.entries,
        unknown: added.unknown,
    })
}

/// The bibliography text with empty fields filled, and what was filled.
pub(crate) fn fill_text(
    text: &str,
    bibliography: &Bibliography,
    lock: &Lock,
) -> (String, Vec<(String, &'static str)>) {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let starts: Vec<usize> = crate::yaml::top_level_key_lines(text)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    let mut filled = Vec::new();
    // From the last entry up, so inserting lines never moves an entry still to be filled.
    let mut entries: Vec<&Entry> = bibliography.entries.iter().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.line));
    for entry in entries {
        // Identifiers of different works: which work's metadata is right is the writer's call.
        if lock.conflict(&entry.ids).is_some() {
            continue;
        }
        let Some(record) = entry
            .ids
            .iter()
            .filter_map(|id| lock.get(id))
            .find(|r| r.verified())
        else {
            continue;
        };
        let end = starts
            .iter()
            .find(|&&l| l > entry.line)
            .map_or(lines.len(), |&l| l - 1);
        let mut fields = fill_entry(&mut lines, entry, end, record);
        fields.reverse();
        filled.extend(fields.into_iter().map(|f| (entry.key.clone(), f)));
    }
    filled.reverse();
    let mut out = lines.join(newline);
    if text.ends_with('\n') || text.is_empty() {
        out.push_str(newline);
    }
    (out, filled)
}

/// Fills one entry whose key is on 1-based line `entry.line` and whose block ends before
/// 0-based line `end`; returns the fields written, in file order.
fn fill_entry(
    lines: &mut Vec<String>,
    entry: &Entry,
    end: usize,
    record: &Record,
) -> Vec<&'static str> {
    let key_index = entry.line - 1;
    let Some(key_line) = lines.get(key_index) else {
        return Vec::new();
    };
    // `key: {pmid: "1"}` is a flow mapping: no line to add a field to.
    let after_colon = key_line.split_once(':').map_or("", |(_, rest)| rest).trim();
    if !(after_colon.is_empty() || after_colon.starts_with('#')) {
        return Vec::new();
    }
    let block = key_index + 1..end.min(lines.len());
    let indent = lines[block.clone()]
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or("  ".to_string(), |l| {
            l[..l.len() - l.trim_start().len()].to_string()
        });
    let empty = |value: &Option<String>| value.as_deref().is_none_or(|v| v.trim().is_empty());
    let quoted = |v: &str| serde_json::Value::String(v.to_string()).to_string();
    let candidates: [(&'static str, bool, Option<String>); 4] = [
        (
            "title",
            empty(&entry.title),
            record.title.as_deref().map(quoted),
        ),
        (
            "authors",
            entry.authors.is_empty(),
            record
                .first_author
                .as_deref()
                .map(|a| format!("[{}]", quoted(a))),
        ),
        (
            "journal",
            empty(&entry.journal),
            record.journal.as_deref().map(quoted),
        ),
        (
            "year",
            entry.year.is_none(),
            record.year.map(|y| y.to_string()),
        ),
    ];
    let mut inserted = Vec::new();
    let mut filled = Vec::new();
    for (field, is_empty, value) in candidates {
        let (true, Some(value)) = (is_empty, value) else {
            continue;
        };
        let written = format!("{indent}{field}: {value}");
        let existing = block.clone().find(|&i| {
            let line = lines[i].trim_start();
            line.strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
                && lines[i].len() - line.len() == indent.len()
        });
        match existing {
            Some(i) => lines[i] = written,
            None => inserted.push(written),
        }
        filled.push(field);
    }
    for (offset, line) in inserted.into_iter().enumerate() {
        lines.insert(key_index + 1 + offset, line);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Date;

    #[test]
    fn fills_empty_fields_and_keeps_comments_and_order() {
        let text = "# sources\nrenehan-2004:\n  # the IGF paper\n  pmid: \"15110491\"\n  title: \"\"\n  year: 2004\n\n# second\nother:\n  doi: 10.1000/abc\n  title: Kept as written\n";
        let (bibliography, _) = Bibliography::parse("references.yaml", text);
        let day = Date::parse("2026-11-25").unwrap();
        let mut lock = Lock::default();
        lock.records.insert(
            "pmid:15110491".into(),
            Record {
                title: Some("IGF-I and cancer risk.".into()),
                journal: Some("Lancet".into()),
                year: Some(2005),
                first_author: Some("Renehan AG".into()),
                ..Record::default_at(day)
            },
        );
        lock.records.insert(
            "doi:10.1000/abc".into(),
            Record {
                title: Some("Other title".into()),
                journal: Some("BMJ".into()),
                ..Record::default_at(day)
            },
        );
        let (out, filled) = fill_text(text, &bibliography, &lock);
        assert_eq!(
            out,
            "# sources\nrenehan-2004:\n  authors: [\"Renehan AG\"]\n  journal: \"Lancet\"\n  # the IGF paper\n  pmid: \"15110491\"\n  title: \"IGF-I and cancer risk.\"\n  year: 2004\n\n# second\nother:\n  journal: \"BMJ\"\n  doi: 10.1000/abc\n  title: Kept as written\n"
        );
        assert_eq!(
            filled,
            vec![
                ("renehan-2004".to_string(), "title"),
                ("renehan-2004".to_string(), "authors"),
                ("renehan-2004".to_string(), "journal"),
                ("other".to_string(), "journal"),
            ]
        );
        let (again, none) = fill_text(&out, &Bibliography::parse("references.yaml", &out).0, &lock);
        assert_eq!(again, out);
        assert!(none.is_empty());
    }
}
