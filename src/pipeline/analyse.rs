//! Helpers shared by rendering and checking.

use crate::content::Page;
use std::collections::HashMap;

/// Path inside `content/` → URL, for rewriting `.md` links.
pub fn page_urls(pages: &[Page]) -> HashMap<String, String> {
    pages
        .iter()
        .map(|p| (p.rel.clone(), p.url.clone()))
        .collect()
}
