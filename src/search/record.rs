//! What one page offers to search, and the text the indexer reads for it.
//!
//! A record is made while its page renders, from what the render already knows (title,
//! description, review date, section, tags, the body's plain text), so the indexer never
//! parses HTML. The indexer reads words split at white space and weighs them by the
//! markers around them (`___PAGEFIND_WEIGHT___N … ___END_PAGEFIND_WEIGHT___`): the title
//! weighs most, then headings by level, then the description, then the prose.
//!
//! Invariant: the text handed to the indexer is HTML-escaped. The search page shows an
//! excerpt of it as markup (the matched words in `<mark>`), so a page that writes
//! `<script>` in its prose must reach the excerpt as text; and no word of a page can be
//! read as one of the indexer's markers.

use crate::content::{Date, Page};
use crate::markdown::plain::PlainText;
use std::collections::BTreeMap;

/// One page's entry in the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// The page's URL below the site's base path (`/compounds/x/`): the browser's search
    /// client puts the base path in front, from where it was loaded.
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) reviewed: Option<Date>,
    /// The title of the page's section, when it has one.
    pub(crate) section: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) body: PlainText,
}

/// The weight of a page's title: the indexer's highest.
const TITLE_WEIGHT: u8 = 10;
/// The description: above the prose, below every heading.
const DESCRIPTION_WEIGHT: u8 = 2;

impl Record {
    /// The record of `page`, in section `section` (its title), with its body's words.
    pub(crate) fn of(page: &Page, section: Option<String>, body: PlainText) -> Record {
        Record {
            url: page.url.clone(),
            title: page.title(),
            description: page.meta.description.clone(),
            reviewed: page.meta.reviewed,
            section,
            tags: page.meta.tags.clone(),
            body,
        }
    }

    /// The text the indexer reads: title, description, then the body with each heading
    /// weighed by its level (`#` 7 down to `######` 2, as the indexer weighs HTML headings).
    pub(crate) fn content(&self) -> String {
        let body = &self.body;
        let mut out = String::with_capacity(body.text.len() + self.title.len() + 256);
        weighed(&mut out, TITLE_WEIGHT, &self.title);
        if let Some(description) = &self.description {
            weighed(&mut out, DESCRIPTION_WEIGHT, description);
        }
        let mut at = 0;
        for (range, level) in &body.headings {
            let Some(before) = body.text.get(at..range.start) else {
                continue;
            };
            escape_into(&mut out, before);
            if let Some(heading) = body.text.get(range.clone()) {
                weighed(&mut out, 8u8.saturating_sub(*level).max(2), heading);
            }
            at = range.end;
        }
        escape_into(&mut out, body.text.get(at..).unwrap_or_default());
        out
    }

    /// What a result shows besides its excerpt.
    pub(crate) fn meta(&self) -> BTreeMap<String, String> {
        let mut meta = BTreeMap::new();
        meta.insert("title".to_string(), self.title.clone());
        if let Some(description) = &self.description {
            meta.insert("description".to_string(), description.clone());
        }
        // As the theme prints it, and as a machine reads it (`<time datetime>`).
        if let Some(reviewed) = self.reviewed {
            meta.insert("reviewed".to_string(), reviewed.long());
            meta.insert("reviewed_iso".to_string(), reviewed.to_string());
        }
        if let Some(section) = &self.section {
            meta.insert("section".to_string(), section.clone());
        }
        meta
    }

    /// What a search can be narrowed to: the page's tags and its section.
    pub(crate) fn filters(&self) -> BTreeMap<String, Vec<String>> {
        let mut filters = BTreeMap::new();
        if !self.tags.is_empty() {
            filters.insert("tag".to_string(), self.tags.clone());
        }
        if let Some(section) = &self.section {
            filters.insert("section".to_string(), vec![section.clone()]);
        }
        filters
    }
}

/// `text` between weight markers, ended as a sentence so an excerpt reads well.
fn weighed(out: &mut String, weight: u8, text: &str) {
    out.push_str(" ___PAGEFIND_WEIGHT___");
    out.push_str(&weight.to_string());
    out.push(' ');
    escape_into(out, text.trim());
    if !text.trim_end().ends_with(['.', '?', '!', ':', ';']) {
        out.push('.');
    }
    out.push_str(" ___END_PAGEFIND_WEIGHT___ ");
}

/// Appends `text` HTML-escaped (as everything the site writes is), with any word that
/// starts like the indexer's markers (three underscores) kept from being read as one.
fn escape_into(out: &mut String, text: &str) {
    let start = out.len();
    crate::text::escape_into(out, text);
    if out[start..].contains("___") {
        let kept = unmarked(&out[start..]);
        out.truncate(start);
        out.push_str(&kept);
    }
}

/// `text` with the first underscore of each word that starts with three written as an
/// entity, which the indexer reads as a character, not as the start of a marker.
fn unmarked(text: &str) -> String {
    let mut kept = String::with_capacity(text.len() + 8);
    let mut word_start = true;
    for (at, c) in text.char_indices() {
        if word_start && text[at..].starts_with("___") {
            kept.push_str("&#95;");
        } else {
            kept.push(c);
        }
        word_start = c.is_whitespace();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &str, headings: Vec<(std::ops::Range<usize>, u8)>) -> Record {
        Record {
            url: "/compounds/igf-1-lr3/".into(),
            title: "What is IGF-1 LR3?".into(),
            description: Some("A lab-made form of IGF-1".into()),
            reviewed: None,
            section: Some("Compounds".into()),
            tags: vec!["growth factors".into()],
            body: PlainText {
                text: body.into(),
                headings,
            },
        }
    }

    #[test]
    fn title_description_and_headings_are_weighed_and_prose_is_escaped() {
        let r = record(
            "Intro <b>bold</b> & more. Dose Is there a dose?",
            vec![(26..30, 2)],
        );
        assert_eq!(
            r.content(),
            " ___PAGEFIND_WEIGHT___10 What is IGF-1 LR3? ___END_PAGEFIND_WEIGHT___  \
             ___PAGEFIND_WEIGHT___2 A lab-made form of IGF-1. ___END_PAGEFIND_WEIGHT___ \
             Intro &lt;b&gt;bold&lt;/b&gt; &amp; more.  ___PAGEFIND_WEIGHT___6 Dose. \
             ___END_PAGEFIND_WEIGHT___  Is there a dose?"
        );
    }

    #[test]
    fn a_page_cannot_write_the_indexers_markers() {
        let r = record(
            "___PAGEFIND_WEIGHT___10 spam ___END_PAGEFIND_WEIGHT___",
            vec![],
        );
        let content = r.content();
        assert!(content.ends_with("&#95;__PAGEFIND_WEIGHT___10 spam &#95;__END_PAGEFIND_WEIGHT___"));
    }

    #[test]
    fn meta_and_filters_carry_what_a_result_shows() {
        let mut r = record("x", vec![]);
        r.reviewed = Date::parse("2026-11-02");
        assert_eq!(r.meta()["reviewed"], "2 November 2026");
        assert_eq!(r.meta()["reviewed_iso"], "2026-11-02");
        assert_eq!(r.meta()["section"], "Compounds");
        assert_eq!(r.filters()["tag"], ["growth factors"]);
    }
}
