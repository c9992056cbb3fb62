//! Inline citations in the rendered page: each identifier links to its canonical URL and,
//! when the bibliography has it, to its numbered entry in the References section.

use super::escape_into;
use crate::citations::references::Numbering;
use crate::citations::{Bibliography, Cited, Found};
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
    if found
        .iter()
        .all(|f| matches!(f.cited, Cited::Malformed { .. }))
    {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 64 * found.len());
    let mut last = 0;
    for Found { span, cited } in found {
        let before = &text[last..span.start];
        // `claim [@key].` reads as `claim[1].`: the mark hugs the word it supports.
        let before = if matches!(cited, Cited::Keys(_)) {
            before.trim_end_matches(' ')
        } else {
            before
        };
        escape_into(&mut html, before);
        let original = &text[span.clone()];
        last = span.end;
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
                    marks.push(&mut html, &[entry]);
                }
            }
            Cited::Keys(keys) => {
                let entries: Vec<usize> = keys
                    .iter()
                    .filter_map(|(key, _)| bibliography.find_key(key))
                    .collect();
                if entries.len() == keys.len() {
                    let marks = Marks {
                        bibliography,
                        numbering,
                        in_link,
                    };
                    marks.push(&mut html, &entries);
                } else {
                    // An unknown key stays visible so the writer sees what to fix.
                    escape_into(&mut html, original);
                }
            }
            Cited::Malformed { .. } => escape_into(&mut html, original),
        }
    }
    escape_into(&mut html, &text[last..]);
    Some(html)
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
    /// `<sup class="cite-ref">[1], [2]</sup>` for bibliography entries `entries`, each
    /// number linking to its reference and carrying its own id (`cite-1`, `cite-1-2`). A
    /// retracted source says so in the mark's text (`[2, retracted]`), not only in colour.
    pub(crate) fn push(self, html: &mut String, entries: &[usize]) {
        html.push_str("<sup class=\"cite-ref\">");
        for (k, &entry) in entries.iter().enumerate() {
            if k > 0 {
                html.push_str(", ");
            }
            let n = self.numbering.number(entry);
            let retracted = self
                .bibliography
                .entries
                .get(entry)
                .is_some_and(|e| e.retracted);
            let (text, name, class) = if retracted {
                (
                    format!("[{n}, retracted]"),
                    format!("Reference {n}, retracted"),
                    " class=\"cite-retracted\"",
                )
            } else {
                (format!("[{n}]"), format!("Reference {n}"), "")
            };
            if self.in_link {
                html.push_str(&text);
                continue;
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

    /// [`Marks::push`] into a new string.
    pub(crate) fn html(self, entries: &[usize]) -> String {
        let mut html = String::with_capacity(24 + 64 * entries.len());
        self.push(&mut html, entries);
        html
    }
}
