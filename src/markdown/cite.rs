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
                    push_reference_marks(&mut html, &[numbering.number(entry)], in_link);
                }
            }
            Cited::Keys(keys) => {
                let numbers: Vec<usize> = keys
                    .iter()
                    .filter_map(|(key, _)| bibliography.find_key(key))
                    .map(|entry| numbering.number(entry))
                    .collect();
                if numbers.len() == keys.len() {
                    push_reference_marks(&mut html, &numbers, in_link);
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

/// `<sup class="cite-ref">[1], [2]</sup>`, each number linking to its reference.
pub(crate) fn reference_marks(numbers: &[usize], in_link: bool) -> String {
    let mut html = String::with_capacity(24 + 64 * numbers.len());
    push_reference_marks(&mut html, numbers, in_link);
    html
}

/// Appends [`reference_marks`] to `html`.
fn push_reference_marks(html: &mut String, numbers: &[usize], in_link: bool) {
    html.push_str("<sup class=\"cite-ref\">");
    for (k, n) in numbers.iter().enumerate() {
        if k > 0 {
            html.push_str(", ");
        }
        // Writing to a `String` cannot fail.
        let _ = if in_link {
            write!(html, "[{n}]")
        } else {
            write!(
                html,
                "<a href=\"#{REFERENCE_PREFIX}{n}\" aria-label=\"Reference {n}\">[{n}]</a>"
            )
        };
    }
    html.push_str("</sup>");
}
