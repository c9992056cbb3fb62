//! The References section: entries numbered in order of first citation on a page, each
//! formatted in Vancouver style (up to six authors then "et al.", title, journal, year,
//! linked identifiers). Templates receive them as data (`page.references`).

use super::bibliography::{Entry, EntryType};
use crate::markdown::escape;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Numbers entries in the order a page first cites them.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    order: Vec<usize>,
    numbers: HashMap<usize, usize>,
}

impl Numbering {
    /// The number of entry `index`, assigning the next one on first use.
    pub fn number(&mut self, index: usize) -> usize {
        let next = self.order.len() + 1;
        *self.numbers.entry(index).or_insert_with(|| {
            self.order.push(index);
            next
        })
    }

    /// Entry indexes in number order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }
}

/// An identifier as a reference list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IdLink {
    pub label: String,
    pub url: Option<String>,
}

/// One numbered reference, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct Reference<'a> {
    pub number: usize,
    /// The element id inline citations link to (`ref-1`).
    pub id: String,
    /// Borrowed from the bibliography: every page's list is built for its template only.
    pub key: &'a str,
    /// The whole Vancouver-style entry as HTML (escaped, with links).
    pub html: &'a str,
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    pub journal: Option<&'a str>,
    pub year: Option<i32>,
    #[serde(rename = "type")]
    pub entry_type: EntryType,
    pub retracted: bool,
    /// The first link of the entry (identifier or `url`), if any.
    pub url: Option<&'a str>,
    pub identifiers: &'a [IdLink],
}

/// The element id of reference `number`.
pub fn anchor(number: usize) -> String {
    format!("ref-{number}")
}

impl<'a> Reference<'a> {
    /// Reference `number` on a page, showing entry `index` of `entries`.
    pub fn new(
        number: usize,
        entries: &'a [Entry],
        index: usize,
        formatted: &'a Formatted,
    ) -> Reference<'a> {
        let entry = &entries[index];
        let shown = formatted.of(index, entry);
        Reference {
            number,
            id: anchor(number),
            key: &entry.key,
            html: &shown.html,
            title: entry.title.as_deref(),
            authors: &entry.authors,
            journal: entry.journal.as_deref(),
            year: entry.year,
            entry_type: entry.entry_type,
            retracted: entry.retracted,
            url: shown.url.as_deref(),
            identifiers: &shown.identifiers,
        }
    }
}

/// What a reference shows that depends on its entry alone, formatted once per entry and
/// run however many pages cite it (in a large site, each entry is cited by several pages).
#[derive(Debug, Default)]
pub struct Formatted {
    /// By entry index; filled on first use, from any rendering thread.
    entries: Vec<OnceLock<Shown>>,
}

#[derive(Debug)]
struct Shown {
    html: String,
    url: Option<String>,
    identifiers: Vec<IdLink>,
}

impl Formatted {
    /// Room for one more entry, added with it.
    pub fn push(&mut self) {
        self.entries.push(OnceLock::new());
    }

    fn of(&self, index: usize, entry: &Entry) -> &Shown {
        let format = || {
            let identifiers: Vec<IdLink> = entry
                .ids
                .iter()
                .map(|id| IdLink {
                    label: id.label(),
                    url: id.url(),
                })
                .collect();
            Shown {
                html: vancouver(entry),
                url: identifiers
                    .iter()
                    .find_map(|i| i.url.clone())
                    .or_else(|| entry.url.clone()),
                identifiers,
            }
        };
        self.entries[index].get_or_init(format)
    }
}

/// `Renehan AG, Zwahlen M, …, et al. Title. Journal. 2004. PMID: <a>15110491</a>.` An
/// entry with little metadata degrades to what it has, down to its identifier alone.
pub fn vancouver(entry: &Entry) -> String {
    let mut parts: Vec<String> = Vec::new();
    if entry.retracted {
        parts.push("<strong class=\"retracted\">Retracted.</strong>".into());
    }
    if !entry.authors.is_empty() {
        let shown: Vec<&str> = entry.authors.iter().take(6).map(String::as_str).collect();
        let mut authors = escape(&shown.join(", "));
        if entry.authors.len() > 6 {
            authors.push_str(", et al");
        }
        parts.push(sentence(authors));
    }
    if let Some(title) = &entry.title {
        parts.push(sentence(escape(title)));
    }
    if let Some(journal) = &entry.journal {
        parts.push(sentence(escape(journal)));
    }
    if let Some(year) = entry.year {
        parts.push(format!("{year}."));
    }
    let ids: Vec<String> = entry
        .ids
        .iter()
        .map(|id| {
            let label = escape(&id.label());
            match id.url() {
                Some(url) => format!("<a href=\"{}\">{label}</a>", escape(&url)),
                None => label,
            }
        })
        .collect();
    if !ids.is_empty() {
        parts.push(format!("{}.", ids.join("; ")));
    }
    if let Some(url) = &entry.url {
        let url = escape(url);
        parts.push(format!("Available from: <a href=\"{url}\">{url}</a>"));
    }
    if parts.is_empty() {
        parts.push(escape(&entry.key));
    }
    parts.join(" ")
}

/// Ends `text` with a full stop unless it already ends a sentence.
fn sentence(mut text: String) -> String {
    if !text.ends_with(['.', '?', '!']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citations::Identifier;

    fn entry() -> Entry {
        Entry {
            key: "renehan-2004".into(),
            ids: vec![Identifier::Pmid("15110491".into())],
            title: Some("IGF-I, IGFBP-3, and cancer risk".into()),
            authors: [
                "Renehan AG",
                "Zwahlen M",
                "Minder C",
                "O'Dwyer ST",
                "Shalet SM",
                "Egger M",
                "Extra X",
            ]
            .map(String::from)
            .to_vec(),
            journal: Some("The Lancet".into()),
            year: Some(2004),
            ..Entry::default()
        }
    }

    #[test]
    fn formats_vancouver_with_six_authors_then_et_al() {
        assert_eq!(
            vancouver(&entry()),
            "Renehan AG, Zwahlen M, Minder C, O&#39;Dwyer ST, Shalet SM, Egger M, et al. \
             IGF-I, IGFBP-3, and cancer risk. The Lancet. 2004. \
             <a href=\"https://pubmed.ncbi.nlm.nih.gov/15110491/\">PMID: 15110491</a>."
        );
    }

    #[test]
    fn degrades_to_the_identifier_and_marks_retractions() {
        let bare = Entry {
            key: "rat".into(),
            ids: vec![Identifier::Pmid("8708565".into())],
            retracted: true,
            ..Entry::default()
        };
        assert_eq!(
            vancouver(&bare),
            "<strong class=\"retracted\">Retracted.</strong> \
             <a href=\"https://pubmed.ncbi.nlm.nih.gov/8708565/\">PMID: 8708565</a>."
        );
    }

    #[test]
    fn numbers_in_order_of_first_use() {
        let mut numbering = Numbering::default();
        assert_eq!(numbering.number(4), 1);
        assert_eq!(numbering.number(2), 2);
        assert_eq!(numbering.number(4), 1);
        assert_eq!(numbering.order(), [4, 2]);
    }
}
