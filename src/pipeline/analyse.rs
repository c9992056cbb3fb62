//! `check`'s pass over page bodies: the same Markdown walk as the build (so both see the
//! same citations and claim units), in parallel, without highlighting or templates.

use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::Page;
use crate::markdown::{self, Analysis, LinkContext, RenderContext};
use rayon::prelude::*;
use std::collections::HashMap;

/// Each page's analysis, by page index.
pub fn analyse_all(config: &Config, pages: &[Page], bibliography: &Bibliography) -> Vec<Analysis> {
    let links = page_urls(pages);
    pages
        .par_iter()
        .map(|page| {
            let context = RenderContext {
                links: LinkContext {
                    page_rel: &page.rel,
                    pages: &links,
                    base_path: config.base_path(),
                },
                bibliography,
                highlight: false,
            };
            markdown::render(page.body(), &context).analysis
        })
        .collect()
}

/// Path inside `content/` → URL, for rewriting `.md` links.
pub fn page_urls(pages: &[Page]) -> HashMap<String, String> {
    pages
        .iter()
        .map(|p| (p.rel.clone(), p.url.clone()))
        .collect()
}
