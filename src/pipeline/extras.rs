//! Everything written besides the rendered pages: the theme's stylesheets, the sitemap,
//! the feed, `robots.txt`, redirect pages for `aliases`, page-bundle files and `static/`.
//! `static/` is copied last, so a site's own `static/style.css` replaces the theme's.

use super::render::Site;
use crate::content::{output_file, tree::normalize_alias, Asset, Page};
use crate::diagnostics::{display_path, Code, Diagnostic};
use crate::links::RenderedPage;
use crate::markdown::highlight;
use crate::output::feeds::{self, Feed, FeedEntry, SitemapEntry};
use crate::output::Sink;
use crate::theme::{FAVICON, SEARCH_SCRIPT, STYLESHEET, TOUCH_ICON};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// One file to write, by its path in the output folder.
pub(crate) enum Extra {
    Bytes(String, Vec<u8>),
    Copy(String, PathBuf),
}

impl Extra {
    pub(crate) fn path(&self) -> &str {
        match self {
            Extra::Bytes(path, _) | Extra::Copy(path, _) => path,
        }
    }
}

/// Every extra file, in the order it is written (later ones replace earlier ones): the
/// generated files, then page-bundle files (`assets`), then `static/` (`static_files`).
pub(crate) fn plan(site: &Site, assets: &[Asset], static_files: &[Asset]) -> Vec<Extra> {
    let mut extras = vec![
        Extra::Bytes("style.css".into(), STYLESHEET.into()),
        Extra::Bytes("favicon.svg".into(), FAVICON.into()),
        Extra::Bytes("apple-touch-icon.png".into(), TOUCH_ICON.into()),
        Extra::Bytes("highlight.css".into(), highlight::stylesheet().into_bytes()),
    ];
    if site.builder.config.search.enabled {
        extras.push(Extra::Bytes(
            crate::search::SCRIPT_FILE.into(),
            SEARCH_SCRIPT.into(),
        ));
    }
    extras.extend(feed_files(site));
    extras.extend(aliases(site));
    extras.extend(
        assets
            .iter()
            .chain(static_files)
            .map(|a| Extra::Copy(a.rel.clone(), a.path.clone())),
    );
    extras
}

/// Files of `static/` or of a page bundle that would replace a page written from a
/// Markdown file: the writer's page would vanish from the site without a word.
/// `build/url-conflict` at the file, naming the page. A list without a Markdown file of its
/// own (a tag's page, a section without `_index.md`) and the 404 page are generated, like
/// `robots.txt`: a site's own file replaces them, as it replaces the theme's stylesheet.
pub(crate) fn replaced_pages(
    root: &Path,
    extras: &[Extra],
    html: &[RenderedPage],
    pages: &[Page],
) -> Vec<Diagnostic> {
    let written: HashMap<&str, (&str, usize)> = html
        .iter()
        .filter_map(|page| Some((page.file.as_str(), (page.url.as_str(), page.page?))))
        .collect();
    // The redirect pages of `aliases` too: the old address would stop leading to the page.
    let redirects: HashMap<String, (String, usize)> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| {
            page.meta.aliases.iter().map(move |alias| {
                let url = normalize_alias(alias);
                (output_file(&url), (url, i))
            })
        })
        .collect();
    let conflict = |file: &str, message: String, help: &'static str| {
        Diagnostic::new(Code::BuildUrlConflict, file, (1, 1))
            .message(message)
            .help(help)
    };
    let mut found: Vec<Diagnostic> = extras
        .iter()
        .filter_map(|extra| {
            let Extra::Copy(path, from) = extra else {
                return None;
            };
            let file = display_path(root, from);
            let message = match (written.get(path.as_str()), redirects.get(path)) {
                (Some((url, page)), _) => format!(
                    "`{file}` would replace the page at `{url}` (`{}`)",
                    pages[*page].source
                ),
                (None, Some((url, page))) => format!(
                    "`{file}` would replace the redirect from the old address `{url}` (an alias in `{}`)",
                    pages[*page].source
                ),
                (None, None) => return None,
            };
            Some(conflict(&file, message, "rename or remove the file; to change how pages look, override the theme's template in `templates/`"))
        })
        .collect();
    found.extend(
        files_in_the_way(root, extras, html, pages, &redirects)
            .into_iter()
            .map(|(file, message, help)| conflict(&file, message, help)),
    );
    found
}

