//! Footnotes as GitHub shows them: references numbered in order of first use, definitions
//! gathered from wherever the author wrote them into one list at the end of the page, each
//! with a link back to every place that cites it.

use super::escape;
use pulldown_cmark::Event;
use rustc_hash::FxHashMap as HashMap;

#[derive(Default)]
pub(crate) struct Footnotes<'a> {
    /// Label of the definition being collected, if inside one.
    current: Option<String>,
    definitions: HashMap<String, Vec<Event<'a>>>,
    /// Labels in order of first reference; the index + 1 is the footnote's number.
    order: Vec<String>,
    /// How many times each label has been referenced so far.
    uses: HashMap<String, usize>,
}

impl<'a> Footnotes<'a> {
    /// Where the next events go: into the open definition, or the page.
    pub(crate) fn sink<'s>(&'s mut self, page: &'s mut Vec<Event<'a>>) -> &'s mut Vec<Event<'a>> {
        match &self.current {
            Some(label) => self.definitions.entry(label.clone()).or_default(),
            None => page,
        }
    }

    pub(crate) fn start(&mut self, label: &str) {
        self.current = Some(label.to_string());
        self.definitions.entry(label.to_string()).or_default();
    }

    pub(crate) fn end(&mut self) {
        self.current = None;
    }

    /// The `<sup>` for a reference to `label`.
    pub(crate) fn reference(&mut self, label: &str) -> String {
        if !self.order.iter().any(|l| l == label) {
            self.order.push(label.to_string());
        }
        let number = self
            .order
            .iter()
            .position(|l| l == label)
            .map_or(0, |i| i + 1);
        let uses = self.uses.entry(label.to_string()).or_default();
        *uses += 1;
        let id = anchor(label);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{}\" aria-label=\"Footnote {number}\">{number}</a></sup>",
            ref_id(&id, *uses)
        )
    }

    /// Appends the footnote list (referenced footnotes only, as GitHub does) to `html`.
    pub(crate) fn write_section(mut self, html: &mut String) {
        let referenced: Vec<(usize, String)> = self
            .order
            .iter()
            .enumerate()
            .filter(|(_, label)| self.definitions.contains_key(*label))
            .map(|(i, label)| (i + 1, label.clone()))
            .collect();
        if referenced.is_empty() {
            return;
        }
        html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n");
        for (number, label) in referenced {
            let id = anchor(&label);
            let mut body = String::new();
            let events = self.definitions.remove(&label).unwrap_or_default();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            let uses = self.uses.get(&label).copied().unwrap_or(1);
            let backrefs: Vec<String> = (1..=uses)
                .map(|n| {
                    let suffix = if n > 1 { format!("<sup>{n}</sup>") } else { String::new() };
                    format!(
                        "<a href=\"#{}\" class=\"footnote-backref\" aria-label=\"Back to footnote {number}\">↩{suffix}</a>",
                        ref_id(&id, n)
                    )
                })
                .collect();
            let backrefs = backrefs.join(" ");
            let body = body.trim_end();
            let body = match body.strip_suffix("</p>") {
                Some(rest) => format!("{rest} {backrefs}</p>"),
                None => format!("{body}\n<p>{backrefs}</p>"),
            };
            html.push_str(&format!("<li id=\"fn-{id}\">\n{body}\n</li>\n"));
        }
        html.push_str("</ol>\n</section>\n");
    }
}

/// An id-safe form of a footnote label.
fn anchor(label: &str) -> String {
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    escape(&safe)
}

fn ref_id(id: &str, use_number: usize) -> String {
    if use_number > 1 {
        format!("fnref-{id}-{use_number}")
    } else {
        format!("fnref-{id}")
    }
}
