//! The built-in theme's layouts written out in Rust. Through Tera, laying out a page cost a
//! sixth of a build: its context turned into template values, interpreted, then freed, for
//! each of 10,000 pages (and a section or tag page listing thousands of them took tens of
//! milliseconds on its own). This writes the same bytes straight from the context structs.
//!
//! A layout is written here only while the site overrides none of the theme files it is made
//! of ([`files`]; decided by [`Templates::native`](super::Templates::native));
//! otherwise Tera renders those files, as always. The theme files stay the source of truth:
//! `renders_byte_for_byte_as_the_theme_templates` builds pages of every shape both ways and
//! requires identical output, so a change to one fails until the other matches.

use super::context::{Builder, PageContext, SectionContext, SiteContext, TaxonomyContext};
use crate::content::Date;
use crate::markdown::TocEntry;
use std::io::Write;

/// One output page's layout and what it shows.
pub struct View<'a> {
    pub site: &'a SiteContext,
    pub current_url: &'a str,
    pub permalink: &'a str,
    pub body: Body<'a>,
}

/// What a page shows, by layout.
pub enum Body<'a> {
    /// `page.html`.
    Page {
        page: &'a PageContext<'a>,
        toc: &'a [TocEntry],
    },
    /// `index.html` (the home page, `home`) or `section.html`, listing `pages` (indexes).
    Section {
        section: &'a SectionContext<'a>,
        home: bool,
        pages: &'a [usize],
        builder: &'a Builder<'a>,
    },
    /// `taxonomy.html`: the tag index, or one tag's page (its name and pages).
    Taxonomy {
        taxonomy: &'a TaxonomyContext,
        term: Option<(&'a str, &'a [usize])>,
        builder: &'a Builder<'a>,
    },
}

impl Body<'_> {
    /// The theme file this body's layout is written as.
    pub fn template(&self) -> &'static str {
        match self {
            Body::Page { .. } => "page.html",
            Body::Section { home: true, .. } => "index.html",
            Body::Section { .. } => "section.html",
            Body::Taxonomy { .. } => "taxonomy.html",
        }
    }
}

/// The theme files a layout written here is made of, by the file it is written as (a test
/// reads them out of the theme's `extends` and `include` tags): overriding any of them
/// means Tera lays the page out.
pub fn files(template: &str) -> &'static [&'static str] {
    match template {
        "page.html" => &["page.html", "base.html", "references.html"],
        "index.html" => &["index.html", "base.html", "references.html"],
        "section.html" => &["section.html", "base.html", "references.html"],
        _ => &["taxonomy.html", "base.html"],
    }
}

/// Whether a page's layout shows its contents list: from two entries (one is no list).
fn shows_toc(toc: &[TocEntry]) -> bool {
    toc.len() >= 2
}

/// Adds to `ids` the element ids that the layout written here as `template` puts around a
/// page's content, given its contents list and how many references it lists: all that
/// `check` needs to know of a layout it leaves unwritten (see `pipeline::render`). The
/// links these layouts write go to pages, sections, tag lists and theme files that every
/// build writes, to ids named here, or to references' addresses; none can break while
/// the site's URLs are plain (`pipeline::render::plain_urls`) and the references show
/// sound web addresses (`Bibliography::web_links_only`), which `check` makes sure of
/// before it relies on this. `pages_known_without_html_have_the_ids_their_html_holds`
/// holds this to what [`render`] writes.
pub fn layout_ids(template: &str, toc: &[TocEntry], references: usize, ids: &mut Vec<String>) {
    ids.push("main".into());
    if template == "page.html" && shows_toc(toc) {
        ids.push("toc-title".into());
    }
    if references > 0 && template != "taxonomy.html" {
        ids.push("references".into());
        ids.extend((1..=references).map(crate::citations::references::anchor));
    }
}

