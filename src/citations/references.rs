//! The References section: entries numbered in order of first citation on a page, each
//! formatted in Vancouver style (up to six authors then "et al.", title, journal, year,
//! linked identifiers). Templates receive them as data (`page.references`).

use super::entry::{Entry, EntryType};
use crate::text::escape_into;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::fmt::Write;
use std::sync::OnceLock;

/// Numbers entries in the order a page first cites them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Numbering {
    order: Vec<usize>,
    numbers: HashMap<usize, usize>,
    /// How many linked marks cite each number so far (index `number - 1`): each mark has
    /// its own id, and the References list links back to every one.
    marks: Vec<usize>,
}

impl Numbering {
    /// The number of entry `index`, assigning the next one on first use.
    pub(crate) fn number(&mut self, index: usize) -> usize {
        let next = self.order.len() + 1;
        *self.numbers.entry(index).or_insert_with(|| {
            self.order.push(index);
            next
        })
    }

    /// Entry indexes in number order.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// Counts one more linked mark of reference `number`; returns its count (1 for the
    /// first), which makes the mark's id.
    pub(crate) fn mark(&mut self, number: usize) -> usize {
        if self.marks.len() < number {
            self.marks.resize(number, 0);
        }
        self.marks[number - 1] += 1;
        self.marks[number - 1]
    }

    /// How many linked marks cite each number, in number order.
    pub(crate) fn marks(&self) -> Vec<usize> {
        (0..self.order.len())
            .map(|i| self.marks.get(i).copied().unwrap_or(0))
            .collect()
    }
}

/// An identifier as a reference list shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IdLink {
    pub(crate) label: String,
    pub(crate) url: Option<String>,
}

/// One numbered reference, for templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Reference<'a> {
    pub(crate) number: usize,
    /// The element id inline citations link to (`ref-1`).
    pub(crate) id: String,
    /// Borrowed from the bibliography: every page's list is built for its template only.
    pub(crate) key: &'a str,
    /// The whole Vancouver-style entry as HTML (escaped, with links).
    pub(crate) html: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) authors: &'a [String],
    pub(crate) journal: Option<&'a str>,
    pub(crate) year: Option<i32>,
    #[serde(rename = "type")]
    pub(crate) entry_type: EntryType,
    pub(crate) retracted: bool,
    /// The kind of evidence, with its plain-words label (`null` when nothing is known).
    pub(crate) evidence: Option<&'a super::evidence::Evidence>,
    /// The first link of the entry (identifier or `url`), if any.
    pub(crate) url: Option<&'a str>,
    pub(crate) identifiers: &'a [IdLink],
    /// Ids of the marks in the page's text that cite this reference, in order (the list
    /// links back to each); filled by the template context.
    pub(crate) citations: Vec<String>,
}

impl<'a> Reference<'a> {
    /// Reference `number` on a page, showing entry `index` of `entries`.
    pub(crate) fn new(
        number: usize,
        entries: &'a [Entry],
        index: usize,
        formatted: &'a Formatted,
    ) -> Reference<'a> {
        let entry = &entries[index];
        let shown = formatted.of(index, entry);
        Reference {
            number,
            id: crate::theme::reference_id(number),
            key: &entry.key,
            html: &shown.html,
            title: entry.title.as_deref(),
            authors: &entry.authors,
            journal: entry.journal.as_deref(),
            year: entry.year,
            entry_type: entry.entry_type,
            retracted: entry.retracted,
            evidence: entry.evidence.as_ref(),
            url: shown.url.as_deref(),
            identifiers: &shown.identifiers,
            citations: Vec::new(),
        }
    }
}

/// What a reference shows that depends on its entry alone, formatted once per entry and
/// run however many pages cite it (in a large site, each entry is cited by several pages).
#[derive(Debug, Default)]
pub(crate) struct Formatted {
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
    pub(crate) fn push(&mut self) {
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
            let html = vancouver(entry);
            Shown {
                html,
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
/// Written into one buffer: a large bibliography formats tens of thousands of entries.
pub(crate) fn vancouver(entry: &Entry) -> String {
    let mut out = String::with_capacity(256);
    // Parts are separated by a space; no part is empty, so an empty buffer means none yet.
    let next_part = |out: &mut String| {
        if !out.is_empty() {
            out.push(' ');
        }
    };
    if entry.retracted {
        out.push_str("<strong class=\"retracted\">Retracted.</strong>");
    }
    if !entry.authors.is_empty() {
        next_part(&mut out);
        for (i, author) in entry.authors.iter().take(6).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            escape_into(&mut out, author);
        }
        if entry.authors.len() > 6 {
            out.push_str(", et al");
        }
        end_sentence(&mut out);
    }
    for text in [&entry.title, &entry.journal].into_iter().flatten() {
        next_part(&mut out);
        escape_into(&mut out, text);
        end_sentence(&mut out);
    }
    if let Some(year) = entry.year {
        next_part(&mut out);
        write!(out, "{year}.").ok();
    }
    if !entry.ids.is_empty() {
        next_part(&mut out);
        for (i, id) in entry.ids.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            match id.url() {
                Some(url) => {
                    out.push_str("<a href=\"");
                    escape_into(&mut out, &url);
                    out.push_str("\">");
                    escape_into(&mut out, &id.label());
                    out.push_str("</a>");
                }
                None => escape_into(&mut out, &id.label()),
            }
        }
        out.push('.');
    }
    if let Some(url) = &entry.url {
        next_part(&mut out);
        out.push_str("Available from: <a href=\"");
        escape_into(&mut out, url);
        out.push_str("\">");
        escape_into(&mut out, url);
        out.push_str("</a>");
    }
    if out.is_empty() {
        escape_into(&mut out, &entry.key);
    }
    // Kept for the whole run, one per entry.
    out.shrink_to_fit();
    out
}

/// Ends the part just written with a full stop unless it already ends a sentence.
fn end_sentence(out: &mut String) {
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
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
    fn ends_each_part_once_and_escapes_every_field() {
        let entry = Entry {
            key: "key".into(),
            ids: vec![
                Identifier::Doi("10.1000/a<b".into()),
                Identifier::Isbn("9780306406157".into()),
            ],
            title: Some("Does it work?".into()),
            authors: vec!["A & B".into()],
            journal: Some(String::new()),
            url: Some("https://example.org/?a=1&b=2".into()),
            ..Entry::default()
        };
        assert_eq!(
            vancouver(&entry),
            "A &amp; B. Does it work? . \
             <a href=\"https://doi.org/10.1000/a&lt;b\">doi: 10.1000/a&lt;b</a>; ISBN: 9780306406157. \
             Available from: <a href=\"https://example.org/?a=1&amp;b=2\">https://example.org/?a=1&amp;b=2</a>"
        );
        let nothing = Entry {
            key: "k&1".into(),
            ..Entry::default()
        };
        assert_eq!(vancouver(&nothing), "k&amp;1");
        let retracted = Entry {
            retracted: true,
            year: Some(2001),
            ..nothing
        };
        assert_eq!(
            vancouver(&retracted),
            "<strong class=\"retracted\">Retracted.</strong> 2001."
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
