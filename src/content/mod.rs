//! Stage 1: the files under `content/` into pages, sections and tags.
//!
//! [`load`] walks the folder and parses every page's front matter (in parallel);
//! [`tree::SiteTree`] then gives each page its URL, groups pages into sections, orders them
//! and collects tags, reporting two things claiming one URL. Nothing here renders Markdown.

pub(crate) mod date;
pub mod front_matter;
mod load;
pub(crate) mod related;
pub(crate) mod tree;
mod url;

pub use date::Date;

use crate::diagnostics::LineIndex;
pub(crate) use front_matter::FrontMatter;
pub(crate) use load::{load, parse_page, Asset, Draft, LoadOptions, Read};
pub(crate) use tree::{Section, SiteTree, Term};
pub(crate) use url::{output_file, url_for_rel};

/// One Markdown file of the site, with its metadata parsed.
#[derive(Debug)]
pub(crate) struct Page {
    /// Path from the site root, with `/` separators (`content/compounds/x.md`).
    pub(crate) source: String,
    /// Path inside `content/` (`compounds/x.md`).
    pub(crate) rel: String,
    /// The whole file.
    pub(crate) text: String,
    /// Where the Markdown body starts in `text`.
    pub(crate) body_offset: usize,
    pub(crate) meta: FrontMatter,
    /// The page's URL below the site's base path (`/compounds/x/`).
    pub(crate) url: String,
    /// Whether this is a section's own page (`_index.md`).
    pub(crate) is_section_index: bool,
    /// Built on first use by [`Page::position`].
    pub(crate) lines: std::sync::OnceLock<LineIndex>,
}

impl Page {
    /// The 1-based line and column of byte `offset` of the file.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .locate(&self.text, offset)
    }

    /// The text of 1-based `line`.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .line_text(&self.text, line)
    }

    /// The byte offset in the file where 1-based `line` starts.
    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .line_start(&self.text, line)
    }

    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The title, falling back to the file name so a page missing one still renders
    /// (the missing title is reported separately).
    pub(crate) fn title(&self) -> String {
        self.title_ref().into_owned()
    }

    /// [`Page::title`] without copying a title the front matter gives (sorting a large
    /// section compares titles hundreds of thousands of times).
    pub(crate) fn title_ref(&self) -> std::borrow::Cow<'_, str> {
        match &self.meta.title {
            Some(title) => std::borrow::Cow::Borrowed(title),
            None => std::borrow::Cow::Owned(url::humanize(
                self.rel
                    .rsplit('/')
                    .next()
                    .unwrap_or(&self.rel)
                    .trim_end_matches(".md"),
            )),
        }
    }
}
