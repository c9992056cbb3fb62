//! Front matter that cannot be read as written: an unknown key is `meta/unknown-key` (a
//! typo never switches a rule off), and such a page, or one with a wrongly typed key, is
//! reported and left out while every other page is still rendered and checked.

use crate::findings::{check, Checked};
use crate::fixture::Site;

/// Each finding as `file:line:column severity code: message (help)`, for a snapshot.
fn lines(checked: &Checked) -> String {
    let lines: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}: {} (help: {})",
                f.file,
                f.line,
                f.column,
                f.severity,
                f.code,
                f.message,
                f.help.as_deref().unwrap_or("-")
            )
        })
        .collect();
    format!("pages: {}\n{}", checked.pages, lines.join("\n"))
}

/// Guards against a typo switching a rule off: `no_dose_figure`, `reveiwed` and a custom
/// key outside `extra:` are each reported at their line, with the nearest known key; the
/// page is left out (its dose figure is not judged under a policy it failed to state), and
/// links to it, with a fragment or by address, are not reported as broken too. A page
/// keeping its own values under `extra:` is clean.
#[test]
fn unknown_front_matter_keys_are_errors_with_the_nearest_key() {
    let checked = check(&Site::new("meta-unknown-key"), &[]);
    assert_eq!(checked.with_code("meta/unknown-key").len(), 3);
    checked.expect_clean("content/custom.md");
    insta::assert_snapshot!(lines(&checked));
}

/// Guards against one bad page hiding the site: `tags: bpc-157` (text, not a list),
/// `draft: maybe` and a typo on a page with a `slug` are reported, and the other pages are
/// still checked (their broken link and uncited figure are found), while links to the pages
/// left out resolve, by file, by address and by the slug's address.
#[test]
fn one_bad_page_never_hides_the_others() {
    let checked = check(&Site::new("one-bad-page"), &[]);
    assert!(checked.pages > 0, "pages were checked");
    assert_eq!(checked.with_code("meta/invalid").len(), 2);
    assert_eq!(checked.with_code("meta/unknown-key").len(), 1);
    assert_eq!(checked.with_code("link/broken").len(), 1);
    insta::assert_snapshot!(lines(&checked));
}

/// Guards `build --allow-errors` on a site with a page left out: the other pages are
/// written, the bad page is not, and the build still exits 1.
#[test]
fn a_page_left_out_is_not_written_by_a_preview_build() {
    let site = Site::new("one-bad-page");
    site.build(&["--allow-errors"])
        .expect_code(1)
        .expect_stderr("meta/invalid");
    assert!(site.exists("guides/reading-labels/index.html"));
    assert!(!site.exists("bpc-157/index.html"));
    assert!(!site.exists("guides/draft-flag/index.html"));
}
