//! CSL-JSON, the format Zotero, Mendeley and Manubot export: an array of items with `id`,
//! `title`, `author` (`family`/`given`), `container-title`, `issued`, `DOI`, `PMID`, `PMCID`,
//! `URL`, `ISBN`. Lines are found by locating each item's `"id"`.

use super::yaml_entries::validate;
use super::{Entry, EntryType};
use crate::citations::entry::is_web_url;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde_json::Value;

pub(crate) fn parse(file: &str, text: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let items: Vec<Value> = match serde_json::from_str(text) {
        Ok(Value::Array(items)) => items,
        Ok(_) => {
            let d = Diagnostic::new(Code::MetaInvalid, file, (1, 1))
                .message("a CSL-JSON bibliography must be an array of items")
                .help("export the library as CSL JSON");
            return (Vec::new(), vec![d]);
        }
        Err(e) => {
            let d = Diagnostic::new(
                Code::MetaInvalid,
                file,
                (e.line().max(1), e.column().max(1)),
            )
            .message(format!("the bibliography does not parse: {e}"))
            .help("export the library again as CSL JSON");
            return (Vec::new(), vec![d]);
        }
    };
    let index = LineIndex::new(text);
    let mut search_from = 0;
    let mut entries = Vec::new();
    for item in &items {
        let key = item.get("id").map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let Some(key) = key else {
            let line = index.locate(text, search_from).0;
            diagnostics.push(
                Diagnostic::new(Code::MetaInvalid, file, (line, 1))
                    .message("a CSL-JSON item has no `id`")
                    .help("every item needs an `id`; it is the key pages cite as `[@id]`"),
            );
            continue;
        };
        let line = match text[search_from..].find("\"id\"") {
            Some(offset) => {
                search_from += offset + 4;
                index.locate(text, search_from).0
            }
            None => 1,
        };
        let text_field = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_string);
        let mut entry = Entry {
            key,
            line,
            url: text_field("URL"),
            title: text_field("title"),
            journal: text_field("container-title"),
            year: year(item),
            authors: authors(item),
            entry_type: match item.get("type").and_then(Value::as_str) {
                Some("book" | "chapter") => EntryType::Book,
                Some("webpage" | "post-weblog") => EntryType::Web,
                Some("report" | "legislation" | "regulation") => EntryType::Guideline,
                _ => EntryType::Article,
            },
            ..Entry::default()
        };
        for (field, name) in [
            ("pmid", "PMID"),
            ("pmcid", "PMCID"),
            ("doi", "DOI"),
            ("isbn", "ISBN"),
        ] {
            let Some(token) = item
                .get(name)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            else {
                continue;
            };
            match validate(field, token.trim()) {
                Ok(id) => entry.ids.push(id),
                Err(rule) => diagnostics.push(
                    Diagnostic::new(Code::CiteMalformed, file, (line, 1))
                        .message(format!(
                            "`{name}` of item `{}` is not valid: {rule}",
                            entry.key
                        ))
                        .help("correct the identifier in the reference manager and export again"),
                ),
            }
        }
        entry.ids.sort();
        if entry.ids.is_empty() && entry.url.is_none() {
            diagnostics.push(
                Diagnostic::new(Code::MetaInvalid, file, (line, 1))
                    .message(format!("item `{}` has no identifier", entry.key))
                    .help("give it a DOI, PMID, PMCID, ISBN or URL"),
            );
        }
        if let Some(url) = entry.url.take_if(|url| !is_web_url(url)) {
            diagnostics.push(
                Diagnostic::new(Code::MetaInvalid, file, (line, 1))
                    .message(format!(
                        "`URL` of item `{}` must be a web address starting with `https://` or `http://`, not `{url}`",
                        entry.key
                    ))
                    .help("correct the URL in the reference manager and export again"),
            );
        }
        entries.push(entry);
    }
    (entries, diagnostics)
}

fn year(item: &Value) -> Option<i32> {
    let first = item.pointer("/issued/date-parts/0/0")?;
    match first {
        Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `Renehan`, `Andrew G.` → `Renehan AG`: Vancouver's form of a name given as family and
/// given names (CSL-JSON, Crossref).
pub(crate) fn author_name(family: &str, given: Option<&str>) -> String {
    let initials: String = given
        .unwrap_or("")
        .split([' ', '-', '.'])
        .filter_map(|part| part.chars().next())
        .filter(|c| c.is_alphabetic())
        .collect();
    if initials.is_empty() {
        family.to_string()
    } else {
        format!("{family} {initials}")
    }
}

/// `{family: Renehan, given: Andrew G}` → `Renehan AG` (Vancouver's form).
fn authors(item: &Value) -> Vec<String> {
    let Some(list) = item.get("author").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|a| {
            if let Some(literal) = a.get("literal").and_then(Value::as_str) {
                return Some(literal.to_string());
            }
            let family = a.get("family").and_then(Value::as_str)?;
            Some(author_name(family, a.get("given").and_then(Value::as_str)))
        })
        .collect()
}