/// Writes the page into `out` (emptied first), as its theme template would.
pub fn render(view: &View, out: &mut Vec<u8>) {
    out.clear();
    let mut w = Out(out);
    let View {
        site,
        current_url,
        permalink,
        ..
    } = *view;
    w.raw("<!doctype html>\n<html lang=\"");
    w.text(&site.language);
    w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
    title(&mut w, view);
    w.raw("</title>\n<meta name=\"description\" content=\"");
    description(&mut w, view);
    w.raw("\">\n<link rel=\"canonical\" href=\"");
    w.text(permalink);
    w.raw("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"");
    w.text(&site.base_path);
    w.raw("/atom.xml\" title=\"");
    w.text(&site.title);
    w.raw("\">\n<link rel=\"stylesheet\" href=\"");
    w.text(&site.base_path);
    w.raw("/style.css\">\n<link rel=\"stylesheet\" href=\"");
    w.text(&site.base_path);
    w.raw("/highlight.css\">\n<link rel=\"icon\" href=\"");
    w.text(&site.base_path);
    w.raw("/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <a class=\"site-title\" href=\"");
    w.text(&site.base_path);
    w.raw("/\">");
    w.text(&site.title);
    w.raw("</a>");
    if !site.sections.is_empty() {
        w.raw("\n    <nav class=\"site-nav\" aria-label=\"Site\">\n      <ul>");
        for section in &site.sections {
            w.raw("\n        <li><a href=\"");
            w.text(&section.url);
            if section.url == current_url {
                w.raw("\" aria-current=\"page\">");
            } else if current_url.starts_with(section.url.as_str()) {
                w.raw("\" class=\"is-active\">");
            } else {
                w.raw("\">");
            }
            w.text(&section.title);
            w.raw("</a></li>");
        }
        w.raw("\n      </ul>\n    </nav>");
    }
    w.raw("\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    match &view.body {
        Body::Page { page, toc } => page_content(&mut w, site, page, toc),
        Body::Section {
            section,
            home,
            pages,
            builder,
        } => section_content(&mut w, section, *home, pages, builder),
        Body::Taxonomy {
            taxonomy,
            term,
            builder,
        } => taxonomy_content(&mut w, site, taxonomy, *term, builder),
    }
    w.raw("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <p class=\"footer-title\"><a href=\"");
    w.text(&site.base_path);
    w.raw("/\">");
    w.text(&site.title);
    w.raw("</a></p>\n    <nav class=\"footer-nav\" aria-label=\"Footer\">\n      <ul>\n        <li><a href=\"");
    w.text(&site.base_path);
    w.raw("/tags/\">All tags</a></li>\n        <li><a href=\"");
    w.text(&site.base_path);
    w.raw("/atom.xml\">Feed</a></li>\n      </ul>\n    </nav>\n    <p class=\"disclaimer\">Health information, not medical advice. Talk to a doctor or pharmacist about your own situation.</p>\n    <p class=\"print-only\">Printed from ");
    w.text(permalink);
    w.raw("</p>\n  </div>\n</footer>\n</body>\n</html>\n");
}

/// The `title` block.
fn title(w: &mut Out, view: &View) {
    let site = view.site;
    match &view.body {
        Body::Page { page, .. } => w.text(&page.title),
        Body::Section { home: true, .. } => {
            w.text(&site.title);
            return;
        }
        Body::Section { section, .. } => w.text(&section.title),
        Body::Taxonomy {
            term: Some((name, _)),
            ..
        } => {
            w.raw("Pages tagged “");
            w.text(name);
            w.raw("”");
        }
        Body::Taxonomy { term: None, .. } => w.raw("Tags"),
    }
    w.raw(" · ");
    w.text(&site.title);
}

/// The `description` block: the page's own, else the site's, else its title.
fn description(w: &mut Out, view: &View) {
    let site = view.site;
    let (own, title) = match &view.body {
        Body::Page { page, .. } => (page.description, page.title.as_str()),
        Body::Section { section, .. } => (section.description, section.title.as_str()),
        Body::Taxonomy {
            term: Some((name, _)),
            ..
        } => {
            w.raw("Pages tagged “");
            w.text(name);
            w.raw("” on ");
            w.text(&site.title);
            return;
        }
        Body::Taxonomy { term: None, .. } => {
            w.raw("All tags used on ");
            w.text(&site.title);
            return;
        }
    };
    match (own.filter(|d| !d.is_empty()), site.description.as_deref()) {
        (Some(own), _) => w.text(own),
        (None, Some(site)) if !site.is_empty() => w.text(site),
        _ => w.text(title),
    }
}

/// `page.html`'s `content` block.
fn page_content(w: &mut Out, site: &SiteContext, page: &PageContext, toc: &[TocEntry]) {
    w.raw("<article class=\"page\">");
    if let Some(section) = &page.section {
        breadcrumb(w, site, &section.url, &section.title);
    }
    w.raw("\n  <header class=\"page-header\">");
    if page.draft {
        w.raw("\n    <p class=\"draft-badge\">Draft: not published</p>");
    }
    w.raw("\n    <h1>");
    w.text(&page.title);
    w.raw("</h1>");
    if let Some(description) = page.description.filter(|d| !d.is_empty()) {
        w.raw("\n    <p class=\"lead\">");
        w.text(description);
        w.raw("</p>");
    }
    let any_meta = page.reviewed.is_some()
        || page.review_due.is_some()
        || page.date.is_some()
        || page.updated.is_some()
        || page.reading_minutes > 0
        || !page.tags.is_empty();
    if any_meta {
        w.raw("\n    <dl class=\"meta\">");
        if let Some(reviewed) = page.reviewed {
            w.raw("\n      <dt>Last reviewed</dt>\n      <dd>");
            w.date(reviewed);
            if let Some(by) = page.reviewed_by.filter(|by| !by.is_empty()) {
                w.raw(" by ");
                w.text(by);
            }
            w.raw("</dd>");
        }
        let dates = [
            ("Next review due", page.review_due),
            ("Published", page.date),
            ("Updated", page.updated),
        ];
        for (label, date) in dates {
            if let Some(date) = date {
                w.raw("\n      <dt>");
                w.raw(label);
                w.raw("</dt>\n      <dd>");
                w.date(date);
                w.raw("</dd>");
            }
        }
        if page.reading_minutes > 0 {
            w.raw("\n      <dt>Reading time</dt>\n      <dd>About ");
            w.count(page.reading_minutes, "minute");
            w.raw("</dd>");
        }
        if !page.tags.is_empty() {
            w.raw("\n      <dt>Tags</dt>\n      <dd>\n        <ul class=\"tags\">");
            for tag in &page.tags {
                w.raw("\n          <li>");
                w.link(&[&tag.url], &tag.name);
                w.raw("</li>");
            }
            w.raw("\n        </ul>\n      </dd>");
        }
        w.raw("\n    </dl>");
    }
    w.raw("\n  </header>");
    if shows_toc(toc) {
        w.raw("\n  <nav class=\"toc\" aria-labelledby=\"toc-title\">\n    <h2 id=\"toc-title\">On this page</h2>\n    <ol>");
        for entry in toc {
            w.raw("\n      <li>");
            w.link(&["#", &entry.id], &entry.title);
            if !entry.children.is_empty() {
                w.raw("\n        <ol>");
                for child in &entry.children {
                    w.raw("\n          <li>");
                    w.link(&["#", &child.id], &child.title);
                    w.raw("</li>");
                }
                w.raw("\n        </ol>");
            }
            w.raw("</li>");
        }
        if !page.references.is_empty() {
            w.raw("\n      <li><a href=\"#references\">References</a></li>");
        }
        w.raw("\n    </ol>\n  </nav>");
    }
    w.raw("\n  <div class=\"content\">\n");
    w.raw(page.content);
    w.raw("\n  </div>");
    references(w, &page.references);
    w.raw("\n</article>");
}

/// The breadcrumb of a page under `title` (at `url`), under Home.
fn breadcrumb(w: &mut Out, site: &SiteContext, url: &str, title: &str) {
    w.raw("\n  <nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n    <ol>\n      <li>");
    w.link(&[&site.base_path, "/"], "Home");
    w.raw("</li>\n      <li>");
    w.link(&[url], title);
    w.raw("</li>\n    </ol>\n  </nav>");
}

/// `references.html`.
fn references(w: &mut Out, references: &[crate::citations::references::Reference]) {
    if references.is_empty() {
        return;
    }
    w.raw("\n  <section class=\"references\" aria-labelledby=\"references\">\n    <h2 id=\"references\">References</h2>\n    <ol>");
    for reference in references {
        w.raw("\n      <li id=\"");
        w.text(&reference.id);
        w.raw("\"");
        if reference.retracted {
            w.raw(" class=\"retracted\"");
        }
        w.raw(">");
        w.raw(reference.html);
        w.raw("</li>");
    }
    w.raw("\n    </ol>\n  </section>");
}

/// The `content` block of `index.html` (`home`) and `section.html`, which differ in names
/// and classes only, and in what an empty section says.
fn section_content(
    w: &mut Out,
    section: &SectionContext,
    home: bool,
    pages: &[usize],
    builder: &Builder,
) {
    let (class, topics, listed, list_class, item) = if home {
        (
            "home",
            "Browse by topic",
            "Pages",
            "cards",
            "<li class=\"card\">",
        )
    } else {
        (
            "section",
            "Topics in this section",
            "Pages in this section",
            "entries",
            "<li>",
        )
    };
    w.raw("<article class=\"");
    w.raw(class);
    w.raw("\">\n  <header class=\"page-header\">\n    <h1>");
    w.text(&section.title);
    w.raw("</h1>");
    if let Some(description) = section.description.filter(|d| !d.is_empty()) {
        w.raw("\n    <p class=\"lead\">");
        w.text(description);
        w.raw("</p>");
    }
    w.raw("\n  </header>");
    if !section.content.is_empty() {
        w.raw("\n  <div class=\"content\">\n");
        w.raw(section.content);
        w.raw("\n  </div>");
    }
    references(w, &section.references);
    let open_list = |w: &mut Out, heading: &str| {
        w.raw("\n  <section class=\"listing\">\n    <h2>");
        w.raw(heading);
        w.raw("</h2>\n    <ul class=\"");
        w.raw(list_class);
        w.raw("\">");
    };
    if !section.subsections.is_empty() {
        open_list(w, topics);
        for sub in &section.subsections {
            w.raw("\n      ");
            w.raw(item);
            w.raw("\n        <h3>");
            w.link(&[&sub.url], &sub.title);
            w.raw("</h3>");
            if let Some(description) = sub.description.filter(|d| !d.is_empty()) {
                w.raw("\n        <p>");
                w.text(description);
                w.raw("</p>");
            }
            w.raw("\n        <p class=\"entry-meta\">");
            w.count(sub.page_count, "page");
            w.raw("</p>\n      </li>");
        }
        w.raw("\n    </ul>\n  </section>");
    }
    if !pages.is_empty() {
        open_list(w, listed);
        for &index in pages {
            w.raw("\n      ");
            w.raw(item);
            w.raw("\n        <h3>");
            entry(w, builder, index, "h3", "\n        ");
            w.raw("\n      </li>");
        }
        w.raw("\n    </ul>\n  </section>");
    }
    if !home && pages.is_empty() && section.subsections.is_empty() && section.content.is_empty() {
        w.raw("\n  <p>There is nothing in this section yet.</p>");
    }
    w.raw("\n</article>");
}

/// A listed page, as `section.pages` and `term.pages` show it: its linked title (the
/// opening heading tag already written), description and review date, each line after the
/// first starting with `indent`.
fn entry(w: &mut Out, builder: &Builder, index: usize, heading: &str, indent: &str) {
    let page = &builder.pages[index];
    w.link(&[builder.base_path(), &page.url], &page.title_ref());
    w.raw("</");
    w.raw(heading);
    w.raw(">");
    if let Some(description) = page.meta.description.as_deref().filter(|d| !d.is_empty()) {
        w.raw(indent);
        w.raw("<p>");
        w.text(description);
        w.raw("</p>");
    }
    if let Some(reviewed) = page.meta.reviewed {
        w.raw(indent);
        w.raw("<p class=\"entry-meta\">Last reviewed ");
        w.date(reviewed);
        w.raw("</p>");
    }
}

/// `taxonomy.html`'s `content` block.
fn taxonomy_content(
    w: &mut Out,
    site: &SiteContext,
    taxonomy: &TaxonomyContext,
    term: Option<(&str, &[usize])>,
    builder: &Builder,
) {
    w.raw("<article class=\"taxonomy\">");
    match term {
        Some((name, pages)) => {
            breadcrumb(w, site, &taxonomy.url, "Tags");
            w.raw("\n  <header class=\"page-header\">\n    <h1>Pages tagged “");
            w.text(name);
            w.raw("”</h1>\n    <p class=\"lead\">");
            w.count(pages.len(), "page");
            w.raw("</p>\n  </header>\n  <ul class=\"entries\">");
            for &index in pages {
                w.raw("\n    <li>\n      <h2>");
                entry(w, builder, index, "h2", "\n      ");
                w.raw("\n    </li>");
            }
            w.raw("\n  </ul>");
        }
        None => {
            w.raw("\n  <header class=\"page-header\">\n    <h1>Tags</h1>\n  </header>");
            if taxonomy.terms.is_empty() {
                w.raw("\n  <p>No pages have tags yet.</p>");
            } else {
                w.raw("\n  <ul class=\"term-list\">");
                for term in &taxonomy.terms {
                    w.raw("\n    <li>");
                    w.link(&[&term.url], &term.name);
                    w.raw(" <span class=\"count\">(");
                    w.count(term.page_count, "page");
                    w.raw(")</span></li>");
                }
                w.raw("\n  </ul>");
            }
        }
    }
    w.raw("\n</article>");
}

/// The output buffer, with Tera's escaping.
struct Out<'b>(&'b mut Vec<u8>);

