//! Everything written besides the rendered pages: the theme's stylesheets, the sitemap,
//! the feed, `robots.txt`, redirect pages for `aliases`, page-bundle files and `static/`.
//! `static/` is copied last, so a site's own `static/style.css` replaces the theme's.

use super::render::Site;
use crate::content::{output_file, tree::normalize_alias, Asset};
use crate::diagnostics::display_path;
use crate::markdown::highlight;
use crate::output::feeds::{self, Feed, FeedEntry, SitemapEntry};
use crate::templates::{FAVICON, STYLESHEET};
use std::io;
use std::path::Path;
use walkdir::WalkDir;

pub fn write_all(site: &Site, root: &Path, assets: &[Asset]) -> io::Result<()> {
    let staging = site.staging;
    staging.write("style.css", STYLESHEET.as_bytes())?;
    staging.write("favicon.svg", FAVICON.as_bytes())?;
    staging.write("highlight.css", highlight::stylesheet().as_bytes())?;
    write_feeds(site)?;
    write_aliases(site)?;
    for asset in assets {
        staging.copy(&asset.path, &asset.rel)?;
    }
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for entry in WalkDir::new(&static_dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            // An unreadable entry (a symlink loop) is skipped; the file copies that matter
            // fail loudly below.
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_file() {
                staging.copy(entry.path(), &display_path(&static_dir, entry.path()))?;
            }
        }
    }
    Ok(())
}

fn write_feeds(site: &Site) -> io::Result<()> {
    let builder = &site.builder;
    let mut sitemap = Vec::new();
    let mut entries = Vec::new();
    for page in builder.pages {
        let lastmod = page.meta.updated.or(page.meta.date);
        sitemap.push(SitemapEntry {
            loc: builder.permalink(&page.url),
            lastmod,
        });
        if let (false, Some(updated)) = (page.is_section_index, lastmod) {
            entries.push(FeedEntry {
                title: page.title(),
                permalink: builder.permalink(&page.url),
                summary: page.meta.description.clone(),
                published: page.meta.date,
                updated,
            });
        }
    }
    let section_urls = site
        .builder
        .tree
        .sections
        .iter()
        .filter(|s| s.index.is_none())
        .map(|s| &s.url);
    let tags_url = crate::content::tree::TAGS_URL.to_string();
    let term_urls = builder.tree.terms.iter().map(|t| &t.url);
    for url in section_urls
        .chain(std::iter::once(&tags_url))
        .chain(term_urls)
    {
        sitemap.push(SitemapEntry {
            loc: builder.permalink(url),
            lastmod: None,
        });
    }
    let home = builder.permalink("/");
    let feed_url = builder.permalink("/atom.xml");
    let feed = Feed {
        title: &builder.config.title,
        description: builder.config.description.as_deref(),
        home: &home,
        self_url: &feed_url,
        language: &builder.config.language,
    };
    site.staging
        .write("sitemap.xml", feeds::sitemap(sitemap).as_bytes())?;
    site.staging
        .write("atom.xml", feeds::atom(&feed, entries).as_bytes())?;
    let robots = feeds::robots(&builder.permalink("/sitemap.xml"));
    site.staging.write("robots.txt", robots.as_bytes())
}

fn write_aliases(site: &Site) -> io::Result<()> {
    let builder = &site.builder;
    for page in builder.pages {
        for alias in &page.meta.aliases {
            let html = feeds::redirect(
                &builder.config.language,
                &builder.url(&page.url),
                &builder.permalink(&page.url),
            );
            site.staging
                .write(&output_file(&normalize_alias(alias)), html.as_bytes())?;
        }
    }
    Ok(())
}
