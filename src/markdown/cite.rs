//! Inline citations in the rendered page: each identifier links to its canonical URL and,
//! when the bibliography has it, to its numbered entry in the References section. A
//! pandoc citation becomes its marks (`[1]`, `[see 2, p. 12]`); a key the bibliography
//! lacks, or a bracket that is no citation, becomes `[?]`, so citation syntax never reaches
//! a reader as raw text.

use super::escape_into;
use crate::citations::references::Numbering;
use crate::citations::{Bibliography, Cited, Entry, Found};
use crate::theme::REFERENCE_PREFIX;
use std::fmt::Write;

/// Turns one run of rendered text into HTML with its citations linked, written straight
/// into one string (a page has dozens of citations, each a few pieces). `in_link` is set
/// inside a link's text, where a nested `<a>` would be invalid: the text is kept and only
/// the reference number is assigned. `found` is what `recognize::scan` finds in `text`.
pub(crate) fn link_citations(
    text: &str,
    bibliography: &Bibliography,
    numbering: &mut Numbering,
    in_link: bool,
    found: Vec<Found>,
) -> Option<String> {
    let shown_raw = |f: &Found| {
        matches!(f.cited, Cited::Malformed { .. }) && !text[f.span.clone()].starts_with('[')
    };
    if found.iter().all(shown_raw) {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 64 * found.len());
    let mut last = 0;
    for Found { span, cited } in found {
        let before = &text[last..span.start];
        let original = &text[span.clone()];
        last = span.end;
        let narrative = matches!(&cited, Cited::Keys(keys) if keys.iter().any(|k| k.narrative));
        // `claim [@key].` reads as `claim[1].`: a mark that replaces a bracket hugs the word
        // it supports.
        let before = if original.starts_with('[') {
            before.trim_end_matches(' ')
        } else {
            before
        };
        escape_into(&mut html, before);
        match cited {
            Cited::Id(id) => {
                let entry = bibliography.find_id(&id);
                match (id.url(), in_link) {
                    (Some(url), false) => {
                        html.push_str("<a class=\"cite\" href=\"");
                        escape_into(&mut html, &url);
                        html.push_str("\">");
                        escape_into(&mut html, original);
                        html.push_str("</a>");
                    }
                    _ => escape_into(&mut html, original),
                }
                if let Some(entry) = entry {
                    let marks = Marks {
                        bibliography,
                        numbering,
                        in_link,
                    };
                    marks.push(&mut html, &[Mark::of(entry)]);
                }
            }
            Cited::Keys(keys) => {
                if narrative {
                    let entry = keys.first().and_then(|k| bibliography.find_cited(k));
                    if let Some(entry) = entry {
                        escape_into(&mut html, &narrative_name(&bibliography.entries[entry]));
                    }
                }
                let items: Vec<Mark> = keys
                    .iter()
                    .map(|key| Mark {
                        entry: bibliography.find_cited(key),
                        prefix: &key.prefix,
                        locator: &key.locator,
                    })
                    .collect();
                let marks = Marks {
                    bibliography,
                    numbering,
                    in_link,
                };
                marks.push(&mut html, &items);
            }
            // A bracket that is no citation shows as an unknown source: its finding says
            // what to fix.
            Cited::Malformed { .. } if original.starts_with('[') => {
                let marks = Marks {
                    bibliography,
                    numbering,
                    in_link,
                };
                marks.push(&mut html, &[Mark::default()]);
            }
            Cited::Malformed { .. } => escape_into(&mut html, original),
        }
    }
    escape_into(&mut html, &text[last..]);
    Some(html)
}

/// One mark of a citation: `[1]`, `[see 1, p. 12]`, or `[?]` for a source the
/// bibliography lacks.
#[derive(Default)]
pub(crate) struct Mark<'k> {
    /// The bibliography entry marked; `None` shows `[?]`.
    pub(crate) entry: Option<usize>,
    /// Words before the number (`see`).
    pub(crate) prefix: &'k str,
    /// Words after it (`p. 12`).
    pub(crate) locator: &'k str,
}

