//! Stage: the search index. Runs after rendering, over the [`Record`]s the render made
//! (one per page that search covers, see [`covers`]), and returns the files of the index
//! and of the browser's search client, written under [`FOLDER`] with the rest of the
//! build.
//!
//! ```text
//! rendered pages ─► records (title, description, review date, section, tags, plain text)
//!                ─► Pagefind's indexer ─► pagefind/ (entry, index and fragment chunks, wasm, js)
//! ```
//!
//! The indexer is Pagefind's, used as a library: its index format is what its browser
//! client reads, chunked so that a reader downloads only the parts their words need.
//! Its interface is asynchronous; a small runtime lives for the indexing step only.
//!
//! Invariant: the same records give the same bytes (records go in in page order and the
//! indexer names its chunk files by their content), so two builds of one site write the
//! same index.

mod indexer;
mod record;

pub(crate) use indexer::Indexer;
pub(crate) use record::Record;

use crate::config::Config;
use crate::content::Page;
use std::sync::Arc;

/// The output folder of the index and its client, below the site's base path.
pub(crate) const FOLDER: &str = "pagefind";
const FOLDER_URL: &str = "/pagefind/";

/// The search page (the theme's `search.html`), below the site's base path.
pub(crate) const PAGE_URL: &str = "/search/";

/// The search box's script (the theme's `search.js`): its file in the output, its URL.
pub(crate) const SCRIPT_FILE: &str = "search.js";
const SCRIPT_URL: &str = "/search.js";

/// What a render does with the search records of the pages it renders.
#[derive(Clone, Copy, Default)]
pub(crate) enum Records<'a> {
    /// None are made (`check`, or search off).
    #[default]
    Skip,
    /// Each is handed to the indexer as soon as its page is rendered (`build`).
    Feed(&'a Indexer),
    /// Each is kept with the render, for the preview's background index.
    Keep,
}

/// The URLs search adds to the site (none when it is off), which no page may claim.
pub(crate) fn generated(config: &Config) -> Vec<&'static str> {
    match config.search.enabled {
        true => vec![PAGE_URL, SCRIPT_URL, FOLDER_URL],
        false => Vec::new(),
    }
}

/// Whether search covers `page`: search is on for the site, the page is no draft and does
/// not opt out (`search: false`), and its URL is under none of `search.exclude`.
pub(crate) fn covers(config: &Config, page: &Page) -> bool {
    config.search.enabled
        && !page.meta.draft
        && page.meta.search != Some(false)
        && !config
            .search
            .exclude
            .iter()
            .any(|path| under(&page.url, path))
}

/// Whether `url` (a page's, below the base path) is `path` or below it, whole segments
/// only: `/news` and `/news/` take `/news/` and `/news/a/`, not `/newsletter/`.
fn under(url: &str, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    url.strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// One file of the index, by its path below the output folder (`pagefind/pagefind.js`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct File {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// Whether the browser's search client reads `name` (a path in the indexer's output). The
/// indexer also writes its own ready-made interfaces (`pagefind-ui.js` and others), which
/// the theme does not use: left out, so a deploy does not carry them.
fn client_reads(name: &str) -> bool {
    !name.starts_with("pagefind-") || matches!(name, "pagefind-entry.json" | "pagefind-worker.js")
}

/// Why the index could not be made (the indexer's own message).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct IndexError(String);

/// Indexes `records` (in page order) for a site written in `language`: [`Indexer`] fed all
/// at once, for the preview, which has every record before it starts.
pub(crate) fn index(records: Vec<Arc<Record>>, language: &str) -> Result<Vec<File>, IndexError> {
    let indexer = Indexer::start((0..records.len()).collect(), language);
    for (i, record) in records.into_iter().enumerate() {
        indexer.feed(i, Some(record));
    }
    indexer.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn exclude_takes_whole_path_segments() {
        assert!(super::under("/news/", "/news"));
        assert!(super::under("/news/a/", "/news/"));
        assert!(!super::under("/newsletter/", "/news"));
        assert!(super::under("/anything/", "/"));
    }
}
