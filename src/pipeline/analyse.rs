//! Helpers shared by rendering and checking.

use crate::content::Page;
use crate::markdown::links::PageUrls;

/// Path inside `content/` → URL, for rewriting `.md` links.
pub(crate) fn page_urls(pages: &[Page]) -> PageUrls {
    pages
        .iter()
        .map(|p| (p.rel.clone(), p.url.clone()))
        .collect()
}
