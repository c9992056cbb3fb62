//! `check` knows most pages the built-in theme lays out without writing their HTML (their
//! ids from their headings, their links from their Markdown; see `pipeline::render`). These
//! tests hold it to what reading every page back finds, as a build does.

use crate::fixture::fixture_dir;
use panelpress::diagnostics::Diagnostic;
use panelpress::pipeline::{check, CheckOptions, CHECKED_WITHOUT_HTML};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// `check` of `root`, knowing pages without their HTML or (`read_html`) reading all back:
/// its findings and page count, or its failure as the user would read it.
fn checked(root: &Path, read_html: bool) -> Result<(Vec<Diagnostic>, usize), String> {
    let report = check(&CheckOptions {
        root: root.to_path_buf(),
        today: panelpress::content::Date::parse("2026-01-15").expect("a date"),
        changed_since: None,
        external: false,
        disposal: Default::default(),
        read_html,
    })
    .map_err(|failure| failure.to_string())?;
    Ok((report.diagnostics, report.pages))
}

/// The findings of `check` of `root`, after asserting that reading every page back finds
/// the same.
#[track_caller]
fn the_same_both_ways(root: &Path) -> Vec<Diagnostic> {
    let without = checked(root, false);
    assert_eq!(without, checked(root, true), "{}", root.display());
    without.expect("the site checks").0
}

/// Every fixture site and the project's own: broken links, missing anchors, raw HTML,
/// footnotes, references, own templates, sections with and without text, tags.
fn every_site() -> Vec<PathBuf> {
    let fixtures = fixture_dir("");
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.join("content").is_dir())
        .collect();
    sites.sort();
    sites.push(Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf());
    sites
}

/// Guards the HTML-free check: on every site, the same findings at the same places as when
/// every page is laid out and read back, and the HTML-free path did run.
#[test]
fn check_finds_the_same_without_html() {
    let before = CHECKED_WITHOUT_HTML.load(Ordering::Relaxed);
    let mut compared = 0;
    for root in every_site() {
        let without = checked(&root, false);
        let read_back = checked(&root, true);
        assert_eq!(without, read_back, "{}", root.display());
        if let Ok((findings, _)) = &without {
            compared += findings.len();
        }
    }
    assert!(compared > 100, "only {compared} findings compared");
    let known = CHECKED_WITHOUT_HTML.load(Ordering::Relaxed) - before;
    assert!(known > 50, "only {known} pages checked without their HTML");
}

/// The fixture made for this path reports what only a page's HTML shows, as a build would:
/// ids the theme writes (contents list, references, main text) where it writes them, a
/// raw HTML link split over lines, and addresses in reference lists that are not web
/// addresses. The findings compared above are these.
#[test]
fn what_only_the_html_shows_is_still_reported() {
    let (findings, _) =
        checked(&fixture_dir("check-without-html"), false).expect("the fixture checks");
    let found = |file: &str, line: usize, code: &str| {
        findings
            .iter()
            .any(|f| f.file == file && f.line == line && f.code.as_str() == code)
    };
    for (file, line, code) in [
        ("content/_index.md", 8, "link/missing-anchor"),
        ("content/compounds/_index.md", 8, "link/missing-anchor"),
        ("content/compounds/plain.md", 13, "link/missing-anchor"),
        ("content/compounds/plain.md", 14, "link/missing-anchor"),
        ("content/compounds/plain.md", 16, "link/missing-anchor"),
        ("content/compounds/notes.md", 9, "link/missing-anchor"),
        ("content/guides/one.md", 8, "link/missing-anchor"),
        ("public/compounds/raw/index.html", 48, "link/broken"),
        ("public/compounds/leaflet/index.html", 52, "link/broken"),
        ("public/compounds/leaflet/index.html", 53, "link/broken"),
        ("public/compounds/leaflet/index.html", 54, "link/malformed"),
    ] {
        assert!(
            found(file, line, code),
            "{file}:{line} {code} not in {findings:#?}"
        );
    }
    // Anchors that are there: the theme's, raw HTML's, a footnote's, another page's.
    let lines_of = |file: &str| -> Vec<usize> {
        findings
            .iter()
            .filter(|f| f.file == file)
            .map(|f| f.line)
            .collect()
    };
    assert_eq!(
        lines_of("content/compounds/plain.md"),
        [8, 13, 14, 16, 20],
        "{findings:#?}"
    );
    assert_eq!(lines_of("content/about.md"), Vec::<usize>::new());
    // Citations in headings are numbered (`#ref-2` is there) and checked: the retracted
    // source cited in the second heading is reported there.
    assert_eq!(
        lines_of("content/compounds/titled.md"),
        [9],
        "{findings:#?}"
    );
}

/// The theme writes section, page and canonical addresses as they are: a folder named `C#`
/// or `my notes` makes links that break (`/c#/` reads as `/c` and an anchor) or are
/// malformed (a space). `check` then reads every page back, as a build does, and reports
/// them, where knowing pages without their HTML would have passed them.
#[test]
fn a_site_whose_urls_the_theme_cannot_write_plainly_is_read_back() {
    let site = crate::fixture::Site::new("check-without-html");
    site.write(
        "content/c#/x.md",
        "---\ntitle: C sharp\ndescription: A section named with a hash.\n---\n## One\n\n## Two\n",
    );
    site.write(
        "content/my notes/y.md",
        "---\ntitle: Notes\ndescription: A section named with a space.\n---\nText.\n",
    );
    let findings = the_same_both_ways(&site.root);
    let broken = |code: &str, needle: &str| {
        findings
            .iter()
            .any(|f| f.code.as_str() == code && f.message.contains(needle))
    };
    assert!(broken("link/broken", "`/docs/c#/`"), "{findings:#?}");
    assert!(
        broken("link/malformed", "contains a space"),
        "{findings:#?}"
    );
}

/// A site whose address the link checks fault (`https://intranet/`: no domain) writes that
/// address into every page's canonical link: `check` reads the pages back and reports
/// each, as a build does.
#[test]
fn a_site_whose_address_is_faulted_is_read_back() {
    let site = crate::fixture::Site::new("minimal");
    site.write(
        "site.yaml",
        "title: Intranet\nbase_url: https://intranet/\n",
    );
    let findings = the_same_both_ways(&site.root);
    let canonical = findings
        .iter()
        .filter(|f| f.code.as_str() == "link/malformed" && f.message.contains("`intranet`"))
        .count();
    assert!(canonical >= 3, "{findings:#?}");
}
