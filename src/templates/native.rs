//! The built-in theme's page layout (`base.html` + `page.html` + `references.html`) written
//! out in Rust. Through Tera, a page's layout cost a sixth of a build: its context turned
//! into template values, interpreted, then freed, for each of 10,000 pages. This writes the
//! same bytes straight from [`PageContext`].
//!
//! It is used only while the site overrides none of those three files (then Tera renders
//! them, as always) and for pages that name no `template:`. The theme files stay the
//! source of truth: `renders_byte_for_byte_as_the_theme_templates` renders pages of every
//! shape both ways and requires identical output, so a change to one fails until the other
//! matches.

use super::context::{PageContext, SiteContext};
use crate::markdown::TocEntry;
use std::io::Write;

/// The theme files this replaces; a site that overrides any of them is rendered by Tera.
pub const REPLACES: &[&str] = &["base.html", "page.html", "references.html"];

/// What `page.html` receives besides `page`.
pub struct PageView<'a> {
    pub site: &'a SiteContext,
    pub page: &'a PageContext<'a>,
    pub toc: &'a [TocEntry],
    pub current_url: &'a str,
    pub permalink: &'a str,
}

/// Writes the page into `out` (emptied first), as `page.html` would.
pub fn page(view: &PageView, out: &mut Vec<u8>) {
    out.clear();
    let mut w = Out(out);
    let PageView {
        site,
        page,
        current_url,
        permalink,
        ..
    } = *view;
    w.raw("<!doctype html>\n<html lang=\"");
    w.text(&site.language);
    w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
    w.text(&page.title);
    w.raw(" · ");
    w.text(&site.title);
    w.raw("</title>\n<meta name=\"description\" content=\"");
    match (page.description, &site.description) {
        (Some(description), _) if !description.is_empty() => w.text(description),
        (_, Some(description)) if !description.is_empty() => w.text(description),
        _ => w.text(&page.title),
    }
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
    content(&mut w, view);
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

/// `page.html`'s `content` block.
fn content(w: &mut Out, view: &PageView) {
    let page = view.page;
    w.raw("<article class=\"page\">");
    if let Some(section) = &page.section {
        w.raw("\n  <nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n    <ol>\n      <li><a href=\"");
        w.text(&view.site.base_path);
        w.raw("/\">Home</a></li>\n      <li><a href=\"");
        w.text(&section.url);
        w.raw("\">");
        w.text(&section.title);
        w.raw("</a></li>\n    </ol>\n  </nav>");
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
            w.raw(&page.reading_minutes.to_string());
            w.raw(" minute");
            if page.reading_minutes != 1 {
                w.raw("s");
            }
            w.raw("</dd>");
        }
        if !page.tags.is_empty() {
            w.raw("\n      <dt>Tags</dt>\n      <dd>\n        <ul class=\"tags\">");
            for tag in &page.tags {
                w.raw("\n          <li><a href=\"");
                w.text(&tag.url);
                w.raw("\">");
                w.text(&tag.name);
                w.raw("</a></li>");
            }
            w.raw("\n        </ul>\n      </dd>");
        }
        w.raw("\n    </dl>");
    }
    w.raw("\n  </header>");
    if view.toc.len() >= 2 {
        w.raw("\n  <nav class=\"toc\" aria-labelledby=\"toc-title\">\n    <h2 id=\"toc-title\">On this page</h2>\n    <ol>");
        for entry in view.toc {
            w.raw("\n      <li><a href=\"#");
            w.text(&entry.id);
            w.raw("\">");
            w.text(&entry.title);
            w.raw("</a>");
            if !entry.children.is_empty() {
                w.raw("\n        <ol>");
                for child in &entry.children {
                    w.raw("\n          <li><a href=\"#");
                    w.text(&child.id);
                    w.raw("\">");
                    w.text(&child.title);
                    w.raw("</a></li>");
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
    if !page.references.is_empty() {
        w.raw("\n  <section class=\"references\" aria-labelledby=\"references\">\n    <h2 id=\"references\">References</h2>\n    <ol>");
        for reference in &page.references {
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

    /// `<time datetime="2026-01-05">5 January 2026</time>`.
    fn date(&mut self, date: crate::content::Date) {
        let _ = write!(self.0, "<time datetime=\"{date}\">");
        self.text(&date.long());
        self.raw("</time>");
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
            base_url: None,
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

    /// A site whose pages take every branch of the layout: each description, date, tag,
    /// contents and reference case, a draft, a sub-path `base_url`, text that needs
    /// escaping, and pages in and out of sections.
    fn site(root: &Path, description: bool) {
        let site_description = if description {
            "description: \"Site <&> 'd'\"\n"
        } else {
            ""
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
            "---\ntitle: \"Compounds & co\"\ndescription: All\n---\n",
        );
        write(
            root,
            "content/guides/_index.md",
            "---\ntitle: Guides\n---\n",
        );
        write(
            root,
            "content/compounds/full.md",
            "---\ntitle: \"Full <page> & 'quotes' \\\"x\\\"\"\ndescription: \"Lead & <b>\"\ndate: 2024-02-03\n\
             updated: 2025-03-04\nreviewed: 2025-01-05\nreviewed_by: \"Dr <A> & B\"\ntags: [\"a&b\", \"<t>\", plain]\n---\n\
             Intro (PMID 8708565) and [@b].\n\n## First & <one>\n\nText.\n\n### Child `code`\n\nMore.\n\n## Second\n\n## Third {#third}\n",
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
            "---\ntitle: One\ntags: [plain]\n---\nOne minute.\n",
        );
    }

    #[test]
    fn renders_byte_for_byte_as_the_theme_templates() {
        for description in [true, false] {
            let native = tempfile::tempdir().unwrap();
            site(native.path(), description);
            // The same site with the theme's own files copied in: a site that overrides them
            // is rendered by Tera.
            let tera = tempfile::tempdir().unwrap();
            site(tera.path(), description);
            for name in super::REPLACES {
                let (_, text) = crate::templates::THEME
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap();
                write(tera.path(), &format!("templates/{name}"), text);
            }
            let ours = built(native.path(), &native.path().join("public"));
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
            let page = |file: &str| String::from_utf8_lossy(&ours[file]).into_owned();
            let full = page("compounds/full/index.html");
            for shown in [
                "Last reviewed",
                " by Dr &lt;A&gt; &amp; B",
                "<li id=\"ref-2\" class=\"retracted\">",
                "<ol>\n          <li><a href=\"#child-code\">",
                "<li><a href=\"#references\">References</a></li>",
                "class=\"is-active\">Compounds &amp; co</a>",
                "<title>Full &lt;page&gt;",
            ] {
                assert!(full.contains(shown), "{shown} not shown:\n{full}");
            }
            let draft = page("compounds/draft/index.html");
            assert!(draft.contains("Draft: not published") && !draft.contains(" by "));
            assert!(!page("compounds/bare/index.html").contains("class=\"toc\""));
            // The first site was laid out here, the second by Tera.
            let uses_native = |root: &Path| {
                crate::templates::Templates::load(root)
                    .map_err(|_| ())
                    .unwrap()
                    .theme_page_is_built_in()
            };
            assert!(uses_native(native.path()) && !uses_native(tera.path()));
        }
    }
}
