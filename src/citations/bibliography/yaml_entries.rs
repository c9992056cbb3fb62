//! `references.yaml`: key → entry mapping, each field checked by hand so a wrong type is
//! reported at the field's own line with its name (serde would say neither).

use super::{Entry, EntryType};
use crate::citations::entry::is_web_url;
use crate::citations::evidence::Study;
use crate::citations::identifiers::{self, Identifier};
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

/// Fields we read; `EXTRA` fields are accepted and ignored (kept for the writer).
const EXTRA: &[&str] = &[
    "volume",
    "issue",
    "pages",
    "publisher",
    "edition",
    "accessed",
    "note",
    "notes",
];

pub(crate) fn parse(file: &str, text: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        return (Vec::new(), diagnostics);
    }
    let invalid = |at: (usize, usize), message: String, help: &'static str| {
        Diagnostic::new(Code::MetaInvalid, file, at)
            .message(message)
            .help(help)
    };
    let root = match yaml::from_str::<Value>(text) {
        Ok(value) => value,
        Err(e) => {
            let d = invalid(
                (e.line, e.column),
                format!("the bibliography does not parse: {}", e.message),
                "fix the YAML at this line",
            );
            return (Vec::new(), vec![d]);
        }
    };
    let Value::Object(mut values) = root else {
        let d = invalid(
            (1, 1),
            "the bibliography must map keys to entries".into(),
            "write `key:` lines, each followed by indented fields such as `pmid: \"123\"`",
        );
        return (Vec::new(), vec![d]);
    };
    let mut entries = Vec::new();
    let key_lines = yaml::top_level_key_lines(text);
    let mut seen = HashMap::with_capacity_and_hasher(key_lines.len(), Default::default());
    for &(ref key, line) in &key_lines {
        if let Some(first) = seen.insert(key.as_str(), line) {
            // YAML keeps only the last of two equal keys: the first entry would vanish.
            diagnostics.push(invalid(
                (line, 1),
                format!("the key `{key}` is used twice (first at line {first})"),
                "give each entry its own key",
            ));
            continue;
        }
        // Each key gets here once (a repeated key stops above), so its value can be moved
        // out: the entry takes the strings instead of copying them.
        let Some(value) = values.remove(key) else {
            continue;
        };
        let fields = Fields {
            file,
            text,
            key,
            line,
        };
        match fields.entry(value, &mut diagnostics) {
            Some(entry) => entries.push(entry),
            None => continue,
        }
    }
    (entries, diagnostics)
}

struct Fields<'a> {
    file: &'a str,
    text: &'a str,
    key: &'a str,
    line: usize,
}

