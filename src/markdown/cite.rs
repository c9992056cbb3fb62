//! Inline citations in the rendered page: each identifier links to its canonical URL and,
//! when the bibliography has it, to its numbered entry in the References section. A
//! pandoc citation becomes its marks (`[1]`, `[see 2, p. 12]`); a key the bibliography
//! lacks, or a bracket that is no citation, becomes `[?]`, so citation syntax never reaches
//! a reader as raw text.

use super::escape_into;
use crate::citations::recognize::Key;
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
                    let number = Some(numbering.number(entry));
                    let mark = Mark {
                        number,
                        ..Mark::default()
                    };
                    push_marks(&mut html, &[mark], in_link);
                }
            }
            Cited::Keys(keys) => {
                if narrative {
                    let entry = keys.first().and_then(|k| bibliography.find_cited(k));
                    if let Some(entry) = entry {
                        escape_into(&mut html, &narrative_name(&bibliography.entries[entry]));
                    }
                }
                let marks: Vec<Mark> = keys
                    .iter()
                    .map(|key| Mark::of(key, bibliography, numbering))
                    .collect();
                push_marks(&mut html, &marks, in_link);
            }
            // A bracket that is no citation shows as an unknown source: its finding says
            // what to fix.
            Cited::Malformed { .. } if original.starts_with('[') => {
                push_marks(&mut html, &[Mark::default()], in_link);
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
struct Mark<'k> {
    number: Option<usize>,
    prefix: &'k str,
    locator: &'k str,
}

impl<'k> Mark<'k> {
    fn of(key: &'k Key, bibliography: &Bibliography, numbering: &mut Numbering) -> Self {
        Mark {
            number: bibliography
                .find_cited(key)
                .map(|entry| numbering.number(entry)),
            prefix: &key.prefix,
            locator: &key.locator,
        }
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

/// `<sup class="cite-ref">[1], [2]</sup>`, each number linking to its reference.
pub(crate) fn reference_marks(numbers: &[usize], in_link: bool) -> String {
    let marks: Vec<Mark> = numbers
        .iter()
        .map(|&n| Mark {
            number: Some(n),
            ..Mark::default()
        })
        .collect();
    let mut html = String::with_capacity(24 + 64 * numbers.len());
    push_marks(&mut html, &marks, in_link);
    html
}

/// Appends `<sup class="cite-ref">[1], [see 2, p. 12]</sup>` to `html`, each number linking
/// to its reference (plain text inside a link's text, where a nested link is invalid).
fn push_marks(html: &mut String, marks: &[Mark], in_link: bool) {
    html.push_str("<sup class=\"cite-ref\">");
    for (k, mark) in marks.iter().enumerate() {
        if k > 0 {
            html.push_str(", ");
        }
        let linked = match mark.number {
            Some(n) if !in_link => {
                // Writing to a `String` cannot fail.
                let _ = write!(
                    html,
                    "<a href=\"#{REFERENCE_PREFIX}{n}\" aria-label=\"Reference {n}\">"
                );
                true
            }
            _ => false,
        };
        html.push('[');
        if !mark.prefix.is_empty() {
            escape_into(html, mark.prefix);
            html.push(' ');
        }
        match mark.number {
            Some(n) => {
                let _ = write!(html, "{n}");
            }
            None => html.push('?'),
        }
        if !mark.locator.is_empty() {
            html.push_str(", ");
            escape_into(html, mark.locator);
        }
        html.push(']');
        if linked {
            html.push_str("</a>");
        }
    }
    html.push_str("</sup>");
}
