//! Inline citations in the rendered page: each identifier links to its canonical URL and,
//! when the bibliography has it, to its numbered entry in the References section.

use super::escape;
use crate::citations::references::{anchor, Numbering};
use crate::citations::{Bibliography, Cited, Found};

/// Turns one run of rendered text into HTML with its citations linked. `in_link` is set
/// inside a link's text, where a nested `<a>` would be invalid: the text is kept and only
/// the reference number is assigned. `found` is what `recognize::scan` finds in `text`.
pub fn link_citations(
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
        html.push_str(&escape(before));
        let original = &text[span.clone()];
        last = span.end;
        match cited {
            Cited::Id(id) => {
                let entry = bibliography.find_id(&id);
                match (id.url(), in_link) {
                    (Some(url), false) => html.push_str(&format!(
                        "<a class=\"cite\" href=\"{}\">{}</a>",
                        escape(&url),
                        escape(original)
                    )),
                    _ => html.push_str(&escape(original)),
                }
                if let Some(entry) = entry {
                    html.push_str(&reference_marks(&[numbering.number(entry)], in_link));
                }
            }
            Cited::Keys(keys) => {
                let numbers: Vec<usize> = keys
                    .iter()
                    .filter_map(|(key, _)| bibliography.find_key(key))
                    .map(|entry| numbering.number(entry))
                    .collect();
                if numbers.len() == keys.len() {
                    html.push_str(&reference_marks(&numbers, in_link));
                } else {
                    // An unknown key stays visible so the writer sees what to fix.
                    html.push_str(&escape(original));
                }
            }
            Cited::Malformed { .. } => html.push_str(&escape(original)),
        }
    }
    html.push_str(&escape(&text[last..]));
    Some(html)
}

/// `<sup class="cite-ref">[1], [2]</sup>`, each number linking to its reference.
pub fn reference_marks(numbers: &[usize], in_link: bool) -> String {
    let marks: Vec<String> = numbers
        .iter()
        .map(|n| {
            if in_link {
                format!("[{n}]")
            } else {
                format!(
                    "<a href=\"#{}\" aria-label=\"Reference {n}\">[{n}]</a>",
                    anchor(*n)
                )
            }
        })
        .collect();
    format!("<sup class=\"cite-ref\">{}</sup>", marks.join(", "))
}