impl Fields<'_> {
    /// The line of `field:` inside this entry (the key's line when not found).
    fn line_of(&self, field: &str) -> usize {
        self.text
            .lines()
            .enumerate()
            .skip(self.line)
            .take_while(|(_, l)| {
                l.starts_with([' ', '\t']) || l.trim().is_empty() || l.trim_start().starts_with('#')
            })
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(field)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map_or(self.line, |(i, _)| i + 1)
    }

    fn error(&self, code: Code, field: &str, message: String, help: &'static str) -> Diagnostic {
        let line = self.line_of(field);
        let column = self
            .text
            .lines()
            .nth(line - 1)
            .map_or(1, |l| l.len() - l.trim_start().len() + 1);
        Diagnostic::new(code, self.file, (line, column))
            .message(message)
            .help(help)
    }

    fn entry(&self, value: Value, diagnostics: &mut Vec<Diagnostic>) -> Option<Entry> {
        let Value::Object(fields) = value else {
            diagnostics.push(self.error(
                Code::MetaInvalid,
                "",
                format!("entry `{}` has no fields", self.key),
                "indent its fields under the key, e.g. `  pmid: \"123\"`",
            ));
            return None;
        };
        let mut entry = Entry {
            key: self.key.to_string(),
            line: self.line,
            ..Entry::default()
        };
        let mut has_identifier = false;
        // In key order, as a `serde_json` map iterates (so are the diagnostics).
        for (field, value) in fields {
            let result: Result<(), Diagnostic> = match field.as_ref() {
                "pmid" | "pmcid" | "doi" | "nct" | "isbn" => {
                    has_identifier = true;
                    self.text_of(&field, value).map(|token| match validate(&field, &token) {
                        Ok(id) => entry.ids.push(id),
                        Err(rule) => diagnostics.push(self.error(Code::CiteMalformed, &field, format!("`{field}: {token}` in entry `{}` is not a valid identifier: {rule}", self.key), "copy the identifier again from PubMed, the DOI registry or the book")),
                    })
                }
                "url" => {
                    has_identifier = true;
                    self.text_of(&field, value).and_then(|url| self.web_url(url)).map(|url| entry.url = Some(url))
                }
                "title" => self.text_of(&field, value).map(|t| entry.title = Some(t)),
                "journal" => self.text_of(&field, value).map(|t| entry.journal = Some(t)),
                "authors" => self.names(value, "authors").map(|a| entry.authors = a),
                "year" => self.year(&value).map(|y| entry.year = Some(y)),
                "retracted" => match value {
                    Value::Bool(b) => {
                        entry.retracted = b;
                        Ok(())
                    }
                    _ => Err(self.wrong_type(&field, "true or false")),
                },
                "type" => match value.as_str().and_then(EntryType::parse) {
                    Some(t) => {
                        entry.entry_type = t;
                        Ok(())
                    }
                    None => Err(self.wrong_type(&field, "one of article, label, guideline, trial, book, web")),
                },
                "study" => self.study(&value).map(|s| entry.study = Some(s)),
                "species" => self.names(value, "species").map(|s| entry.species = s),
                f if EXTRA.contains(&f) => Ok(()),
                other => Err(self.error(Code::MetaInvalid, other, format!("entry `{}` has an unknown field `{other}`", self.key), "the fields are pmid, pmcid, doi, nct, isbn, url, title, authors, journal, year, type, study, species and retracted")),
            };
            if let Err(d) = result {
                diagnostics.push(d);
            }
        }
        // Keep the identifiers in a stable order whatever the map's order.
        entry.ids.sort();
        if !has_identifier {
            diagnostics.push(
                Diagnostic::new(Code::MetaInvalid, self.file, (self.line, 1))
                    .message(format!("entry `{}` has no identifier", self.key))
                    .help("give it at least one of pmid, pmcid, doi, nct, isbn or url"),
            );
        }
        Some(entry)
    }

    fn wrong_type(&self, field: &str, expected: &str) -> Diagnostic {
        self.error(
            Code::MetaInvalid,
            field,
            format!("`{field}` in entry `{}` must be {expected}", self.key),
            "fix the value's type",
        )
    }

    /// `url` when it is a web address (`http(s)://`): anything else would become a live
    /// link in the reference list.
    fn web_url(&self, url: String) -> Result<String, Diagnostic> {
        if is_web_url(&url) {
            return Ok(url);
        }
        Err(self.error(
            Code::MetaInvalid,
            "url",
            format!(
                "`url` in entry `{}` must be a web address starting with `https://` or `http://`",
                self.key
            ),
            "give the page's web address, e.g. `url: https://example.org/page`",
        ))
    }

    /// Text, or a number written without quotes (`pmid: 8708565`).
    fn text_of(&self, field: &str, value: Value) -> Result<String, Diagnostic> {
        match value {
            // Most values need no trimming: keep their string rather than copy it.
            Value::String(s) if s.trim().len() == s.len() => Ok(s),
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(self.wrong_type(field, "text")),
        }
    }

    /// A name or a list of names (`authors`, `species`).
    fn names(&self, value: Value, field: &str) -> Result<Vec<String>, Diagnostic> {
        match value {
            Value::String(s) => Ok(vec![s]),
            Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(self.wrong_type(field, "a list of names")),
                })
                .collect(),
            _ => Err(self.wrong_type(field, "a list of names")),
        }
    }

    /// `study:`, one of the allowed values; anything else is reported at its line with the
    /// nearest value as help.
    fn study(&self, value: &Value) -> Result<Study, Diagnostic> {
        let written = match value {
            Value::String(s) => s.as_str(),
            _ => return Err(self.wrong_type("study", "one of the study values, such as `rct`")),
        };
        Study::parse(written).ok_or_else(|| {
            self.error(
                Code::MetaInvalid,
                "study",
                format!(
                    "`study: {written}` in entry `{}` is not a kind of study panelpress knows",
                    self.key
                ),
                "",
            )
            .help(format!(
                "did you mean `{}`? the values are {}",
                Study::nearest(written),
                Study::all()
            ))
        })
    }

    fn year(&self, value: &Value) -> Result<i32, Diagnostic> {
        let year = match value {
            Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        year.ok_or_else(|| self.wrong_type("year", "a year such as 2004"))
    }
}

pub(super) fn validate(field: &str, token: &str) -> Result<Identifier, &'static str> {
    match field {
        "pmid" => identifiers::pmid(token),
        "pmcid" => identifiers::pmcid(token),
        "doi" => identifiers::doi(
            token
                .trim_start_matches("https://doi.org/")
                .trim_start_matches("doi:"),
        ),
        "nct" => identifiers::nct(token),
        _ => identifiers::isbn(token),
    }
}