impl Out<'_> {
    /// Template text, or a value the template marks `safe`.
    fn raw(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    /// A value, escaped as Tera escapes it in an `.html` template (with the same function).
    fn text(&mut self, text: &str) {
        // Writing to a `Vec` cannot fail.
        let _ =
            pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(&mut *self.0), text);
    }

    /// `<a href="…">…</a>`, the address written from `href`'s parts.
    fn link(&mut self, href: &[&str], text: &str) {
        self.raw("<a href=\"");
        for part in href {
            self.text(part);
        }
        self.raw("\">");
        self.text(text);
        self.raw("</a>");
    }

    /// `<time datetime="2026-01-05">5 January 2026</time>`.
    fn date(&mut self, date: Date) {
        let _ = write!(self.0, "<time datetime=\"{date}\">");
        self.text(&date.long());
        self.raw("</time>");
    }

    /// `3 pages`, `1 page`: `{{ n }} page{{ n | pluralize }}`.
    fn count(&mut self, n: usize, noun: &str) {
        let _ = write!(self.0, "{n} {noun}");
        if n != 1 {
            self.raw("s");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{build, BuildOptions};
    use std::path::Path;

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every output file of a build of `root`, by path.
    fn built(root: &Path, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        let options = BuildOptions {
            root: root.to_path_buf(),
            out: Some(out.to_path_buf()),
            drafts: true,
            ..BuildOptions::default()
        };
        let report = build(&options).unwrap();
        assert!(report.written, "{:?}", report.diagnostics);
        walkdir::WalkDir::new(out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(out).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// A site whose pages take every branch of the layouts: each description, date, tag,
    /// contents and reference case, a draft, sections full and empty, nested sections, a
    /// sub-path `base_url` and text that needs escaping. `rich` adds a site description and
    /// tags (without them, the tag index says there are none).
    fn site(root: &Path, rich: bool) {
        let site_description = if rich {
            "description: \"Site <&> 'd'\"\n"
        } else {
            ""
        };
        let tags = |list: &str| {
            if rich {
                format!("tags: [{list}]\n")
            } else {
                String::new()
            }
        };
        write(
            root,
            "site.yaml",
            &format!("title: \"Panel & <Co>\"\nbase_url: https://example.org/docs/\nlanguage: en-GB\n{site_description}"),
        );
        write(
            root,
            "references.yaml",
            "a:\n  pmid: \"8708565\"\n  title: \"IGF <one>\"\n  journal: \"J & J\"\n  year: 1996\n\
             b:\n  doi: \"10.1000/x\"\n  title: \"Withdrawn\"\n  retracted: true\n",
        );
        write(
            root,
            "content/_index.md",
            "---\ntitle: Home\n---\nWelcome.\n",
        );
        write(
            root,
            "content/compounds/_index.md",
            "---\ntitle: \"Compounds & co\"\ndescription: All\n---\nAn overview (PMID 8708565).\n",
        );
        write(
            root,
            "content/guides/_index.md",
            "---\ntitle: Guides\n---\n",
        );
        write(
            root,
            "content/guides/deep/_index.md",
            "---\ntitle: \"Deep <dive>\"\ndescription: \"Further & further\"\n---\n",
        );
        write(
            root,
            "content/guides/deep/x.md",
            "---\ntitle: X\nreviewed: 2024-09-30\n---\nx\n",
        );
        write(root, "content/empty/_index.md", "---\ntitle: Empty\n---\n");
        write(
            root,
            "content/compounds/full.md",
            &format!(
                "---\ntitle: \"Full <page> & 'quotes' \\\"x\\\"\"\ndescription: \"Lead & <b>\"\ndate: 2024-02-03\n\
                 updated: 2025-03-04\nreviewed: 2025-01-05\nreviewed_by: \"Dr <A> & B\"\n{}---\n\
                 Intro (PMID 8708565) and [@b].\n\n## First & <one>\n\nText.\n\n### Child `code`\n\nMore.\n\n## Second\n\n## Third {{#third}}\n",
                tags("\"a&b\", \"<t>\", plain")
            ),
        );
        write(
            root,
            "content/compounds/bare.md",
            "---\ntitle: Bare\ndescription: \"\"\n---\nNo headings, one [@a] citation.\n\n## Only one\n",
        );
        write(
            root,
            "content/compounds/draft.md",
            "---\ntitle: Draft\ndraft: true\nreviewed: 2020-01-01\nreviewed_by: \"\"\n---\nx\n",
        );
        write(
            root,
            "content/about.md",
            "---\ntitle: About\n---\n## A\n\n## B\n",
        );
        write(
            root,
            "content/guides/one.md",
            &format!("---\ntitle: One\n{}---\nOne minute.\n", tags("plain")),
        );
    }

    /// Builds the site `make` writes twice, laid out here and (with the theme's own files
    /// copied in as overrides) by Tera; requires identical output and that the first build
    /// did lay its pages out here (equal output alone would not show it). Returns the files.
    fn same_both_ways(make: impl Fn(&Path)) -> std::collections::BTreeMap<String, Vec<u8>> {
        let native = tempfile::tempdir().unwrap();
        make(native.path());
        let tera = tempfile::tempdir().unwrap();
        make(tera.path());
        for (name, text) in crate::templates::THEME {
            write(tera.path(), &format!("templates/{name}"), text);
        }
        let count = || crate::pipeline::NATIVE_LAYOUTS.load(std::sync::atomic::Ordering::Relaxed);
        let before = count();
        let ours = built(native.path(), &native.path().join("public"));
        let laid_out_here = count() - before;
        let theirs = built(tera.path(), &tera.path().join("public"));
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>()
        );
        for (file, bytes) in &ours {
            assert!(
                *bytes == theirs[file],
                "{file} differs:\n--- native\n{}\n--- tera\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&theirs[file])
            );
        }
        // Every HTML page but the 404 page (always Tera's).
        let pages = ours.keys().filter(|f| f.ends_with(".html")).count();
        assert!(
            laid_out_here >= pages - 1,
            "{laid_out_here} of {pages} laid out here"
        );
        ours
    }

    /// A site at a domain's root with no sections, no home page of its own and no tags:
    /// the navigation, the breadcrumb and the tag list are left out.
    #[test]
    fn a_bare_site_renders_byte_for_byte_too() {
        let ours = same_both_ways(|root| {
            write(
                root,
                "site.yaml",
                "title: Bare\nbase_url: https://example.org\n",
            );
            write(root, "content/one.md", "---\ntitle: One\n---\nText.\n");
            write(
                root,
                "content/two.md",
                "---\ntitle: Two\ndate: 2024-01-02\n---\n## A\n\n## B\n",
            );
        });
        let one = String::from_utf8_lossy(&ours["one/index.html"]).into_owned();
        assert!(
            !one.contains("site-nav") && !one.contains("breadcrumb"),
            "{one}"
        );
    }

    #[test]
    fn renders_byte_for_byte_as_the_theme_templates() {
        for rich in [true, false] {
            let ours = same_both_ways(|root| site(root, rich));
            let page = |file: &str| String::from_utf8_lossy(&ours[file]).into_owned();
            let shown = |file: &str, parts: &[&str]| {
                let text = page(file);
                for part in parts {
                    assert!(text.contains(part), "{file}: {part} not shown:\n{text}");
                }
            };
            shown(
                "compounds/full/index.html",
                &[
                    "Last reviewed",
                    " by Dr &lt;A&gt; &amp; B",
                    "<li id=\"ref-2\" class=\"retracted\">",
                    "<ol>\n          <li><a href=\"#child-code\">",
                    "<li><a href=\"#references\">References</a></li>",
                    "class=\"is-active\">Compounds &amp; co</a>",
                    "<title>Full &lt;page&gt;",
                ],
            );
            shown("compounds/draft/index.html", &["Draft: not published"]);
            assert!(!page("compounds/draft/index.html").contains(" by "));
            assert!(!page("compounds/bare/index.html").contains("class=\"toc\""));
            shown(
                "compounds/index.html",
                &[
                    "aria-current=\"page\"",
                    "id=\"ref-1\"",
                    "Pages in this section",
                ],
            );
            shown(
                "guides/index.html",
                &["Topics in this section", "Further &amp; further", "1 page<"],
            );
            shown(
                "empty/index.html",
                &["There is nothing in this section yet."],
            );
            shown("index.html", &["Browse by topic", "<li class=\"card\">"]);
            if rich {
                shown("tags/plain/index.html", &["2 pages", "Last reviewed"]);
                shown("tags/index.html", &["(1 page)", "(2 pages)"]);
            } else {
                shown("tags/index.html", &["No pages have tags yet."]);
            }
        }
    }

    /// [`super::files`] lists what each layout's theme file extends and includes, as the
    /// theme's own text says: a new partial in `base.html` must be added there.
    #[test]
    fn each_layout_lists_the_files_it_is_made_of() {
        let theme = |name: &str| {
            crate::templates::THEME
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| *text)
                .unwrap()
        };
        for layout in ["page.html", "index.html", "section.html", "taxonomy.html"] {
            let mut made_of = vec![layout];
            let mut i = 0;
            while let Some(name) = made_of.get(i).copied() {
                for tag in ["extends \"", "include \""] {
                    for (at, _) in theme(name).match_indices(tag) {
                        let rest = &theme(name)[at + tag.len()..];
                        let used = &rest[..rest.find('"').unwrap()];
                        if !made_of.contains(&used) {
                            made_of.push(used);
                        }
                    }
                }
                i += 1;
            }
            let mut listed = super::files(layout).to_vec();
            listed.sort_unstable();
            made_of.sort_unstable();
            assert_eq!(listed, made_of, "{layout}");
        }
    }
}