impl Mark<'_> {
    /// The plain mark of bibliography entry `entry`.
    pub(crate) fn of(entry: usize) -> Self {
        Mark {
            entry: Some(entry),
            ..Mark::default()
        }
    }

    /// `[see 1, p. 12]`, escaped for HTML; `[?]` without a number.
    fn text(&self, number: Option<usize>, retracted: bool) -> String {
        let mut text = String::from("[");
        if !self.prefix.is_empty() {
            escape_into(&mut text, self.prefix);
            text.push(' ');
        }
        match number {
            Some(n) => {
                // Writing to a `String` cannot fail.
                let _ = write!(text, "{n}");
            }
            None => text.push('?'),
        }
        if !self.locator.is_empty() {
            text.push_str(", ");
            escape_into(&mut text, self.locator);
        }
        if retracted {
            text.push_str(", retracted");
        }
        text.push(']');
        text
    }
}

/// How running text names a source cited narratively (`@renehan-2004 showed`): its
/// authors' family names as Vancouver lists them (`Renehan AG` → `Renehan`), one, two or
/// the first with "et al."; the title when no author is recorded, else the key.
fn narrative_name(entry: &Entry) -> String {
    let family = |author: &String| {
        let words: Vec<&str> = author.split_whitespace().collect();
        let initials = |w: &&str| w.chars().all(|c| c.is_uppercase() || c == '.');
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() && initials(last) => rest.join(" "),
            _ => author.clone(),
        }
    };
    match entry.authors.as_slice() {
        [] => entry.title.clone().unwrap_or_else(|| entry.key.clone()),
        [one] => family(one),
        [one, two] => format!("{} and {}", family(one), family(two)),
        [first, ..] => format!("{} et al.", family(first)),
    }
}

/// Where citation marks are written: they number their entries, count each linked mark
/// (for the References list's links back) and say when a source is retracted.
pub(crate) struct Marks<'b, 'n> {
    pub(crate) bibliography: &'b Bibliography,
    pub(crate) numbering: &'n mut Numbering,
    /// Inside a link's text, where a nested `<a>` would be invalid: numbers only.
    pub(crate) in_link: bool,
}

impl Marks<'_, '_> {
    /// `<sup class="cite-ref">[1], [see 2, p. 12]</sup>` for `marks`, each number linking
    /// to its reference and carrying its own id (`cite-1`, `cite-1-2`); a mark without an
    /// entry is `[?]`, unlinked. A retracted source says so in the mark's text
    /// (`[2, retracted]`), not only in colour. Animal or laboratory evidence and a preprint
    /// say so in the mark's accessible name (`Reference 3, study in rats`), so a listener
    /// hears what a reader sees in the References list.
    pub(crate) fn push(self, html: &mut String, marks: &[Mark]) {
        html.push_str("<sup class=\"cite-ref\">");
        for (k, mark) in marks.iter().enumerate() {
            if k > 0 {
                html.push_str(", ");
            }
            let Some(entry) = mark.entry else {
                html.push_str(&mark.text(None, false));
                continue;
            };
            let n = self.numbering.number(entry);
            let entry = self.bibliography.entries.get(entry);
            let retracted = entry.is_some_and(|e| e.retracted);
            let text = mark.text(Some(n), retracted);
            if self.in_link {
                html.push_str(&text);
                continue;
            }
            let (mut name, class) = if retracted {
                (
                    format!("Reference {n}, retracted"),
                    " class=\"cite-retracted\"",
                )
            } else {
                (format!("Reference {n}"), "")
            };
            if let Some(evidence) = entry.and_then(|e| e.evidence.as_ref()) {
                if evidence.animal || evidence.preprint {
                    name.push_str(", ");
                    escape_into(&mut name, &evidence.label_in_sentence());
                }
            }
            let id = crate::theme::citation_id(n, self.numbering.mark(n));
            // Writing to a `String` cannot fail.
            let _ = write!(
                html,
                "<a id=\"{id}\" href=\"#{REFERENCE_PREFIX}{n}\"{class} aria-label=\"{name}\">{text}</a>"
            );
        }
        html.push_str("</sup>");
    }

    /// [`Marks::push`] of plain marks for `entries` into a new string.
    pub(crate) fn html(self, entries: &[usize]) -> String {
        let marks: Vec<Mark> = entries.iter().map(|&entry| Mark::of(entry)).collect();
        let mut html = String::with_capacity(24 + 64 * entries.len());
        self.push(&mut html, &marks);
        html
    }
}
