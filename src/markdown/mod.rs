//! Stage 2: a page's Markdown body into HTML, in one pass over pulldown-cmark's events.
//!
//! On the way through it gives every heading its GitHub-style id and collects the table of
//! contents, highlights fenced code, wraps tables so they scroll on a phone, turns GitHub
//! alerts into callouts, rewrites `.md` links to page URLs, links citations to their
//! sources and references, moves footnotes to the end with back-links, and records what
//! the checks need ([`Analysis`]). The result is plain data ([`Rendered`]).

pub(crate) mod analysis;
mod cite;
mod footnotes;
pub(crate) mod headings;
pub(crate) mod highlight;
pub mod links;
pub(crate) mod plain;
mod tables;
mod walk;

pub(crate) use analysis::Analysis;
pub(crate) use headings::TocEntry;
pub use links::LinkContext;

use crate::citations::Bibliography;
use pulldown_cmark::Options;

/// What rendering a body needs besides the text.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    pub links: LinkContext<'a>,
    pub bibliography: &'a Bibliography,
    /// Also gather the body's plain text ([`Rendered::plain`]), for the search index.
    pub plain_text: bool,
}

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) word_count: usize,
    /// Citations and claim units, with spans into the body.
    pub analysis: Analysis,
    /// Bibliography entry indexes in reference-number order.
    pub(crate) references: Vec<usize>,
    /// How many linked citation marks cite each reference number, in number order.
    pub(crate) marks: Vec<usize>,
    /// Whether the body has a code block (the page then links the code stylesheet).
    pub(crate) has_code: bool,
    /// The body's words, when the context asked for them.
    pub(crate) plain: Option<plain::PlainText>,
}

/// The Markdown dialect: CommonMark plus GitHub's extensions.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders `body`.
pub fn render(body: &str, context: &RenderContext) -> Rendered {
    walk::Walk::new(body, context).run()
}

/// What the checks need from a body, without resolving links or highlighting (for
/// commands that only read citations).
pub(crate) fn analyse(body: &str, page_rel: &str, bibliography: &Bibliography) -> Analysis {
    let no_pages = links::PageUrls::default();
    let context = RenderContext {
        links: LinkContext {
            page_rel,
            pages: &no_pages,
            base_path: "",
        },
        bibliography,
        plain_text: false,
    };
    render(body, &context).analysis
}

pub(crate) use crate::text::{escape, escape_into};

#[cfg(test)]
mod tests;
