//! Walking `content/`: Markdown files become [`Page`]s (front matter parsed, in parallel),
//! every other file an [`Asset`] copied beside its page; and `static/`, whose files are
//! copied as they are. Unreadable entries (a symlink loop, a permission error) are reported
//! and skipped rather than ending the walk, and so is a page that cannot be read as written
//! (invalid front matter, an unknown key, not UTF-8): one bad page never hides the rest of
//! the site. Such a page is *left out*: its address is kept, so links to it are not
//! reported as broken as well.
//!
//! A symbolic link that leads outside the site folder is left out and reported as
//! `build/outside-site` ([`SiteBounds`], used by every walk whose files are published):
//! otherwise `static/passwd.txt -> /etc/passwd` in a pull request would publish a file of
//! the machine that builds the site.

use super::{front_matter, url, Page};
use crate::diagnostics::{display_path, Code, Diagnostic};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A non-Markdown file under `content/`, copied to the same relative path in the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) path: PathBuf,
    /// Path inside `content/` with `/` separators.
    pub(crate) rel: String,
}

/// What [`load`] found.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) pages: Vec<Page>,
    pub(crate) assets: Vec<Asset>,
    /// The files of `static/`, `rel` inside it, in path order.
    pub(crate) static_files: Vec<Asset>,
    /// Why pages were left out or files skipped; none of it stops rendering the rest.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The URLs of each page left out because it could not be read as written: its file's,
    /// and its `slug`'s when the front matter still names one.
    pub(crate) left_out: Vec<String>,
    /// The `draft: true` pages left out, so a link to one can say why it leads nowhere.
    pub(crate) drafts: Vec<Draft>,
}

/// A page left out of the site because it is a draft.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Path inside `content/` with `/` separators.
    pub(crate) rel: String,
    /// The address it would have if published (`/compounds/x/`).
    pub(crate) url: String,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub(crate) drafts: bool,
}

/// Loads every page and asset under `ROOT/content`. Hidden files (`.DS_Store`, editor swap
/// files) are ignored. Pages come back sorted by path.
pub(crate) fn load(root: &Path, options: LoadOptions) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let bounds = SiteBounds::new(root);
    loaded.static_files = static_files(root, &bounds, &mut loaded.diagnostics);
    if !content.is_dir() {
        return loaded;
    }
    let mut outside = Vec::new();
    let walk = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                && bounds.keeps(e, &mut outside)
        });
    let (assets, walk_errors) = (&mut loaded.assets, &mut loaded.diagnostics);
    let markdown = walk.filter_map(|entry| match entry {
        Ok(entry) if entry.file_type().is_file() => {
            let rel = display_path(&content, entry.path());
            if rel.ends_with(".md") {
                return Some((entry.into_path(), rel));
            }
            assets.push(Asset {
                path: entry.into_path(),
                rel,
            });
            None
        }
        Ok(_) => None,
        Err(error) => {
            walk_errors.push(walk_error(root, &error));
            None
        }
    });
    // Pages are read while the walk goes on, so reading never waits for the whole walk,
    // then put back in the walk's order.
    type Result = (usize, String, std::result::Result<Read, Vec<Diagnostic>>);
    let mut results: Vec<Result> = markdown
        .enumerate()
        .par_bridge()
        .map(|(order, (path, rel))| {
            let read = read_page(root, &path, &rel, options);
            (order, rel, read)
        })
        .collect();
    results.sort_unstable_by_key(|(order, _, _)| *order);
    loaded.diagnostics.append(&mut outside);
    loaded.pages.reserve_exact(results.len());
    let mut draft_bundles = Vec::new();
    for (_, rel, result) in results {
        match result {
            Ok(Read::Page(page)) => loaded.pages.push(*page),
            Ok(Read::Draft(draft)) => {
                if let Some(folder) = draft.rel.strip_suffix("index.md") {
                    draft_bundles.push(folder.to_string());
                }
                loaded.drafts.push(draft);
            }
            Err(diagnostics) => {
                loaded.diagnostics.extend(diagnostics);
                loaded.left_out.extend(left_out_urls(&content, &rel));
            }
        }
    }
    // A draft bundle's files are as unpublished as its page.
    loaded.assets.retain(|asset| {
        !draft_bundles
            .iter()
            .any(|folder| asset.rel.starts_with(folder.as_str()))
    });
    loaded
}