/// Files of `static/` or of a bundle that stand where the build needs a folder, or lie in
/// a folder where it writes a file: `static/x.html` beside a page with `slug: x.html`
/// (written as `x.html/index.html`), a file `static/old` under an alias `/old/page/`,
/// `static/style.css/a.txt`. The build could not write one of them. Each file once (with
/// the first page in its way), with the message and help to report it with.
fn files_in_the_way(
    root: &Path,
    extras: &[Extra],
    html: &[RenderedPage],
    pages: &[Page],
    redirects: &HashMap<String, (String, usize)>,
) -> Vec<(String, String, &'static str)> {
    let copied: std::collections::BTreeMap<&str, &Path> = extras
        .iter()
        .filter_map(|extra| match extra {
            Extra::Copy(path, from) => Some((path.as_str(), from.as_path())),
            Extra::Bytes(..) => None,
        })
        .collect();
    if copied.is_empty() {
        return Vec::new();
    }
    // By output path: (the file as the writer names it, message, help).
    let mut found: std::collections::BTreeMap<&str, (String, String, &'static str)> =
        Default::default();
    let mut in_the_way = |file: &str, what: &dyn Fn(&str) -> (String, &'static str)| {
        for folder in folders(file) {
            if let Some((&path, &from)) = copied.get_key_value(folder) {
                found.entry(path).or_insert_with(|| {
                    let file = display_path(root, from);
                    let (message, help) = what(&file);
                    (file, message, help)
                });
            }
        }
    };
    for page in html {
        in_the_way(&page.file, &|file| match page.page {
            Some(i) => (
                format!(
                    "`{file}` is a file where the page at `{}` (`{}`) needs a folder",
                    page.url, pages[i].source
                ),
                "rename or remove the file, or give the page another `slug`",
            ),
            None => (
                format!(
                    "`{file}` is a file where the page at `{}` needs a folder",
                    page.url
                ),
                "rename or remove the file: the build writes that page itself",
            ),
        });
    }
    let mut redirects: Vec<_> = redirects.iter().collect();
    redirects.sort_unstable();
    for (redirect, (url, page)) in redirects {
        in_the_way(redirect, &|file| {
            (
                format!(
                    "`{file}` is a file where the redirect from the old address `{url}` (an alias in `{}`) needs a folder",
                    pages[*page].source
                ),
                "rename or remove the file, or change the alias",
            )
        });
    }
    let written: std::collections::HashSet<&str> = html
        .iter()
        .map(|page| page.file.as_str())
        .chain(extras.iter().map(|extra| match extra {
            Extra::Bytes(path, _) | Extra::Copy(path, _) => path.as_str(),
        }))
        .collect();
    for (&path, &from) in &copied {
        if let Some(folder) = folders(path).find(|folder| written.contains(folder)) {
            found.entry(path).or_insert_with(|| {
                let file = display_path(root, from);
                (
                    file.clone(),
                    format!("`{file}` is in a folder named like the file `/{folder}` that the build writes"),
                    "rename the folder or move the file",
                )
            });
        }
    }
    found.into_values().collect()
}

/// The folders `file` is in, outermost first (`a/b/c.html`: `a`, `a/b`).
fn folders(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(move |(at, _)| &file[..at])
}

pub(crate) fn write_all(sink: &dyn Sink, extras: &[Extra]) -> io::Result<()> {
    for extra in extras {
        match extra {
            Extra::Bytes(path, bytes) => sink.write(path, bytes)?,
            Extra::Copy(path, from) => sink.copy(from, path)?,
        }
    }
    Ok(())
}

/// The sitemap, the feed and `robots.txt`: what shows pages' metadata beyond their own.
pub(crate) fn feed_files(site: &Site) -> Vec<Extra> {
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
        author: builder.author(),
    };
    let robots = feeds::robots(&builder.permalink("/sitemap.xml"));
    vec![
        Extra::Bytes("sitemap.xml".into(), feeds::sitemap(sitemap).into_bytes()),
        Extra::Bytes("atom.xml".into(), feeds::atom(&feed, entries).into_bytes()),
        Extra::Bytes("robots.txt".into(), robots.into_bytes()),
    ]
}

fn aliases(site: &Site) -> Vec<Extra> {
    let builder = &site.builder;
    let mut extras = Vec::new();
    for page in builder.pages {
        for alias in &page.meta.aliases {
            let html = feeds::redirect(
                &builder.config.language,
                &builder.url(&page.url),
                &builder.permalink(&page.url),
            );
            extras.push(Extra::Bytes(
                output_file(&normalize_alias(alias)),
                html.into_bytes(),
            ));
        }
    }
    extras
}