/// The addresses links may use for a page left out: its file's, and its `slug`'s when the
/// front matter, read loosely, still names one. Read again here, once per page left out, so
/// the path every page takes keeps no copy of its text for the rare page refused.
fn left_out_urls(content: &Path, rel: &str) -> Vec<String> {
    let slug = std::fs::read_to_string(content.join(rel))
        .ok()
        .and_then(|text| front_matter::loose_slug(&text));
    let by_slug = slug.and_then(|slug| url::page_url(rel, Some(&slug)).ok());
    url::page_url(rel, None)
        .ok()
        .into_iter()
        .chain(by_slug)
        .collect()
}

/// The site folder as the file system resolves it, to tell whether a symbolic link met in
/// a walk leads outside it. Only links are resolved: a walk that follows no link cannot
/// leave the folder it started in.
pub(crate) struct SiteBounds {
    root: PathBuf,
    /// `None` when the root cannot be resolved; then every link is taken as leading out.
    resolved: Option<PathBuf>,
}

impl SiteBounds {
    pub(crate) fn new(root: &Path) -> SiteBounds {
        SiteBounds {
            root: root.to_path_buf(),
            resolved: std::fs::canonicalize(root).ok(),
        }
    }

    /// Whether a walk keeps `entry` (a filter for `WalkDir::filter_entry`, so a linked
    /// folder outside the site is not entered). A link that leads outside the site is
    /// reported in `found`; a link that leads nowhere is kept, for the walk to report.
    pub(crate) fn keeps(&self, entry: &walkdir::DirEntry, found: &mut Vec<Diagnostic>) -> bool {
        if !entry.path_is_symlink() {
            return true;
        }
        let Ok(target) = std::fs::canonicalize(entry.path()) else {
            return true;
        };
        if self
            .resolved
            .as_ref()
            .is_some_and(|root| target.starts_with(root))
        {
            return true;
        }
        let path = display_path(&self.root, entry.path());
        found.push(
            Diagnostic::new(Code::BuildOutsideSite, path.as_str(), (1, 1))
                .message(format!(
                    "`{path}` is a symbolic link to `{}`, outside the site folder; it was left out",
                    target.display()
                ))
                .help("copy the file into the site folder, or remove the link"),
        );
        false
    }
}

/// The files of `ROOT/static`. An unreadable entry (a symlink loop) is skipped; the file
/// copies that matter fail loudly when written.
fn static_files(root: &Path, bounds: &SiteBounds, found: &mut Vec<Diagnostic>) -> Vec<Asset> {
    let static_dir = root.join("static");
    if !static_dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(&static_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| bounds.keeps(e, found))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| Asset {
            rel: display_path(&static_dir, entry.path()),
            path: entry.into_path(),
        })
        .collect()
}

/// One Markdown file, read.
pub(crate) enum Read {
    Page(Box<Page>),
    /// A `draft: true` page left out of this build.
    Draft(Draft),
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map_or_else(String::new, |p| display_path(root, p));
    let (message, help) = if let Some(ancestor) = error.loop_ancestor() {
        (
            format!(
                "`{path}` is a symbolic link back to `{}`; it was skipped",
                display_path(root, ancestor)
            ),
            "remove the link or point it at a folder outside its own parents",
        )
    } else if error.path().is_some_and(leads_nowhere) {
        (
            format!(
                "`{path}` is a symbolic link that leads nowhere (to a file that does not exist, \
                 or round a loop of links); it was skipped"
            ),
            "remove the link, or point it at a file that exists",
        )
    } else {
        (
            format!("`{path}` cannot be read: {error}"),
            "check the file's permissions",
        )
    };
    Diagnostic::new(Code::BuildUnreadable, path, (1, 1))
        .message(message)
        .help(help)
}

/// Whether `path` is a symbolic link whose target cannot be reached.
fn leads_nowhere(path: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    is_link && std::fs::metadata(path).is_err()
}

/// Reads one page.
fn read_page(
    root: &Path,
    path: &Path,
    rel: &str,
    options: LoadOptions,
) -> Result<Read, Vec<Diagnostic>> {
    let source = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        vec![
            Diagnostic::new(Code::BuildUnreadable, source.as_str(), (1, 1))
                .message(format!("`{source}` cannot be read: {e}"))
                .help("check the file's permissions"),
        ]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| vec![not_utf8(&source, &e)])?;
    parse_page(source, rel, text, options)
}

/// A page from the text of its file: front matter parsed, URL worked out. `source` is its
/// path from the site root, `rel` inside `content/`.
pub(crate) fn parse_page(
    source: String,
    rel: &str,
    text: String,
    options: LoadOptions,
) -> Result<Read, Vec<Diagnostic>> {
    let split = front_matter::parse(&source, &text)?;
    let meta = split.front_matter;
    let body_offset = split.body_offset;
    if meta.draft && !options.drafts {
        let url =
            url::page_url(rel, meta.slug.as_deref()).unwrap_or_else(|_| url::url_for_rel(rel));
        return Ok(Read::Draft(Draft {
            rel: rel.to_string(),
            url,
        }));
    }
    let url = url::page_url(rel, meta.slug.as_deref())
        .map_err(|message| {
            Diagnostic::new(
                Code::MetaInvalid,
                source.as_str(),
                (meta.line_of("slug"), 1),
            )
            .message(message)
            .help("use letters, digits and `-`, e.g. `slug: igf-1-lr3`")
        })
        .map_err(|d| vec![d])?;
    if let Some(alias) = meta.aliases.iter().find(|alias| !url::is_site_path(alias)) {
        return Err(vec![Diagnostic::new(
            Code::MetaInvalid,
            source.as_str(),
            (meta.line_of("aliases"), 1),
        )
        .message(format!(
            "alias `{alias}` is not a path on this site: an alias is the page's old address, \
             written from the site's root"
        ))
        .help("write it like `/old-name/` or `/guides/old-name/`, without `..`, `.`, `?`, `#`, `\\` or a web address")]);
    }
    unwritable_names(&source, &meta).map_err(|d| vec![d])?;
    Ok(Read::Page(Box::new(Page {
        is_section_index: rel == "_index.md" || rel.ends_with("/_index.md"),
        lines: Default::default(),
        source,
        rel: rel.to_string(),
        text,
        body_offset,
        meta,
        url,
    })))
}

/// A name in the front matter that would become a folder of the output the disk cannot
/// hold (a slug, an alias's part, a tag's page), as `meta/invalid` at its key's line.
fn unwritable_names(source: &str, meta: &front_matter::FrontMatter) -> Result<(), Diagnostic> {
    let shown = |name: &str| match name.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", name[..cut].escape_debug()),
        None => name.escape_debug().to_string(),
    };
    let slug = || {
        let slug = meta.slug.as_deref()?;
        let why = url::unwritable_name(slug)?;
        Some(("slug", format!("`slug: {}` {why}", shown(slug))))
    };
    let alias = || {
        meta.aliases.iter().find_map(|alias| {
            let why = alias.split('/').find_map(url::unwritable_name)?;
            Some((
                "aliases",
                format!("a part of alias `{}` {why}", shown(alias)),
            ))
        })
    };
    let tag = || {
        meta.tags.iter().find_map(|tag| {
            let why = url::unwritable_name(&url::slugify(tag))?;
            Some(("tags", format!("the page of tag `{}` {why}", shown(tag))))
        })
    };
    let Some((key, message)) = slug().or_else(alias).or_else(tag) else {
        return Ok(());
    };
    Err(
        Diagnostic::new(Code::MetaInvalid, source, (meta.line_of(key), 1))
            .message(format!("{message}: the build could not write it"))
            .help("shorten it, and write it without control characters"),
    )
}

/// Points at the first byte that is not UTF-8.
fn not_utf8(source: &str, error: &std::string::FromUtf8Error) -> Diagnostic {
    let (at, valid) = crate::diagnostics::first_bad_byte(error);
    Diagnostic::new(Code::BuildNotUtf8, source, at)
        .message(format!(
            "`{source}` is not valid UTF-8 (byte {valid} cannot be read as text)"
        ))
        .help(crate::diagnostics::SAVE_AS_UTF8)
}
